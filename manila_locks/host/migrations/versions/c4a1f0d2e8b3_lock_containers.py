"""Locks know their container; every rule deletion lock has its companion.

A share's removal refuses while a deletion lock guards the share *or any of
its access rules*. ``container_id`` (the share a lock's resource is, or
belongs to) lets that be one indexed lookup, however the locks were placed.

Existing rows are filled in from the access rules, and a rule deletion lock
placed through ``POST /resource-locks`` before this revision (which placed
no companion share lock) gets its companion now, so every rule deletion
lock has exactly one.

Revision ID: c4a1f0d2e8b3
Revises: 7b4e2c91d5a0
Create Date: 2026-12-02 15:00:00
"""
import datetime
import logging
import uuid

from alembic import op
import sqlalchemy as sa

revision = 'c4a1f0d2e8b3'
down_revision = '7b4e2c91d5a0'
branch_labels = None
depends_on = None

LIVE = 'False'
LOG = logging.getLogger('alembic.runtime.migration')
COMPANION_REASON = 'Locked by access lock: %(lock_id)s'


def upgrade():
    with op.batch_alter_table('resource_locks') as batch:
        batch.add_column(sa.Column('container_id', sa.String(36),
                                   nullable=True))
    op.execute(sa.text("""
        UPDATE resource_locks SET container_id = COALESCE(
          (SELECT r.share_id FROM share_access_rules r
           WHERE r.id = resource_locks.resource_id
           AND resource_locks.resource_type = 'access_rule'),
          resource_locks.resource_id)"""))
    with op.batch_alter_table('resource_locks') as batch:
        batch.alter_column('container_id', existing_type=sa.String(36),
                           nullable=False)
        batch.create_index('resource_locks_container_action_idx',
                           ['container_id', 'resource_action', 'deleted'])
    _add_missing_companions()


def _add_missing_companions():
    """Companions only where the parent guards something still there: a
    live rule of a live share outside the recycle bin. A lock on a denied
    rule or a gone share is a leak (a failed detach, say), which ``locks
    check`` reports for the operator to remove; it gets no companion."""
    connection = op.get_bind()
    parents = connection.execute(
        sa.text("""
        SELECT p.id, p.user_id, p.project_id, p.resource_project_id,
               p.lock_context, p.container_id, (
                 SELECT COUNT(*) FROM share_access_rules r
                 JOIN shares s ON s.id = r.share_id
                 WHERE r.id = p.resource_id AND r.deleted = :live
                 AND s.deleted = :live AND s.is_soft_deleted = :false
               ) AS guards
        FROM resource_locks p
        WHERE p.deleted = :live AND p.resource_type = 'access_rule'
        AND p.resource_action = 'delete' AND NOT EXISTS (
          SELECT 1 FROM resource_locks c WHERE c.parent_lock_id = p.id
          AND c.deleted = :live)"""),
        {'live': LIVE, 'false': False}).fetchall()
    leaked = [row.id for row in parents if not row.guards]
    if leaked:
        LOG.warning('Access-rule deletion locks on a gone rule or share '
                    'get no companion; remove them (manila-locks-manage '
                    'locks check lists them): %s', ', '.join(leaked))
    orphans = [row for row in parents if row.guards]
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    for row in orphans:
        connection.execute(sa.text("""
            INSERT INTO resource_locks (id, user_id, project_id,
              resource_project_id, lock_context, resource_id, resource_type,
              container_id, resource_action, lock_reason, parent_lock_id,
              created_at, deleted)
            VALUES (:id, :user_id, :project_id, :resource_project_id,
              :lock_context, :share_id, 'share', :share_id, 'delete',
              :reason, :parent, :now, :live)"""), {
            'id': str(uuid.uuid4()), 'user_id': row.user_id,
            'project_id': row.project_id,
            'resource_project_id': row.resource_project_id,
            'lock_context': row.lock_context, 'share_id': row.container_id,
            'reason': COMPANION_REASON % {'lock_id': row.id},
            'parent': row.id, 'now': now, 'live': LIVE})


def downgrade():
    with op.batch_alter_table('resource_locks') as batch:
        batch.drop_index('resource_locks_container_action_idx')
        batch.drop_column('container_id')
