"""Reads and writes of resource_locks. Plain SQL through the ORM; no policy.

Callers decide scoping (which projects) and pass it in as ``Scope``. The
statements of the hot paths (the guard queries, lock lists) are built once
with bind parameters; lists return read-only rows, not ORM objects.
"""
import collections
import dataclasses
import functools
import typing

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.core import clock
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import models
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import prepared
from manila_locks.db import query as db_query
from manila_locks import ids

Lock = models.ResourceLock
LOCKS = Lock.__table__
# A listed lock: SQLAlchemy's Row resolves attribute names per access, some
# 20 times slower than a named tuple, and a view reads eleven per lock.
LockRow = collections.namedtuple('LockRow', LOCKS.c.keys())

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


def _unexpired(columns=None, now=None):
    """Still guarding at clock.now(): no expiry, an expiry still ahead, or
    a legal hold (which outlasts any expiry). An expired lock is gone for
    every read and guard, swept or not (core/retention.py). Statements
    built once pass `now` as a bind parameter (NOW) and the time with
    live_params()."""
    columns = LOCKS.c if columns is None else columns
    now = clock.now() if now is None else now
    return sa.or_(columns.expires_at.is_(None), columns.expires_at > now,
                  columns.legal_hold_at.isnot(None))


NOW = sa.bindparam('now')


def live_params():
    """The parameters every statement built with NOW needs."""
    return {'now': clock.now()}


def live_condition(locks, resource_id, action):
    """The join condition of a live, unexpired `action` lock of `locks`
    (the lock table or an alias of it) on `resource_id` (a column): what
    live_locks asks, for hosts that read locks beside their own rows in one
    statement (host/db/access_rules.py: a rule and its visibility lock).
    Execute with live_params()."""
    return sa.and_(locks.c.resource_id == resource_id,
                   locks.c.resource_action == action,
                   locks.c.deleted == base.LIVE, _unexpired(locks.c, NOW))


def live_within_condition(locks, container_id, action=None):
    """The condition on the live, unexpired locks of `locks` on the
    container `container_id` (a column or bind parameter) and on
    everything in it, only `action` locks if given: what live_locks_within
    asks, for a host reading a container's locks beside its own rows or
    only some of their columns (host/db/shares.py: a share with its locks;
    host/db/access_rules.py: a share's visibility locks). Execute with
    live_params()."""
    condition = sa.and_(locks.c.container_id == container_id,
                        locks.c.deleted == base.LIVE,
                        _unexpired(locks.c, NOW))
    if action is not None:
        condition = sa.and_(condition, locks.c.resource_action == action)
    return condition


# The guard queries, built once: only their parameters change per request.
def _live_within_statement(with_action):
    stmt = sa.select(Lock).where(
        Lock.container_id == sa.bindparam('container_id'), _live(),
        _unexpired(now=NOW))
    if with_action:
        stmt = stmt.where(Lock.resource_action == sa.bindparam('action'))
    return stmt.order_by(Lock.created_at, Lock.id)


def _live_on_statement(with_action):
    stmt = sa.select(Lock).where(
        Lock.resource_id.in_(sa.bindparam('resource_ids', expanding=True)),
        _live(), _unexpired(now=NOW))
    if with_action:
        stmt = stmt.where(Lock.resource_action == sa.bindparam('action'))
    return stmt.order_by(Lock.created_at, Lock.id)


_LIVE_WITHIN = {False: _live_within_statement(False),
                True: _live_within_statement(True)}
_LIVE_ON = {False: _live_on_statement(False), True: _live_on_statement(True)}


@db_api.writer
def insert(context, values):
    lock = Lock(id=values.get('id') or ids.time_ordered(), **{
        k: val for k, val in values.items() if k != 'id'})
    if lock.resource_action == v.SHOW:
        lock.visibility_guard = lock.resource_id
    context.session.add(lock)
    flush(context)
    return lock


# What the table gives a new lock that `values` does not.
_NEW_ROW = dict(dict.fromkeys(LOCKS.c.keys()), deleted=base.LIVE,
                row_version=0)


