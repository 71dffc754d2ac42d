"""Placing, reading, changing and removing locks: the rules in one place.

Every function takes the request context; writes run in one transaction
that also holds the row lock on the locked resource (taken through the
host's ResourceLookup), so a lock and a delete of the same resource can
never both succeed.
"""
import logging

from manila_locks.core import audit
from manila_locks.core import authorization
from manila_locks.core import clock
from manila_locks.core import contexts
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import retention
from manila_locks.core import retry
from manila_locks.core import states
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import query as db_query

LOG = logging.getLogger(__name__)

UPDATE_OPERATION = 'update lock'


def scope_of(context):
    """The one scoping decision for reading a lock by id, and for naming
    locks in errors.

    Admins (policy ``context_is_admin``) see every project's locks; everyone
    else sees locks placed in their project or on their project's resources.
    """
    return store.Scope(None if context.is_admin else context.project_id)


def list_scope(context, all_projects, project_id=None, authorizer=None):
    """The scope of a list call, from its all_projects and project_id.

    Crossing projects needs ``resource_lock:get_all_projects``. Without it,
    all_projects quietly falls back to the caller's own scope (as Manila
    does) and naming another project is refused. The caller filters on
    `project_id` itself; this only decides where it may look.
    """
    foreign = project_id is not None and project_id != context.project_id
    if not (all_projects or foreign):
        return store.Scope(context.project_id)
    if authorization.resolve(authorizer).check(
            context, 'resource_lock:get_all_projects'):
        return store.Scope(None)
    if foreign:
        raise exception.PolicyNotAuthorized(
            action='resource_lock:get_all_projects')
    LOG.info('User %s may not list the locks of all projects; listing '
             'those of project %s.', context.user_id, context.project_id)
    return store.Scope(context.project_id)


def lock_target(lock):
    return {'project_id': lock.project_id, 'user_id': lock.user_id}


def ensure_may_manipulate(context, lock, rule, authorizer=None):
    if lock.parent_lock_id:
        raise exception.CompanionLockImmutable(lock_id=lock.id,
                                               parent_id=lock.parent_lock_id)
    authorization.resolve(authorizer).authorize(context, rule,
                                                lock_target(lock))
    if not contexts.may_manipulate(context, lock.lock_context):
        raise exception.LockManipulationDenied()


def may_bypass_visibility(context, lock, authorizer=None):
    return (contexts.may_manipulate(context, lock.lock_context) and
            authorization.resolve(authorizer).check(
                context, 'resource_lock:bypass_locked_show_action',
                lock_target(lock)))


def create(context, lookup, resource_type, resource_id, action=v.DELETE,
           reason=None, operation='create lock', authorizer=None):
    """Place a lock; returns the new lock (a ResourceLock, or a
    store.LockRow).

    Order matters for what a caller can learn: the resource must be visible
    to the caller (else LockedResourceNotFound) and the policy must pass
    before anything about existing locks is revealed (VisibilityLockExists
    comes from the insert itself).

    A deletion lock on an access rule brings a companion deletion lock on
    the rule's share, whichever path placed it (see _place_companion).
    A lock on a share (a deletion lock: shares take no other) needs only
    the share's row lock, the insert and its history: outside a caller's
    transaction, and when the host's lookup offers lock_share (optional:
    see core/lookup.py), it takes _create_on_share, with no ORM session.
    """
    states.ensure_action_allowed(resource_type, action)
    if (resource_type, action) == (v.SHARE, v.DELETE) and (
            lookup_offers_core_path(lookup) and
            not db_api.in_transaction(context)):
        return _create_on_share(context, lookup, resource_id, reason,
                                operation, authorizer)
    return _create(context, lookup, resource_type, resource_id, action,
                   reason, operation, authorizer)


@retry.on_deadlock
@db_api.writer
def _create(context, lookup, resource_type, resource_id, action, reason,
            operation, authorizer):
    resource = lookup.get_for_update(context, resource_type, resource_id)
    _authorize_create(context, resource, authorizer)
    lock = _insert(context, resource, action, reason, _holder(context),
                   operation)
    if _needs_companion(lock):
        _place_companion(context, lookup, lock, operation)
    return lock


