"""Locks with a lifetime: expiry, retention mode and legal hold.

resource_locks gains expires_at (NULL: no expiry), retention_mode
(governance or compliance), binding_from (the end of a compliance
retention's cooling-off period) and the legal hold (when, why, by whom),
all nullable, and an index for `manila-locks-manage locks expire`.

Revision ID: b6e04d7a9c31
Revises: a8d3f6c2b147
Create Date: 2026-12-03 08:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = 'b6e04d7a9c31'
down_revision = 'a8d3f6c2b147'
branch_labels = None
depends_on = None

# Frozen, as in the earlier revisions.
_TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
_COLUMNS = (('expires_at', _TIMESTAMP), ('retention_mode', sa.String(16)),
            ('binding_from', _TIMESTAMP), ('legal_hold_at', _TIMESTAMP),
            ('legal_hold_reason', sa.String(1023)),
            ('legal_hold_user_id', sa.String(255)))
_INDEX = 'resource_locks_expires_idx'


def upgrade():
    # Plain ADD COLUMN of nullable columns: no table copy on any backend.
    for name, type_ in _COLUMNS:
        op.add_column('resource_locks', sa.Column(name, type_,
                                                  nullable=True))
    op.create_index(_INDEX, 'resource_locks', ['expires_at', 'deleted'])


def downgrade():
    op.drop_index(_INDEX, table_name='resource_locks')
    with op.batch_alter_table('resource_locks') as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
