"""Share transfers (microversion 2.77).

Revision ID: 7b4e2c91d5a0
Revises: e3591680e573
Create Date: 2026-11-23 23:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '7b4e2c91d5a0'
down_revision = 'e3591680e573'
branch_labels = None
depends_on = None

# Frozen, as in the initial revision.
TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
LIVE = 'False'


def upgrade():
    op.create_table(
        'share_transfers',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('display_name', sa.String(255), nullable=True),
        sa.Column('resource_type', sa.String(255), nullable=False),
        sa.Column('resource_id', sa.String(36), sa.ForeignKey('shares.id'),
                  nullable=False),
        sa.Column('source_project_id', sa.String(255), nullable=False),
        sa.Column('destination_project_id', sa.String(255), nullable=True),
        sa.Column('salt', sa.String(255), nullable=False),
        sa.Column('crypt_hash', sa.String(255), nullable=False),
        sa.Column('expires_at', TIMESTAMP, nullable=False),
        sa.Column('accepted', sa.Boolean, nullable=False),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('updated_at', TIMESTAMP, nullable=True),
        sa.Column('deleted_at', TIMESTAMP, nullable=True),
        sa.Column('deleted', sa.String(36), nullable=False,
                  server_default=LIVE),
        sa.Index('share_transfers_project_idx', 'source_project_id',
                 'deleted', 'created_at'),
        sa.Index('share_transfers_resource_idx', 'resource_id', 'deleted'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')


def downgrade():
    op.drop_table('share_transfers')
