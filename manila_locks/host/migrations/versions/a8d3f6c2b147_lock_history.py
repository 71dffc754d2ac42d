"""Lock provenance and the lock history.

resource_locks gains who placed each lock and from which request (the
acting user and project, the service user and project of a service token,
the request id and the caller's global request id); locks placed before
this revision keep NULL there. resource_lock_events holds one row per
thing that happened to a lock (placed, changed, removed, released by an
unrestricted deny, removed with its resource, refused an action, expired).

Revision ID: a8d3f6c2b147
Revises: a8d3f5c1e7b9
Create Date: 2026-12-02 19:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = 'a8d3f6c2b147'
down_revision = 'a8d3f5c1e7b9'
branch_labels = None
depends_on = None

# Frozen, as in the earlier revisions.
_TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
_PROVENANCE = (('placed_by_user_id', 255), ('placed_by_project_id', 255),
               ('service_user_id', 255), ('service_project_id', 255),
               ('request_id', 64), ('global_request_id', 64))
_INDEXES = (
    ('resource_lock_events_lock_idx', ['lock_id', 'created_at']),
    ('resource_lock_events_resource_idx', ['resource_id', 'created_at']),
    ('resource_lock_events_request_idx', ['request_id']),
    ('resource_lock_events_global_request_idx', ['global_request_id']),
    ('resource_lock_events_project_idx', ['lock_project_id', 'created_at']),
    ('resource_lock_events_resource_project_idx',
     ['resource_project_id', 'created_at']),
    ('resource_lock_events_created_idx', ['created_at']),
)


def _string(name, length, nullable=True):
    return sa.Column(name, sa.String(length), nullable=nullable)


def upgrade():
    # Plain ADD COLUMN of nullable columns: no table copy on any backend.
    for name, length in _PROVENANCE:
        op.add_column('resource_locks', _string(name, length))
    op.create_table(
        'resource_lock_events',
        sa.Column('id', sa.String(36), primary_key=True, nullable=False),
        sa.Column('created_at', _TIMESTAMP, nullable=False),
        _string('event', 32, nullable=False),
        _string('operation', 64),
        _string('lock_id', 36, nullable=False),
        _string('lock_user_id', 255, nullable=False),
        _string('lock_project_id', 255, nullable=False),
        _string('lock_context', 16, nullable=False),
        _string('resource_project_id', 255, nullable=False),
        _string('resource_id', 36, nullable=False),
        _string('resource_type', 16, nullable=False),
        _string('resource_action', 16, nullable=False),
        _string('user_id', 255),
        _string('project_id', 255),
        _string('requester_context', 16),
        _string('service_user_id', 255),
        _string('service_project_id', 255),
        _string('request_id', 64),
        _string('global_request_id', 64),
        sa.Column('before', sa.Text, nullable=True),
        sa.Column('after', sa.Text, nullable=True),
        mysql_engine='InnoDB', mysql_charset='utf8mb4',
    )
    for name, columns in _INDEXES:
        op.create_index(name, 'resource_lock_events', columns)


def downgrade():
    op.drop_table('resource_lock_events')
    with op.batch_alter_table('resource_locks') as batch:
        for name, _ in reversed(_PROVENANCE):
            batch.drop_column(name)