def new_row(values):
    """A new deletion lock, for a Core insert: (its row for LOCKS, the
    lock as a LockRow). `values` as for insert() (a visibility lock needs
    insert(), which sets its one-per-resource guard)."""
    row = dict(_NEW_ROW, created_at=base.utcnow(), **values)
    row['id'] = row['id'] or ids.time_ordered()
    return ({key: value for key, value in row.items()
             if key != 'row_version'}, LockRow(**row))


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
    params = dict(live_params(), container_id=container_id)
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
    params = dict(live_params(), resource_ids=resource_ids)
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


def _shape(scope, query):
    """What find()'s statement depends on, apart from the values."""
    return (tuple(sorted((key, isinstance(value, (list, tuple, set)))
                         for key, value in query.filters.items())),
            scope.project_id is None, query.reason_contains is not None,
            query.created_since is not None,
            query.created_before is not None, query.sort_key,
            query.sort_dir, query.limit is not None, bool(query.offset))


@functools.lru_cache(maxsize=256)
def _find_statements(shape):
    """(page, count) statements of one shape of list query, built once:
    a Core select with bind parameters, rows rather than ORM objects."""
    (filters, everyone, reason, since, before, sort_key, sort_dir, limited,
     offset) = shape
    columns = LOCKS.c
    stmt = sa.select(LOCKS).where(columns.deleted == base.LIVE,
                                  _unexpired(columns, NOW))
    if not everyone:
        project = sa.bindparam('scope_project')
        stmt = stmt.where(sa.or_(columns.project_id == project,
                                 columns.resource_project_id == project))
    for key, many in filters:
        value = sa.bindparam('filter_' + key, expanding=many)
        stmt = stmt.where(columns[key].in_(value) if many
                          else columns[key] == value)
    if reason:
        stmt = stmt.where(columns.lock_reason.like(sa.bindparam('reason'),
                                                   escape='\\'))
    if since:
        stmt = stmt.where(columns.created_at >= sa.bindparam('since'))
    if before:
        stmt = stmt.where(columns.created_at <= sa.bindparam('before'))
    count = sa.select(sa.func.count()).select_from(stmt.subquery())
    # The id breaks ties, so that following pages never repeat or skip.
    direction = sa.desc if sort_dir == 'desc' else sa.asc
    stmt = stmt.order_by(direction(columns[sort_key]),
                         direction(columns.id))
    if offset:
        stmt = stmt.offset(sa.bindparam('offset', type_=sa.Integer))
    if limited:
        stmt = stmt.limit(sa.bindparam('limit', type_=sa.Integer))
    if filters == (('resource_id', False),) and (sort_key, sort_dir) == (
            'created_at', 'desc') and not (reason or since or before or
                                           limited or offset):
        # The lock check's own list (?resource_id=, as Nova and the CLI
        # ask), in either scope: the one shape prepared.
        stmt = prepared.hot(stmt)
    return stmt, count


def _find_params(scope, query):
    params = dict(live_params(), scope_project=scope.project_id,
                  limit=query.limit, offset=query.offset,
                  since=query.created_since, before=query.created_before)
    if query.reason_contains is not None:
        params['reason'] = db_query.like_pattern(query.reason_contains)
    for key, value in query.filters.items():
        many = isinstance(value, (list, tuple, set))
        params['filter_' + key] = list(value) if many else value
    return params


def find(context, scope, query):
    """One page of live locks within `scope` matching `query`, as rows
    (read-only, attribute access as on a ResourceLock); the count (if
    asked) is of all matches. Read on a Core connection (in the caller's
    transaction, if any)."""
    _check_query(query)
    stmt, count_stmt = _find_statements(_shape(scope, query))
    params = _find_params(scope, query)
    count = None
    with db_api.core_reader(context) as connection:
        if query.with_count:
            count = connection.execute(count_stmt, params).scalar_one()
        rows = prepared.execute(connection, stmt, params).all()
    return LockPage([LockRow._make(row) for row in rows], count)


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
