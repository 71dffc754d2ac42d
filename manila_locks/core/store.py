"""Reads and writes of resource_locks. Plain SQL through the ORM; no policy.

Callers decide scoping (which projects) and pass it in as ``Scope``.
"""
import dataclasses
import typing
import uuid

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.core import clock
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import models
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import query as db_query

Lock = models.ResourceLock

SORT_KEYS = ('created_at', 'updated_at', 'id', 'resource_id', 'resource_type',
             'resource_action', 'user_id', 'project_id', 'lock_context',
             'lock_reason')
SORT_DIRS = ('asc', 'desc')
EXACT_FILTERS = ('id', 'resource_id', 'resource_type', 'resource_action',
                 'user_id', 'project_id', 'lock_context', 'lock_reason')


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which locks a caller may see: all of them, or those placed in, or on
    resources of, one project."""
    project_id: typing.Optional[str]    # None: every project

    def clause(self):
        if self.project_id is None:
            return sa.true()
        return sa.or_(Lock.project_id == self.project_id,
                      Lock.resource_project_id == self.project_id)

    def allows(self, lock):
        return self.project_id is None or self.project_id in (
            lock.project_id, lock.resource_project_id)


@dataclasses.dataclass
class LockQuery(db_query.Paging):
    filters: dict = dataclasses.field(default_factory=dict)
    reason_contains: typing.Optional[str] = None
    created_since: typing.Any = None
    created_before: typing.Any = None


@dataclasses.dataclass
class LockPage:
    locks: list
    count: typing.Optional[int]


_live = Lock.live


def _unexpired():
    """Still guarding at clock.now(): no expiry, an expiry still ahead, or
    a legal hold (which outlasts any expiry). An expired lock is gone for
    every read and guard, swept or not (core/retention.py)."""
    return sa.or_(Lock.expires_at.is_(None), Lock.expires_at > clock.now(),
                  Lock.legal_hold_at.isnot(None))


@db_api.writer
def insert(context, values):
    lock = Lock(id=values.get('id') or str(uuid.uuid4()), **{
        k: val for k, val in values.items() if k != 'id'})
    if lock.resource_action == v.SHOW:
        lock.visibility_guard = lock.resource_id
    context.session.add(lock)
    flush(context)
    return lock


def _is_visibility_clash(error):
    # The driver's message names the column (SQLite) or the constraint
    # (PostgreSQL, MariaDB); oslo.db's parsed `columns` mangles the latter.
    text = str(getattr(error.inner_exception, 'orig', error.inner_exception))
    return ('visibility_guard' in text or
            models.VISIBILITY_CONSTRAINT in text)


def flush(context):
    """Flush, turning the one-visibility-lock constraint into its error."""
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as error:
        if _is_visibility_clash(error):
            raise exception.VisibilityLockExists()
        raise


@db_api.reader
def get(context, lock_id, scope, for_update=False):
    stmt = sa.select(Lock).where(Lock.id == lock_id, _live(), _unexpired(),
                                 scope.clause())
    return db_query.one(context.session, stmt,
                        exception.ResourceLockNotFound(lock_id=lock_id),
                        for_update)


@db_api.reader
def live_locks_within(context, container_id, action=None):
    """Live locks (all projects) on the container and on everything in it:
    for a share, its own locks and those on its access rules. One indexed
    query, however and by whom the locks were placed."""
    stmt = sa.select(Lock).where(Lock.container_id == container_id, _live(),
                                 _unexpired())
    if action is not None:
        stmt = stmt.where(Lock.resource_action == action)
    return list(context.session.execute(
        stmt.order_by(Lock.created_at, Lock.id)).scalars())


@db_api.reader
def live_locks(context, resource_ids, action=None):
    """Live locks on any of `resource_ids` (all projects): one IN query."""
    resource_ids = list(resource_ids)
    if not resource_ids:
        return []
    stmt = sa.select(Lock).where(Lock.resource_id.in_(resource_ids), _live(),
                                 _unexpired())
    if action is not None:
        stmt = stmt.where(Lock.resource_action == action)
    stmt = stmt.order_by(Lock.created_at, Lock.id)
    return list(context.session.execute(stmt).scalars())


def _check_query(query):
    for key in query.filters:
        if key not in EXACT_FILTERS:
            raise exception.InvalidFilter(key=key)
    if query.sort_key not in SORT_KEYS:
        raise exception.InvalidSortKey(sort_key=query.sort_key,
                                       allowed=', '.join(SORT_KEYS))
    if query.sort_dir not in SORT_DIRS:
        raise exception.Invalid('sort_dir must be asc or desc.')


@db_api.reader
def find(context, scope, query):
    """One page of live locks within `scope` matching `query`."""
    _check_query(query)
    stmt = sa.select(Lock).where(_live(), _unexpired(), scope.clause())
    for key, value in query.filters.items():
        column = getattr(Lock, key)
        if isinstance(value, (list, tuple, set)):
            stmt = stmt.where(column.in_(list(value)))
        else:
            stmt = stmt.where(column == value)
    if query.reason_contains is not None:
        stmt = stmt.where(db_query.contains(Lock.lock_reason,
                                            query.reason_contains))
    if query.created_since is not None:
        stmt = stmt.where(Lock.created_at >= query.created_since)
    if query.created_before is not None:
        stmt = stmt.where(Lock.created_at <= query.created_before)

    locks, count = db_query.page(
        context.session, stmt, getattr(Lock, query.sort_key), Lock.id, query)
    return LockPage(locks, count)


@db_api.writer
def soft_delete(context, locks, event, operation):
    """Soft-delete `locks` and every companion lock that hangs off them,
    recording `event` (history.REMOVED, RELEASED, RESOURCE_DELETED) for
    each; returns the ids removed (parents first)."""
    ids = [lock.id for lock in locks]
    if not ids:
        return []
    companions = list(context.session.execute(
        sa.select(Lock).where(Lock.parent_lock_id.in_(ids), _live(),
                              Lock.id.notin_(ids))).scalars())
    doomed = list(locks) + companions
    history.record(context, event, doomed, operation)
    removed = [lock.id for lock in doomed]
    context.session.execute(
        sa.update(Lock).where(Lock.id.in_(removed), _live())
        .values(deleted=Lock.id, deleted_at=base.utcnow(),
                visibility_guard=None, updated_at=Lock.updated_at)
        .execution_options(synchronize_session=False))
    for lock in doomed:
        context.session.expire(lock)
    return removed


@db_api.writer
def soft_delete_companions(context, lock, operation):
    """Remove the companion locks that hang off `lock`, not the lock."""
    companions = list(context.session.execute(
        sa.select(Lock).where(Lock.parent_lock_id == lock.id,
                              _live())).scalars())
    return soft_delete(context, companions, history.REMOVED, operation)


@db_api.reader
def live_companions(context, lock):
    """The live companion locks that hang off `lock`."""
    return list(context.session.execute(
        sa.select(Lock).where(Lock.parent_lock_id == lock.id,
                              _live())).scalars())


@db_api.reader
def expired_locks(context, now, resource_id=None):
    """Locks past their expiry at `now` (not on legal hold) that nobody
    has marked deleted yet; of one resource, or of all."""
    stmt = sa.select(Lock).where(_live(), Lock.expires_at <= now,
                                 Lock.legal_hold_at.is_(None))
    if resource_id is not None:
        stmt = stmt.where(Lock.resource_id == resource_id)
    return list(context.session.execute(
        stmt.order_by(Lock.expires_at, Lock.id)).scalars())


@db_api.writer
def soft_delete_within(context, container_id, operation):
    """Remove every live lock on the container and on everything in it
    (companions included: they sit on the container), recorded as removed
    with their resource. Returns the ids."""
    locks = live_locks_within(context, container_id)
    return soft_delete(context, locks, history.RESOURCE_DELETED, operation)
