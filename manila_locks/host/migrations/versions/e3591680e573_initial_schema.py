"""Initial schema and the default share type.

Resource locks and the reference host's tables, plus the share type
`default` that share creation falls back to.

Revision ID: e3591680e573
Revises:
Create Date: 2026-11-23 00:00:00
"""
import datetime
import uuid

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = 'e3591680e573'
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of manila_locks.db.base's conventions: a migration must keep
# creating what it created the day it shipped, whatever the models become.
TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
LIVE = 'False'
MYSQL_OPTIONS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}

# Children before parents, so downgrade can drop in this order.
TABLES = ('share_access_rule_metadata', 'share_access_rules',
          'share_metadata', 'share_export_locations', 'shares',
          'share_type_projects', 'share_type_extra_specs', 'share_types',
          'resource_locks')

DEFAULT_SHARE_TYPE = 'default'
DEFAULT_EXTRA_SPECS = {'driver_handles_share_servers': 'False',
                       'snapshot_support': 'False'}


def _timestamps():
    return [sa.Column('created_at', TIMESTAMP, nullable=False),
            sa.Column('updated_at', TIMESTAMP, nullable=True)]


def _soft_delete():
    return [sa.Column('deleted_at', TIMESTAMP, nullable=True),
            sa.Column('deleted', sa.String(36), nullable=False,
                      server_default=LIVE)]


def _uuid_pk():
    return sa.Column('id', sa.String(36), primary_key=True)


def _int_pk():
    return sa.Column('id', sa.Integer, primary_key=True, autoincrement=True)


def _fk(name, target, **kw):
    return sa.Column(name, sa.String(36), sa.ForeignKey(target),
                     nullable=False, **kw)


def upgrade():
    _create_resource_locks()
    _create_share_types()
    _create_shares()
    _create_access_rules()
    _seed_default_share_type()


def downgrade():
    for table in TABLES:
        op.drop_table(table)


def _create_resource_locks():
    op.create_table(
        'resource_locks',
        _uuid_pk(),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('resource_project_id', sa.String(255), nullable=False),
        sa.Column('lock_context', sa.String(16), nullable=False),
        sa.Column('resource_id', sa.String(36), nullable=False),
        sa.Column('resource_type', sa.String(16), nullable=False),
        sa.Column('resource_action', sa.String(16), nullable=False),
        sa.Column('lock_reason', sa.String(1023), nullable=True),
        sa.Column('parent_lock_id', sa.String(36), nullable=True),
        sa.Column('visibility_guard', sa.String(36), nullable=True),
        *_timestamps(), *_soft_delete(),
        sa.UniqueConstraint('visibility_guard',
                            name='resource_locks_one_visibility_lock'),
        **MYSQL_OPTIONS)
    op.create_index('resource_locks_resource_action_idx', 'resource_locks',
                    ['resource_id', 'resource_action', 'deleted'])
    op.create_index('resource_locks_project_created_idx', 'resource_locks',
                    ['project_id', 'deleted', 'created_at'])
    op.create_index('resource_locks_resource_project_idx', 'resource_locks',
                    ['resource_project_id', 'deleted', 'created_at'])
    op.create_index('resource_locks_parent_idx', 'resource_locks',
                    ['parent_lock_id'])