def lookup_offers_core_path(lookup):
    """Whether the host's lookup can row-lock a share on a Core
    connection (ResourceLookup.lock_share, which a host may leave out)."""
    return callable(getattr(lookup, 'lock_share', None))


@retry.on_deadlock
def _create_on_share(context, lookup, share_id, reason, operation,
                     authorizer):
    """create() of a share's deletion lock in one transaction of Core
    statements: the share's row lock, the lock's insert, its history;
    notified once committed."""
    with db_api.core_writer() as connection:
        share = lookup.lock_share(connection, context, share_id)
        _authorize_create(context, share, authorizer)
        states.ensure_lockable(share, v.DELETE)
        row, lock = store.new_row(_values(
            context, share, v.DELETE, reason, _holder(context)))
        rows = history.rows_for(context, history.PLACED, [lock], operation)
        # The lock and its event: one round trip on PostgreSQL, the
        # commit's too.
        db_query.insert_each(connection, [(store.LOCKS, row)] + [
            (history.EVENT_TABLE, event) for event in rows],
            execution_options=db_api.LAST)
    _placed(context, lock)
    history.notify(getattr(context, 'notifier', None), rows)
    return lock


def _authorize_create(context, resource, authorizer):
    authorization.resolve(authorizer).authorize(
        context, 'resource_lock:create',
        {'project_id': resource.project_id, 'user_id': context.user_id})


def _holder(context):
    """The holder of a lock the caller places for themselves."""
    return {'user_id': context.user_id, 'project_id': context.project_id,
            'lock_context': contexts.requester_context(context)}


def _values(context, resource, action, reason, holder, parent=None):
    """The columns of a new lock held by `holder` (user_id, project_id,
    lock_context); its provenance is the request's
    (history.lock_provenance)."""
    return dict(
        holder,
        **history.lock_provenance(context),
        resource_project_id=resource.project_id,
        resource_id=resource.id,
        resource_type=resource.type,
        container_id=resource.container_id,
        resource_action=action,
        lock_reason=reason,
        parent_lock_id=parent.id if parent is not None else None)


def _placed(context, lock):
    audit.record(context, audit.PLACED, [lock.id], lock.resource_action,
                 lock.resource_id, '%s context' % lock.lock_context)


def _insert(context, resource, action, reason, holder, operation,
            parent=None):
    """Insert a lock held by `holder` once the resource's state allows
    it, in the caller's transaction."""
    states.ensure_lockable(resource, action)
    if action == v.SHOW:
        _sweep_expired(context, resource.id)
    lock = store.insert(context, _values(context, resource, action, reason,
                                         holder, parent))
    _placed(context, lock)
    history.record(context, history.PLACED, [lock], operation)
    return lock


def _sweep_expired(context, resource_id):
    """Mark the resource's expired locks deleted before a visibility lock
    is placed on it: an expired visibility lock guards nothing but, until
    swept, still holds the one-visibility-lock constraint."""
    store.soft_delete(context,
                      store.expired_locks(context, clock.now(), resource_id),
                      history.EXPIRED, retention.EXPIRE_OPERATION)


def _needs_companion(lock):
    return (lock.resource_type == v.ACCESS_RULE and
            lock.resource_action == v.DELETE)


def _place_companion(context, lookup, parent, operation):
    """A share deletion lock that lives exactly as long as `parent` (a
    rule's deletion lock) guards: Manila shows such a lock on the share,
    and clients listing a share's locks expect it. The share's own guard
    does not depend on it (checker looks at everything in the share).

    It is held by whoever holds the parent (an admin turning a user's
    visibility lock into a deletion lock does not make the companion an
    admin lock), and needs no policy check of its own: the parent's, on
    the same project, has passed."""
    share = lookup.get_for_update(context, v.SHARE, parent.container_id)
    holder = {'user_id': parent.user_id, 'project_id': parent.project_id,
              'lock_context': parent.lock_context}
    companion = _insert(context, share, v.DELETE,
                        v.COMPANION_REASON % {'lock_id': parent.id}, holder,
                        operation, parent)
    take_lifetime(companion, parent)
    return companion


