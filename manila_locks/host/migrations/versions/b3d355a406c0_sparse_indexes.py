"""Two indexes hold only the rows that have a value.

resource_locks_parent_idx (parent_lock_id: set on a companion lock only)
and resource_lock_events_global_request_idx (global_request_id: set only
when the caller sent one) answer only "which rows have this value", and
NULL is never asked for. Holding every row, each placed lock wrote a leaf
page of each of them for a NULL that nothing reads: on SQLite two of the
~17 pages a lock create's commit writes to the WAL and syncs (2.6% of its
CPU in process). Partial (WHERE ... IS NOT NULL) on SQLite and
PostgreSQL, whose planners prove it from "= value" and "IN (...)"; MySQL
and MariaDB have no partial indexes and keep the indexes as they are.

Revision ID: b3d355a406c0
Revises: 4e7a2c9d1b58
Create Date: 2026-12-05 22:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b3d355a406c0'
down_revision = '4e7a2c9d1b58'
branch_labels = None
depends_on = None

# Frozen, as in the earlier revisions: (index, table, column).
_INDEXES = (
    ('resource_locks_parent_idx', 'resource_locks', 'parent_lock_id'),
    ('resource_lock_events_global_request_idx', 'resource_lock_events',
     'global_request_id'),
)
_PARTIAL = ('sqlite', 'postgresql')


def _recreate(partial):
    if op.get_bind().dialect.name not in _PARTIAL:
        return
    for name, table, column in _INDEXES:
        where = {}
        if partial:
            present = sa.text('%s IS NOT NULL' % column)
            where = {'sqlite_where': present, 'postgresql_where': present}
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], **where)


def upgrade():
    _recreate(partial=True)


def downgrade():
    _recreate(partial=False)
