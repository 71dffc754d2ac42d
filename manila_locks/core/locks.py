"""Placing, reading, changing and removing locks: the rules in one place.

Every function takes the request context; writes run in one transaction
that also holds the row lock on the locked resource (taken through the
host's ResourceLookup), so a lock and a delete of the same resource can
never both succeed.
"""
import logging

from manila_locks.core import contexts
from manila_locks.core import exception
from manila_locks.core import states
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks import policy

LOG = logging.getLogger(__name__)


def scope_of(context):
    """The one scoping decision for reading locks.

    Admins (policy ``context_is_admin``) see every project's locks; everyone
    else sees locks placed in their project or on their project's resources.
    """
    return store.Scope(None if context.is_admin else context.project_id)


def list_scope(context, all_projects, project_id):
    """Scope of a list call, from its all_projects and project_id params.

    Crossing projects needs ``resource_lock:get_all_projects``. Without it,
    all_projects falls back to the caller's own scope (as Manila does) and a
    foreign project_id is refused.
    """
    may_cross = policy.check(context, 'resource_lock:get_all_projects')
    own = store.Scope(context.project_id)
    if project_id is not None and project_id != context.project_id:
        if not may_cross:
            raise exception.PolicyNotAuthorized(
                action='resource_lock:get_all_projects')
        return store.Scope(None), {'project_id': project_id}
    if all_projects and may_cross:
        return store.Scope(None), {}
    if all_projects:
        LOG.info('User %s may not list locks of all projects; listing '
                 'their own.', context.user_id)
    if project_id is not None:
        return own, {'project_id': project_id}
    return own, {}


def lock_target(lock):
    return {'project_id': lock.project_id, 'user_id': lock.user_id}


def _ensure_may_manipulate(context, lock, rule):
    policy.authorize(context, rule, lock_target(lock))
    if not contexts.may_manipulate(context, lock.lock_context):
        raise exception.LockManipulationDenied()


def may_bypass_visibility(context, lock):
    return (contexts.may_manipulate(context, lock.lock_context) and
            policy.check(context, 'resource_lock:bypass_locked_show_action',
                         lock_target(lock)))


@db_api.writer
def create(context, lookup, resource_type, resource_id, action=v.DELETE,
           reason=None, parent=None):
    """Place a lock; returns the new ResourceLock."""
    resource = lookup.get_for_update(context, resource_type, resource_id)
    policy.authorize(context, 'resource_lock:create',
                     {'project_id': resource.project_id,
                      'user_id': context.user_id})
    states.ensure_lockable(resource, action)
    lock = store.insert(context, {
        'user_id': context.user_id,
        'project_id': context.project_id,
        'resource_project_id': resource.project_id,
        'lock_context': contexts.requester_context(context),
        'resource_id': resource.id,
        'resource_type': resource.type,
        'resource_action': action,
        'lock_reason': reason,
        'parent_lock_id': parent.id if parent is not None else None,
    })
    LOG.info('Lock %(lock)s placed on %(type)s %(res)s for %(action)s by '
             'user %(user)s of project %(project)s (%(ctx)s context)',
             {'lock': lock.id, 'type': resource.type, 'res': resource.id,
              'action': action, 'user': context.user_id,
              'project': context.project_id, 'ctx': lock.lock_context})
    return lock


@db_api.reader
def get(context, lock_id):
    return store.get(context, lock_id, scope_of(context))


@db_api.reader
def find(context, scope, query):
    return store.find(context, scope, query)


@db_api.writer
def update(context, lookup, lock_id, changes):
    """Change `lock_reason` and/or `resource_action` of a lock."""
    lock = store.get(context, lock_id, scope_of(context), for_update=True)
    if lock.parent_lock_id:
        raise exception.CompanionLockImmutable(lock_id=lock.id,
                                               parent_id=lock.parent_lock_id)
    _ensure_may_manipulate(context, lock, 'resource_lock:update')
    action = changes.get('resource_action') or lock.resource_action
    if action not in v.ACTIONS_BY_TYPE[lock.resource_type]:
        raise exception.Invalid('Action %s is not allowed for resource type '
                                '%s.' % (action, lock.resource_type))
    if action != lock.resource_action:
        resource = lookup.get_for_update(context, lock.resource_type,
                                         lock.resource_id)
        states.ensure_lockable(resource, action)
        lock.resource_action = action
        lock.visibility_guard = lock.resource_id if action == v.SHOW else None
    if 'lock_reason' in changes:
        lock.lock_reason = changes['lock_reason']
    lock.updated_at = base.utcnow()
    store.flush(context)
    LOG.info('Lock %(lock)s changed by user %(user)s: %(changes)s',
             {'lock': lock.id, 'user': context.user_id, 'changes': changes})
    return lock


@db_api.writer
def delete(context, lock_id):
    lock = store.get(context, lock_id, scope_of(context), for_update=True)
    if lock.parent_lock_id:
        raise exception.CompanionLockImmutable(lock_id=lock.id,
                                               parent_id=lock.parent_lock_id)
    _ensure_may_manipulate(context, lock, 'resource_lock:delete')
    store.soft_delete(context, [lock])
    LOG.info('Lock %(lock)s on %(type)s %(res)s removed by user %(user)s of '
             'project %(project)s',
             {'lock': lock_id, 'type': lock.resource_type,
              'res': lock.resource_id, 'user': context.user_id,
              'project': context.project_id})
