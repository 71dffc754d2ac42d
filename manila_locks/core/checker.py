"""The precondition checker: what host handlers call before they act.

``ensure_not_locked`` is called by every path that removes a share, inside
the host's write transaction and after the host has row-locked the share;
it looks at the locks on the share and on everything in it in one indexed
query, and either returns or raises one ResourceLocked error.
``restricted_ids`` is called by every path that returns access rules, to
decide which to redact.
"""
from manila_locks.core import audit
from manila_locks.core import clock
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import locks
from manila_locks.core import retention
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api


@db_api.reader
def ensure_not_locked(context, container_id, operation=v.DELETE):
    """Raise ResourceLocked if a live deletion lock guards the container
    (a share) or anything in it (its access rules).

    Removing a share removes its rules, so a rule's deletion lock refuses
    the share's removal as the share's own lock does, whatever path placed
    either lock. `operation` names the refused path ('delete', 'soft
    delete', 'unmanage', ...) in the log. The error itself speaks of the
    'delete' action on every path, as Manila's does, and lists only the
    locks the caller may see; the log lists them all.

    A lock that has expired guards nothing (the query leaves it out). A
    lock of any action that a legal hold or a compliance retention keeps
    refuses too: removing the share would remove it.
    """
    now = clock.now()
    found = [lock for lock in store.live_locks_within(context, container_id)
             if lock.resource_action == v.DELETE or
             retention.is_retained(context, lock, now)]
    _refuse_if_any(context, found, operation, container_id, v.DELETE)


@db_api.reader
def ensure_no_locks(context, container_id, operation):
    """Raise ResourceLocked if any live lock, of any action, is on the
    container or anything in it. For paths that hand a share and
    everything in it to someone else (a share transfer): a deletion lock
    guards against losing the resource, a visibility lock belongs to the
    project that placed it, and neither may move to another project
    unseen.

    Called, like ensure_not_locked, inside the host's transaction after it
    row-locked the container; the error names `operation`.
    """
    _refuse_if_any(context, store.live_locks_within(context, container_id),
                   operation, container_id, operation)


def _refuse_if_any(context, found, operation, resource_id, action):
    """Log and raise ResourceLocked for the locks `found`, if any; the
    error names `action` and only the locks the caller may see."""
    if not found:
        return
    scope = locks.scope_of(context)
    visible = [lock.id for lock in found if scope.allows(lock)]
    audit.record(context, audit.REFUSED, [lock.id for lock in found],
                 operation, resource_id)
    # The refused request's transaction rolls back: the history of the
    # refusal rides on the error (retry.on_deadlock writes it).
    raise history.refuse(context, exception.ResourceLocked(action, visible),
                         found, operation, resource_id)


@db_api.reader
def restricted_ids(context, resource_ids):
    """Ids among `resource_ids` whose visibility lock the caller may not
    bypass. One query for any number of ids."""
    return restricted_among(context,
                            store.live_locks(context, resource_ids, v.SHOW))


def restricted_among(context, visibility_locks):
    """Resource ids of the live visibility locks `visibility_locks` (read
    by the host beside its own rows, e.g. with store.live_condition) whose
    lock the caller may not bypass. Each needs resource_id, user_id,
    project_id and lock_context."""
    # The answer depends only on who placed the lock and in which context:
    # decide once per distinct placer, not once per rule.
    decided = {}
    restricted = set()
    for lock in visibility_locks:
        placer = (lock.user_id, lock.project_id, lock.lock_context)
        if placer not in decided:
            decided[placer] = locks.may_bypass_visibility(context, lock)
        if not decided[placer]:
            restricted.add(lock.resource_id)
    return restricted
