"""resource_locks_expires_idx holds only the locks that have an expiry.

The index serves one question, which locks have expired
(`manila-locks-manage locks expire`), and only locks with an expiry can
answer it. Holding every lock, it misled SQLite's planner into reading all
live locks for a project's lock list and its count: SQLite's statistics
say a value of `deleted` matches ~10 rows (a soft-deleted lock stores its
own id there), so a skip-scan of this index for deleted = 'False' looked
cheaper than the project indexes, and the list cost grew with the table.
Partial (WHERE expires_at IS NOT NULL) on SQLite and PostgreSQL; MySQL and
MariaDB have no partial indexes and keep the index as it is.

Revision ID: 4e7a2c9d1b58
Revises: b6e04d7a9c31
Create Date: 2026-12-03 14:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '4e7a2c9d1b58'
down_revision = 'b6e04d7a9c31'
branch_labels = None
depends_on = None

# Frozen, as in the earlier revisions.
_INDEX = 'resource_locks_expires_idx'
_COLUMNS = ['expires_at', 'deleted']
_PARTIAL = ('sqlite', 'postgresql')


def _recreate(**where):
    if op.get_bind().dialect.name not in _PARTIAL:
        return
    op.drop_index(_INDEX, table_name='resource_locks')
    op.create_index(_INDEX, 'resource_locks', _COLUMNS, **where)


def upgrade():
    expiring = sa.text('expires_at IS NOT NULL')
    _recreate(sqlite_where=expiring, postgresql_where=expiring)


def downgrade():
    _recreate()