def take_lifetime(companion, parent):
    """A companion lives as long as its parent, and its retention reads
    as the parent's: same expiry, mode, cooling-off and legal hold (whose
    reason and holder stay the parent's)."""
    companion.expires_at = parent.expires_at
    companion.retention_mode = parent.retention_mode
    companion.binding_from = parent.binding_from
    companion.legal_hold_at = parent.legal_hold_at


@db_api.reader
def get(context, lock_id):
    return store.get(context, lock_id, scope_of(context))


def find(context, scope, query):
    return store.find(context, scope, query)


@retry.on_deadlock
@db_api.writer
def update(context, lookup, lock_id, changes, authorizer=None):
    """Change `lock_reason` and/or `resource_action` of a lock (`changes`
    holds no other key: the API's schema refuses them).

    A new action is checked like a new lock: it must fit the resource type,
    the resource must be in a lockable state (409 otherwise) and a second
    visibility lock is refused by the database (409).
    """
    # Row locks in the order every share writer takes them: the share (and
    # rule) first, then the lock; so read the lock once without one.
    lock = store.get(context, lock_id, scope_of(context))
    ensure_may_manipulate(context, lock, 'resource_lock:update', authorizer)
    resource = None
    if changes.get('resource_action', lock.resource_action) != (
            lock.resource_action):
        resource = lookup.get_for_update(context, lock.resource_type,
                                         lock.resource_id)
    lock = store.get(context, lock_id, scope_of(context), for_update=True)
    before = history.snapshot(lock)
    action = changes.get('resource_action') or lock.resource_action
    states.ensure_action_allowed(lock.resource_type, action)
    if action != lock.resource_action:
        # A new action ends what the lock guarded: as removing it.
        retention.ensure_removable(context, [lock], authorizer=authorizer)
        resource = resource or lookup.get_for_update(
            context, lock.resource_type, lock.resource_id)
        _change_action(context, lookup, lock, resource, action)
    if 'lock_reason' in changes:
        lock.lock_reason = changes['lock_reason']
    lock.updated_at = base.utcnow()
    store.flush(context)
    audit.record(context, audit.CHANGED, [lock.id], lock.resource_action,
                 lock.resource_id, ', '.join(sorted(changes)))
    history.record(context, history.CHANGED, [lock], UPDATE_OPERATION,
                   history.difference(before, history.snapshot(lock)))
    return lock


def _change_action(context, lookup, lock, resource, action):
    """A new action is checked like a new lock, and the companion share
    lock follows: it exists exactly while a rule lock guards deletion."""
    states.ensure_lockable(resource, action)
    if action == v.SHOW:
        _sweep_expired(context, lock.resource_id)
    had_companion = _needs_companion(lock)
    lock.resource_action = action
    lock.visibility_guard = lock.resource_id if action == v.SHOW else None
    store.flush(context)
    if had_companion and not _needs_companion(lock):
        store.soft_delete_companions(context, lock, UPDATE_OPERATION)
    elif _needs_companion(lock) and not had_companion:
        _place_companion(context, lookup, lock, UPDATE_OPERATION)


@retry.on_deadlock
@db_api.writer
def delete(context, lock_id, authorizer=None):
    """Remove a lock, and the companion locks placed with it, unless a
    legal hold or a compliance retention keeps it."""
    lock = store.get(context, lock_id, scope_of(context), for_update=True)
    ensure_may_manipulate(context, lock, 'resource_lock:delete', authorizer)
    retention.ensure_removable(context, [lock], authorizer=authorizer)
    action, resource_id = lock.resource_action, lock.resource_id
    removed = store.soft_delete(context, [lock], history.REMOVED,
                                'delete lock')
    audit.record(context, audit.REMOVED, removed, action, resource_id)
