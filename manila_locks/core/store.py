"""Reads and writes of resource_locks. Plain SQL through the ORM; no policy.

Callers decide scoping (which projects) and pass it in as ``Scope``.
"""
import dataclasses
import typing
import uuid

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import models
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import query as db_query
from manila_locks.db import row_locks

Lock = models.ResourceLock
LOCKS = Lock.__table__

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

    def table_clause(self):
        """clause() for a Core select of the lock table."""
        if self.project_id is None:
            return sa.true()
        return sa.or_(LOCKS.c.project_id == self.project_id,
                      LOCKS.c.resource_project_id == self.project_id)

    def allows(self, lock):
        return self.project_id is None or self.project_id in (
            lock.project_id, lock.resource_project_id)


@dataclasses.dataclass
class LockQuery:
    filters: dict = dataclasses.field(default_factory=dict)
    reason_contains: typing.Optional[str] = None
    created_since: typing.Any = None
    created_before: typing.Any = None
    sort_key: str = 'created_at'
    sort_dir: str = 'desc'
    limit: typing.Optional[int] = None
    offset: int = 0
    with_count: bool = False


@dataclasses.dataclass
class LockPage:
    locks: list
    count: typing.Optional[int]


def _live():
    return Lock.deleted == base.LIVE


def live_condition(locks, resource_id, action):
    """The join condition of a live `action` lock of `locks` (the lock
    table or an alias of it) on `resource_id` (a column): what live_locks
    asks, for hosts that read locks beside their own rows in one statement
    (host/db/access_rules.py: a rule and its visibility lock)."""
    return sa.and_(locks.c.resource_id == resource_id,
                   locks.c.resource_action == action,
                   locks.c.deleted == base.LIVE)


# The guard queries, built once: only their parameters change per request.
def _live_within_statement(with_action):
    stmt = sa.select(Lock).where(
        Lock.container_id == sa.bindparam('container_id'), _live())
    if with_action:
        stmt = stmt.where(Lock.resource_action == sa.bindparam('action'))
    return stmt.order_by(Lock.created_at, Lock.id)


def _live_on_statement(with_action):
    stmt = sa.select(Lock).where(
        Lock.resource_id.in_(sa.bindparam('resource_ids', expanding=True)),
        _live())
    if with_action:
        stmt = stmt.where(Lock.resource_action == sa.bindparam('action'))
    return stmt.order_by(Lock.created_at, Lock.id)


_LIVE_WITHIN = {False: _live_within_statement(False),
                True: _live_within_statement(True)}
_LIVE_ON = {False: _live_on_statement(False), True: _live_on_statement(True)}


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
    stmt = sa.select(Lock).where(Lock.id == lock_id, _live(), scope.clause())
    if for_update:
        stmt = stmt.with_for_update().execution_options(
            populate_existing=True)
    lock = context.session.execute(stmt).scalar_one_or_none()
    if lock is None:
        raise exception.ResourceLockNotFound(lock_id=lock_id)
    if for_update:
        row_locks.certify(context.session, Lock, lock.id)
    return lock


@db_api.reader
def live_locks_within(context, container_id, action=None):
    """Live locks (all projects) on the container and on everything in it:
    for a share, its own locks and those on its access rules. One indexed
    query, however and by whom the locks were placed."""
    params = {'container_id': container_id}
    if action is not None:
        params['action'] = action
    return list(context.session.execute(
        _LIVE_WITHIN[action is not None], params).scalars())


@db_api.reader
def live_locks(context, resource_ids, action=None):
    """Live locks on any of `resource_ids` (all projects): one IN query."""
    resource_ids = list(resource_ids)
    if not resource_ids:
        return []
    params = {'resource_ids': resource_ids}
    if action is not None:
        params['action'] = action
    return list(context.session.execute(
        _LIVE_ON[action is not None], params).scalars())


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
    """One page of live locks within `scope` matching `query`, as rows
    (read-only, attribute access as on a ResourceLock): a Core select, no
    ORM objects to build."""
    _check_query(query)
    stmt = sa.select(LOCKS).where(LOCKS.c.deleted == base.LIVE,
                                  scope.table_clause())
    for key, value in query.filters.items():
        column = LOCKS.c[key]
        if isinstance(value, (list, tuple, set)):
            stmt = stmt.where(column.in_(list(value)))
        else:
            stmt = stmt.where(column == value)
    if query.reason_contains is not None:
        stmt = stmt.where(db_query.contains(LOCKS.c.lock_reason,
                                            query.reason_contains))
    if query.created_since is not None:
        stmt = stmt.where(LOCKS.c.created_at >= query.created_since)
    if query.created_before is not None:
        stmt = stmt.where(LOCKS.c.created_at <= query.created_before)

    locks, count = db_query.page(
        context.session, stmt, LOCKS.c[query.sort_key], LOCKS.c.id,
        query.sort_dir, query.limit, query.offset, query.with_count,
        rows=True)
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


@db_api.writer
def soft_delete_within(context, container_id, operation):
    """Remove every live lock on the container and on everything in it
    (companions included: they sit on the container), recorded as removed
    with their resource. Returns the ids."""
    locks = live_locks_within(context, container_id)
    return soft_delete(context, locks, history.RESOURCE_DELETED, operation)
