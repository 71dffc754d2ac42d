"""The hot statements as prepared statements on PostgreSQL.

PostgreSQL plans every statement it is sent. For the joins that decide a
lock check (a share and its locks, a rule and its visibility lock, the
locks on one resource) planning costs the database two to three times
what running them does: a refusal's read took 0.21 ms of a backend's
CPU, 0.065 ms once prepared; so did the insert of a share's lock and its
event in one statement (a WITH), and the row lock of the share before it
(a lock create's database CPU went from about 0.50 to 0.43 ms over
HTTP).

``execute(connection, statement, params)`` runs a prebuilt Core select
or insert as ``EXECUTE`` of a statement the connection prepared the
first time it ran it (``PREPARE``, once per database connection; it
outlives transactions, rolled back or not, and goes with the
connection). A hot select, prepared or not, is then read on the
driver's cursor where db/direct can (on every backend), its EXECUTE
included. Everything else executes as SQLAlchemy does.

Only statements marked with ``hot()`` are prepared (a connection holds a
few known ones, never one per shape of a request), and only when nothing
SQLAlchemy would do for them in Python is lost: a select, or an insert
of bound values, no bind or result processors for their types, no list
parameters (``IN``), no defaults computed in Python. Errors
pass through the engine as any statement's, oslo.db translating them; a
statement the server no longer knows (or whose table changed under it)
drops its connection and answers as a lost one does (503), once.
``configure(enabled=False)`` turns it off (``[DEFAULT]
prepared_statements``), for a pooler that hands one session's server
connection to another (PgBouncer in transaction mode).
"""
import functools
import hashlib

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import psycopg2 as pg_psycopg2

from manila_locks.db import direct

# The names a database connection has prepared, in the pool's record of
# it: forgotten with the connection when it is closed or invalidated.
_NAMES = 'manila_locks_prepared'
# The execution option that marks a statement as a hot read (hot()).
_HOT = 'manila_locks_hot_read'
_STATE = {'enabled': True}
# The server no longer has the statement (26000: a DEALLOCATE, or a
# pooler that moved the session), or its plan no longer fits a table
# changed under it (0A000: "cached plan must not change result type").
_STALE = {'26000', '0A000'}


def configure(enabled=True):
    _STATE['enabled'] = enabled


def hot(statement):
    """`statement` (a select or an insert built once, with bind
    parameters), marked to run prepared: only marked statements are, so
    that a connection holds a few, known ones, never one per shape a
    caller can make up."""
    return statement.execution_options(**{_HOT: True})


def execute(connection, statement, params, execution_options=None):
    """`connection`.execute(`statement`, `params`, `execution_options`),
    as a prepared statement where it can be (PostgreSQL through psycopg2,
    a hot() statement); a result either way (db/direct's Rows for a hot
    select read on the driver's cursor: all() and one_or_none()). The
    options go with the statement's own execution, never with a PREPARE
    sent before it."""
    options = execution_options or {}
    if not statement.get_execution_options().get(_HOT):
        return connection.execute(statement, params,
                                  execution_options=options)
    plan = None
    if _STATE['enabled'] and connection.dialect.driver == 'psycopg2':
        plan = _plan(statement)
    if plan is None or not plan.required.issubset(params):
        # (A parameter missing: SQLAlchemy's own error.)
        return _run(connection, statement, params, options)
    prepared = connection.info.setdefault(_NAMES, set())
    try:
        if plan.name not in prepared:
            connection.exec_driver_sql(plan.prepare)
            prepared.add(plan.name)
        return _run(connection, plan.execute, {
            key: params[key] if key in params else value
            for key, value in plan.arguments}, options)
    except (db_exc.DBError, sa.exc.DBAPIError) as error:
        # oslo.db translates some, and leaves others as SQLAlchemy's.
        wrapped = getattr(error, 'inner_exception', error)
        if getattr(getattr(wrapped, 'orig', None), 'pgcode',
                   None) not in _STALE:
            raise
        # What this connection prepared is not what the server has: drop
        # the connection (its record, names included, goes with it) and
        # answer as for a lost one (503); the next runs on a fresh one.
        connection.invalidate()
        raise db_exc.DBConnectionError(wrapped) from error


def _run(connection, statement, params, options):
    """A hot statement run on the driver's cursor where it can be
    (db/direct), else executed by SQLAlchemy."""
    if statement.is_select:
        rows = direct.select(connection, statement, params, options)
    else:
        rows = direct.write(connection, statement, params, options)
    if rows is None:
        return connection.execute(statement, params,
                                  execution_options=options)
    return rows


class _Plan:
    def __init__(self, name, compiled):
        self.name = name
        self.prepare = 'PREPARE %s AS %s' % (name, compiled.string)
        # (parameter name, the statement's own value for it), in $n order.
        self.arguments = tuple((key, compiled.binds[key].value)
                               for key in compiled.positiontup)
        self.required = frozenset(key for key in compiled.positiontup
                                  if compiled.binds[key].required)
        # A textual select of the statement's own columns (none for an
        # insert): compiled once and its result's keys cached, as the
        # statement's would be.
        self.execute = sa.text('EXECUTE %s (%s)' % (name, ', '.join(
            ':' + key for key, _ in self.arguments)))
        if compiled._result_columns:
            self.execute = self.execute.columns(*(
                sa.column(column[0], column[3])
                for column in compiled._result_columns))


# A plain psycopg2 dialect, for the checks: what the engine's would do.
_DIALECT = pg_psycopg2.PGDialect_psycopg2()


@functools.lru_cache(maxsize=16)
def _plan(statement):
    """The _Plan of a select or an insert, or None when it must run as
    SQLAlchemy runs it. Built once per statement object (the hot
    statements are module-level, or cached per shape)."""
    if not (statement.is_select or statement.is_insert):
        return None
    compiled = statement.compile(dialect=pg_psycopg2.PGDialect_psycopg2(
        paramstyle='numeric_dollar'))
    binds = [compiled.binds[key] for key in compiled.positiontup]
    if compiled._bind_processors or '__[POSTCOMPILE' in compiled.string:
        return None
    if getattr(compiled, 'insert_prefetch', None):
        # A column default computed in Python at each execution.
        return None
    if any(bind.expanding or bind.literal_execute or
           bind.callable is not None for bind in binds) or any(
            column[3].result_processor(_DIALECT, None) is not None
            for column in compiled._result_columns):
        return None
    digest = hashlib.sha1(compiled.string.encode('utf-8')).hexdigest()
    # Named by what it does, for whoever reads pg_prepared_statements or a
    # statement log, where an EXECUTE shows nothing else.
    return _Plan('manila_locks_%s_%s' % (
        'select' if statement.is_select else 'insert', digest[:20]),
        compiled)
