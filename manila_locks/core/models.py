"""The resource_locks table."""
import sqlalchemy as sa

from manila_locks.db import base

VISIBILITY_CONSTRAINT = 'resource_locks_one_visibility_lock'


class ResourceLock(base.Base, base.Timestamps, base.SoftDelete,
                   base.RowVersion):
    __tablename__ = 'resource_locks'
    __table_args__ = (
        # Every delete path and every rule read asks "live locks of this
        # resource for this action".
        sa.Index('resource_locks_resource_action_idx',
                 'resource_id', 'resource_action', 'deleted'),
        # Every path that removes or hands over a share asks "live locks
        # on this share or on anything in it": one lookup by container.
        sa.Index('resource_locks_container_action_idx',
                 'container_id', 'resource_action', 'deleted'),
        # Default listing: a project's live locks, newest first.
        sa.Index('resource_locks_project_created_idx',
                 'project_id', 'deleted', 'created_at'),
        # Resource owners list locks placed on their resources by others.
        sa.Index('resource_locks_resource_project_idx',
                 'resource_project_id', 'deleted', 'created_at'),
        sa.Index('resource_locks_parent_idx', 'parent_lock_id'),
        # At most one live visibility lock per resource, enforced by the
        # database: visibility_guard holds resource_id for a live 'show'
        # lock and NULL otherwise (NULLs never collide).
        sa.UniqueConstraint('visibility_guard', name=VISIBILITY_CONSTRAINT),
    )

    id = sa.Column(sa.String(36), primary_key=True)
    user_id = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource_project_id = sa.Column(sa.String(255), nullable=False)
    lock_context = sa.Column(sa.String(16), nullable=False)
    resource_id = sa.Column(sa.String(36), nullable=False)
    resource_type = sa.Column(sa.String(16), nullable=False)
    # The resource that contains the locked one and goes with it: a share
    # for a lock on the share itself or on one of its access rules.
    container_id = sa.Column(sa.String(36), nullable=False)
    resource_action = sa.Column(sa.String(16), nullable=False)
    lock_reason = sa.Column(sa.String(1023), nullable=True)
    parent_lock_id = sa.Column(sa.String(36), nullable=True)
    visibility_guard = sa.Column(sa.String(36), nullable=True)