def _create_share_types():
    op.create_table(
        'share_types',
        _uuid_pk(),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.String(255), nullable=True),
        sa.Column('is_public', sa.Boolean, nullable=False),
        *_timestamps(), *_soft_delete(),
        sa.UniqueConstraint('name', 'deleted', name='share_types_name_uc'),
        **MYSQL_OPTIONS)
    op.create_table(
        'share_type_extra_specs',
        _int_pk(),
        _fk('share_type_id', 'share_types.id'),
        sa.Column('spec_key', sa.String(255), nullable=False),
        sa.Column('spec_value', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('share_type_id', 'spec_key',
                            name='share_type_extra_specs_key_uc'),
        **MYSQL_OPTIONS)
    op.create_table(
        'share_type_projects',
        _int_pk(),
        _fk('share_type_id', 'share_types.id'),
        sa.Column('project_id', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('share_type_id', 'project_id',
                            name='share_type_projects_uc'),
        **MYSQL_OPTIONS)


def _create_shares():
    op.create_table(
        'shares',
        _uuid_pk(),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('display_name', sa.String(255), nullable=True),
        sa.Column('display_description', sa.String(255), nullable=True),
        sa.Column('size', sa.Integer, nullable=False),
        sa.Column('share_proto', sa.String(255), nullable=False),
        _fk('share_type_id', 'share_types.id'),
        sa.Column('status', sa.String(255), nullable=False),
        sa.Column('availability_zone', sa.String(255), nullable=True),
        sa.Column('is_public', sa.Boolean, nullable=False),
        sa.Column('snapshot_id', sa.String(36), nullable=True),
        sa.Column('share_network_id', sa.String(36), nullable=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('access_rules_status', sa.String(255), nullable=False),
        sa.Column('task_state', sa.String(255), nullable=True),
        sa.Column('is_soft_deleted', sa.Boolean, nullable=False),
        sa.Column('scheduled_to_be_deleted_at', TIMESTAMP, nullable=True),
        sa.Column('mount_point_name', sa.String(255), nullable=True),
        *_timestamps(), *_soft_delete(),
        **MYSQL_OPTIONS)
    op.create_index('shares_project_idx', 'shares',
                    ['project_id', 'deleted', 'created_at'])
    op.create_table(
        'share_metadata',
        _int_pk(),
        _fk('share_id', 'shares.id'),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(1023), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('share_id', 'key', name='share_metadata_key_uc'),
        **MYSQL_OPTIONS)
    op.create_table(
        'share_export_locations',
        _uuid_pk(),
        _fk('share_id', 'shares.id'),
        sa.Column('share_instance_id', sa.String(36), nullable=False),
        sa.Column('path', sa.String(2000), nullable=False),
        sa.Column('preferred', sa.Boolean, nullable=False),
        sa.Column('is_admin_only', sa.Boolean, nullable=False),
        *_timestamps(),
        **MYSQL_OPTIONS)
    op.create_index('ix_share_export_locations_share_id',
                    'share_export_locations', ['share_id'])


def _create_access_rules():
    op.create_table(
        'share_access_rules',
        _uuid_pk(),
        _fk('share_id', 'shares.id'),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('access_type', sa.String(255), nullable=False),
        sa.Column('access_to', sa.String(255), nullable=False),
        sa.Column('access_level', sa.String(2), nullable=False),
        sa.Column('access_key', sa.String(255), nullable=True),
        sa.Column('state', sa.String(255), nullable=False),
        *_timestamps(), *_soft_delete(),
        **MYSQL_OPTIONS)
    op.create_index('share_access_rules_share_idx', 'share_access_rules',
                    ['share_id', 'deleted'])
    op.create_table(
        'share_access_rule_metadata',
        _int_pk(),
        _fk('access_id', 'share_access_rules.id'),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(1023), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('access_id', 'key',
                            name='share_access_rule_metadata_key_uc'),
        **MYSQL_OPTIONS)


def _seed_default_share_type():
    # The share type used when a create request names none
    # ([DEFAULT] default_share_type); a fresh install must work out of the box.
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    type_id = str(uuid.uuid4())
    share_types = sa.table(
        'share_types', sa.column('id', sa.String),
        sa.column('name', sa.String), sa.column('is_public', sa.Boolean),
        sa.column('created_at', TIMESTAMP), sa.column('deleted', sa.String))
    extra_specs = sa.table(
        'share_type_extra_specs', sa.column('share_type_id', sa.String),
        sa.column('spec_key', sa.String), sa.column('spec_value', sa.String),
        sa.column('created_at', TIMESTAMP))
    op.bulk_insert(share_types, [{'id': type_id, 'name': DEFAULT_SHARE_TYPE,
                                  'is_public': True, 'created_at': now,
                                  'deleted': LIVE}])
    op.bulk_insert(extra_specs, [
        {'share_type_id': type_id, 'spec_key': key, 'spec_value': value,
         'created_at': now} for key, value in DEFAULT_EXTRA_SPECS.items()])
