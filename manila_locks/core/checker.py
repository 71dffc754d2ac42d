"""The precondition checker: what host handlers call before they act.

``ensure_not_locked`` is called by every path that removes a share, inside
the host's write transaction and after the host has row-locked the share;
it looks at the locks on the share and on everything in it in one indexed
query, and either returns or raises one ResourceLocked error.
``refuse_seen`` comes first on the paths that remove a share (and on a
transfer offer): a quick refusal, without the row lock, of a share whose
locks already refuse the request (one short transaction; on SQLite and
PostgreSQL a read and an insert, each on its own).
``restricted_ids`` is called by every path that returns access rules, to
decide which to redact.
"""
from manila_locks.core import audit
from manila_locks.core import clock
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import locks
from manila_locks.core import retention
from manila_locks.core import retry
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
    found = _guarding(context, store.live_locks_within(context, container_id))
    _refuse_if_any(context, found, operation, container_id, v.DELETE)


def _guarding(context, found):
    """The locks among `found` that refuse removing their container."""
    now = clock.now()
    return [lock for lock in found
            if lock.resource_action == v.DELETE or
            retention.is_retained(context, lock, now)]


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
    # The refused request's transaction rolls back: the history of the
    # refusal rides on the error (retry.on_deadlock writes it).
    raise history.refuse(
        context, _refusal(context, found, operation, resource_id, action),
        found, operation, resource_id)


def _refusal(context, found, operation, resource_id, action):
    """Log the refusal by the locks `found`; the ResourceLocked error,
    naming `action` and only the locks the caller may see."""
    scope = locks.scope_of(context)
    visible = [lock.id for lock in found if scope.allows(lock)]
    audit.record(context, audit.REFUSED, [lock.id for lock in found],
                 operation, resource_id)
    return exception.ResourceLocked(action, visible)


def refuse_seen(context, read, operation, any_lock=False):
    """Refuse removing (or handing over) a share at once if the locks it
    has now refuse it: one short transaction (db_api.core_refusal; on
    SQLite and PostgreSQL a read and an insert, each on its own), no row
    lock and no ORM Session. Call it first, before the row-locked path
    (which calls ensure_not_locked and decides again when this lets the
    request through). `any_lock`: refuse for a lock of any action, as
    ensure_no_locks does (handing the share over), the error then naming
    `operation`.

    `read(connection)` reads the share and its live locks through
    db_api.core_refusal's connection and raises what the path raises for
    a share the caller may not see or not remove (404, then 403 by
    policy); it returns the share's id and the locks (rows with a lock's
    columns). When some of them guard the share (as in ensure_not_locked;
    with any_lock, any), the refusal is logged, its history written on
    the same connection (in the read's transaction; on SQLite and
    PostgreSQL in one of its own, db_api.refusal_insert) and committed,
    its notifications sent, and ResourceLocked raised. Otherwise nothing
    is written and the caller goes on.

    Why refusing without the row lock is right: a lock that was seen
    live guarded the share when it was read, so refusing is what the
    row-locked path would have answered then. Letting a request through
    is another matter: only the row lock followed by the lock read
    (ensure_not_locked) can tell that no lock is being placed
    concurrently, so this never lets anything through on its own.
    Inside a caller's transaction it does nothing (a second connection
    would wait for the first on SQLite): the row-locked path decides.
    """
    if db_api.in_transaction(context):
        return
    seen = _refuse_seen(context, read, operation, any_lock)
    if seen is not None:
        # Committed: now its notifications, as after any change.
        history.notify(getattr(context, 'notifier', None), seen.rows,
                       seen.share_id)
        raise _refusal(context, seen.locks, operation, seen.share_id,
                       operation if any_lock else v.DELETE)


class _Seen:
    """A refusal written by refuse_seen: its locks, rows and share."""

    def __init__(self, locks, rows, share_id):
        self.locks = locks
        self.rows = rows
        self.share_id = share_id


@retry.on_deadlock
def _refuse_seen(context, read, operation, any_lock):
    seen = None
    try:
        with db_api.core_refusal() as connection:
            share_id, found = read(connection)
            if not any_lock:
                found = _guarding(context, found)
            if not found:
                return None
            seen = _Seen(found, history.rows_for(
                context, history.REFUSED, found, operation), share_id)
            history.insert_refusal(connection, seen.rows)
    except Exception:
        if seen is None:
            raise       # the read's own error: 404, 403, a database fault
        # As on the row-locked path: a history that cannot be written is
        # logged and never changes the refusal's answer.
        history.log_lost_refusal(context)
        seen.rows = []
    return seen


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
