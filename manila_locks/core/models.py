"""The resource_locks table."""
import sqlalchemy as sa

from manila_locks.db import base

VISIBILITY_CONSTRAINT = 'resource_locks_one_visibility_lock'
_EXPIRING = sa.text('expires_at IS NOT NULL')
_PARENTED = sa.text('parent_lock_id IS NOT NULL')
_GLOBAL_REQUEST = sa.text('global_request_id IS NOT NULL')


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
        # Companion locks by parent; only they have one (revision
        # b3d355a406c0: a placed lock writes no page of it for a NULL).
        sa.Index('resource_locks_parent_idx', 'parent_lock_id',
                 sqlite_where=_PARENTED, postgresql_where=_PARENTED),
        # `manila-locks-manage locks expire` looks for unswept expired
        # locks; guards never need it (they filter rows found by resource).
        # Only locks with an expiry (where the backend can): a full index
        # led SQLite to read every live lock for a project's lock list
        # (migration 4e7a2c9d1b58 says why).
        sa.Index('resource_locks_expires_idx', 'expires_at', 'deleted',
                 sqlite_where=_EXPIRING, postgresql_where=_EXPIRING),
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
    # Provenance of the request that placed the lock (NULL on locks placed
    # before the lock history existed). user_id/project_id above are the
    # holder; a companion lock is held by its parent's holder but placed
    # by whoever placed or changed the parent, named here.
    placed_by_user_id = sa.Column(sa.String(255), nullable=True)
    placed_by_project_id = sa.Column(sa.String(255), nullable=True)
    service_user_id = sa.Column(sa.String(255), nullable=True)
    service_project_id = sa.Column(sa.String(255), nullable=True)
    request_id = sa.Column(sa.String(64), nullable=True)
    global_request_id = sa.Column(sa.String(64), nullable=True)
    # A lock's lifetime (core/retention.py). NULL expires_at: it guards
    # until removed. Past expires_at it guards no more, and every read
    # treats it as gone, unless it is on legal hold. retention_mode is
    # governance or compliance (NULL without an expiry); binding_from is
    # when a compliance retention stops being removable by the lock's own
    # user (the end of the cooling-off period). A companion lock mirrors
    # its parent's expires_at, retention_mode, binding_from and
    # legal_hold_at, so both go together and read alike.
    expires_at = sa.Column(base.Timestamp, nullable=True)
    retention_mode = sa.Column(sa.String(16), nullable=True)
    binding_from = sa.Column(base.Timestamp, nullable=True)
    legal_hold_at = sa.Column(base.Timestamp, nullable=True)
    legal_hold_reason = sa.Column(sa.String(1023), nullable=True)
    legal_hold_user_id = sa.Column(sa.String(255), nullable=True)


class ResourceLockEvent(base.Base):
    """One thing that happened to one lock: placed, changed, removed, ...

    Written in the transaction of the change itself (a refusal in a
    transaction of its own, see core/history.py). The lock's own fields
    are copied, so an event stays readable, and scoped like its lock,
    after the lock is gone. Events are never updated; pruning removes
    them by age (manila-locks-manage lock-events prune).
    """
    __tablename__ = 'resource_lock_events'
    __table_args__ = (
        sa.Index('resource_lock_events_lock_idx', 'lock_id', 'created_at'),
        sa.Index('resource_lock_events_resource_idx', 'resource_id',
                 'created_at'),
        sa.Index('resource_lock_events_request_idx', 'request_id'),
        # Only events of a request that sent a global request id
        # (revision b3d355a406c0).
        sa.Index('resource_lock_events_global_request_idx',
                 'global_request_id', sqlite_where=_GLOBAL_REQUEST,
                 postgresql_where=_GLOBAL_REQUEST),
        # The two halves of the scope (core/store.Scope), newest first.
        sa.Index('resource_lock_events_project_idx', 'lock_project_id',
                 'created_at'),
        sa.Index('resource_lock_events_resource_project_idx',
                 'resource_project_id', 'created_at'),
        # Listing everything newest first, and pruning by age.
        sa.Index('resource_lock_events_created_idx', 'created_at'),
    )

    id = sa.Column(sa.String(36), primary_key=True)
    created_at = sa.Column(base.Timestamp, nullable=False, default=base.utcnow)
    # placed, changed, removed, released, resource_deleted, refused, expired
    event = sa.Column(sa.String(32), nullable=False)
    # What was done: the API operation that placed, changed or removed the
    # lock, or the one it refused ('delete', 'soft delete', 'deny access').
    operation = sa.Column(sa.String(64), nullable=True)
    # The lock as it was.
    lock_id = sa.Column(sa.String(36), nullable=False)
    lock_user_id = sa.Column(sa.String(255), nullable=False)
    lock_project_id = sa.Column(sa.String(255), nullable=False)
    lock_context = sa.Column(sa.String(16), nullable=False)
    resource_project_id = sa.Column(sa.String(255), nullable=False)
    resource_id = sa.Column(sa.String(36), nullable=False)
    resource_type = sa.Column(sa.String(16), nullable=False)
    resource_action = sa.Column(sa.String(16), nullable=False)
    # Who did it, from which request.
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    requester_context = sa.Column(sa.String(16), nullable=True)
    service_user_id = sa.Column(sa.String(255), nullable=True)
    service_project_id = sa.Column(sa.String(255), nullable=True)
    request_id = sa.Column(sa.String(64), nullable=True)
    global_request_id = sa.Column(sa.String(64), nullable=True)
    # JSON objects of the fields that changed (placed: after only;
    # removed: before only).
    before = sa.Column(sa.Text, nullable=True)
    after = sa.Column(sa.Text, nullable=True)
