"""Availability zones and user messages.

availability_zones keeps the id and creation time GET /v2/availability-zones
reports for the configured zone; messages holds the user messages of GET
/v2/messages (microversion 2.37), recorded when a share or its access
rules go to error.

Revision ID: f1a7c3e95b20
Revises: d5b2e1f3a9c4
Create Date: 2026-11-27 09:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = 'f1a7c3e95b20'
down_revision = 'd5b2e1f3a9c4'
branch_labels = None
depends_on = None

# Frozen, as in the earlier revisions.
TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
MYSQL_OPTIONS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _timestamps():
    return [sa.Column('created_at', TIMESTAMP, nullable=False),
            sa.Column('updated_at', TIMESTAMP, nullable=True)]


def upgrade():
    op.create_table(
        'availability_zones',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('name', name='availability_zones_name_uc'),
        **MYSQL_OPTIONS)
    op.create_table(
        'messages',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('request_id', sa.String(255), nullable=True),
        sa.Column('resource_type', sa.String(255), nullable=True),
        sa.Column('resource_id', sa.String(36), nullable=True),
        sa.Column('action_id', sa.String(10), nullable=False),
        sa.Column('detail_id', sa.String(10), nullable=True),
        sa.Column('message_level', sa.String(255), nullable=False),
        sa.Column('expires_at', TIMESTAMP, nullable=False),
        *_timestamps(),
        sa.Index('messages_project_idx', 'project_id', 'created_at'),
        sa.Index('messages_expires_idx', 'expires_at'),
        **MYSQL_OPTIONS)


def downgrade():
    op.drop_table('messages')
    op.drop_table('availability_zones')
