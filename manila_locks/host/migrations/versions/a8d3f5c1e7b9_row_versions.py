"""A row_version on every table whose rows the service locks for update.

On a Galera cluster a row lock (SELECT ... FOR UPDATE) holds only on the
node that took it; transactions on different nodes meet only at commit,
where certification compares the rows each one wrote. Bumping row_version
when a row is locked for update makes the lock a write, so two
transactions that lock one row on different nodes conflict there as they
would wait for each other on one server (manila_locks/db/row_locks.py).

Revision ID: a8d3f5c1e7b9
Revises: f1a7c3e95b20
Create Date: 2026-12-02 19:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'a8d3f5c1e7b9'
down_revision = 'f1a7c3e95b20'
branch_labels = None
depends_on = None

# Frozen: the tables as of this revision.
TABLES = ('shares', 'share_access_rules', 'share_transfers',
          'resource_locks')


def upgrade():
    for table in TABLES:
        # A constant default: an instant ADD COLUMN on MariaDB 10.3+ and
        # PostgreSQL 11+, however many rows the table holds.
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('row_version', sa.Integer(),
                                       nullable=False, server_default='0'))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('row_version')
