"""The one transaction manager: every DB function is @reader or @writer,
or (short hot paths) reads or writes on a Core connection of the same
engine with core_reader, core_writer or core_refusal.

Functions decorated with ``@reader``/``@writer`` take the request context as
their first argument; nested calls join the caller's transaction, so a
handler's "check locks, then change state" is one transaction.
"""
import contextlib
import functools
import select

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

from manila_locks.db import on_cursor
from manila_locks.db import row_locks

context_manager = enginefacade.transaction_context()
reader = context_manager.reader
writer = context_manager.writer


def in_transaction(context):
    """Whether `context` is inside an enginefacade @reader or @writer."""
    try:
        context.transaction_ctx
    except db_exc.NoEngineContextEstablished:
        return False
    return True


# Whether a refusal's commit may return before the disk has it
# (configure's lazy_refusal_commits; begin_refusal_write, refusal_insert).
_COMMITS = {'lazy': True}
# Marks a SQLite connection relaxed by refusal_insert until checkin.
_LAZY_COMMIT = 'manila_locks_lazy_commit'
# A SQLite connection's synchronous setting as oslo.db left it (2, FULL,
# unless [database] sqlite_synchronous is off): what a lazy commit's
# connection gets back (_serialize_sqlite_transactions).
_SYNCHRONOUS = 'manila_locks_synchronous'
_SYNCHRONOUS_FULL = 2
_SYNCHRONOUS_NORMAL = 1


def begin_refusal_write(connection):
    """Call just before a refusal's history is written in a transaction
    already open on `connection` (an ORM session's, on the row-locked
    path; core_refusal's connection takes refusal_insert instead), and
    only then: its commit may return before the database has made it
    durable. That history never changes an answer and its loss is already
    only logged (core/history.keep_refusal); every change to a lock or a
    resource commits durably.

    PostgreSQL: synchronous_commit off for this transaction (SET LOCAL):
    the commit does not wait for the WAL flush, and a crash of the
    database server (not of this service) may lose what committed in the
    last three wal_writer_delay (600 ms by default), never half of it. A
    SQLite transaction already open cannot change it and commits as it
    is; MySQL and MariaDB have no such setting per session. Nothing is
    relaxed when configure() was given lazy_refusal_commits=False."""
    if _COMMITS['lazy'] and connection.dialect.name == 'postgresql':
        connection.exec_driver_sql('SET LOCAL synchronous_commit TO OFF')


# PostgreSQL: what a refusal's insert returns to relax its own commit
# (refusal_insert): set_config(..., is_local) lasts until the end of the
# transaction, here the statement's own, whose commit reads it.
# Literals, not parameters: the statement says what it does in any log.
_LAZY_COMMIT_PG = sa.func.set_config(
    sa.literal_column("'synchronous_commit'"), sa.literal_column("'off'"),
    sa.true())


@functools.lru_cache(maxsize=8)
def _relaxing(insert):
    return insert.returning(_LAZY_COMMIT_PG)


def refusal_insert(connection, insert, rows):
    """Write a refusal's history `rows` with the Core `insert` through
    core_refusal's `connection`, after its read, as one transaction that
    commits before this returns, without waiting for the disk (see
    begin_refusal_write for what that risks and the option that turns it
    off).

    PostgreSQL: core_refusal's connection commits each statement (no
    BEGIN, no COMMIT: two round trips for a refusal, the read and this),
    so the rows go in one statement, however many, whose RETURNING sets
    synchronous_commit off for the statement's own transaction. SQLite:
    synchronous NORMAL until the connection goes back to the pool (in WAL
    mode the commit is not synced: a power failure, not a crash of the
    service, may lose it), then BEGIN IMMEDIATE, so that the rows are one
    transaction, committed on leaving core_refusal's block. MySQL and
    MariaDB: the insert, in core_refusal's transaction."""
    if not rows:
        return
    lazy = _COMMITS['lazy']
    dialect = connection.dialect.name
    if dialect == 'postgresql':
        # One statement for every row: on its own it is one transaction.
        # An executemany is cut into INSERTs of at most
        # insertmanyvalues_max_parameters values; past that, the rows go
        # in one statement's VALUES, built for this call.
        if len(rows) * len(rows[0]) > (
                connection.dialect.insertmanyvalues_max_parameters):
            statement, parameters, options = insert.values(rows), None, {}
            relaxed = statement.returning(_LAZY_COMMIT_PG)
        else:
            statement, parameters = insert, rows
            options = {'insertmanyvalues_page_size': len(rows)}
            relaxed = _relaxing(insert)
        connection.execute(relaxed if lazy else statement, parameters,
                           execution_options=options).close()
        return
    if dialect == 'sqlite':
        if lazy and connection.info.get(
                _SYNCHRONOUS, _SYNCHRONOUS_FULL) > _SYNCHRONOUS_NORMAL:
            on_cursor.send(connection, 'PRAGMA synchronous = NORMAL')
            connection.info[_LAZY_COMMIT] = True
        on_cursor.send(connection, 'BEGIN IMMEDIATE')
    connection.execute(insert, rows)


@contextlib.contextmanager
def core_writer():
    """A write transaction on a plain Core connection, no ORM Session:
    ``with db_api.core_writer() as connection:`` commits on leaving the
    block and rolls back on an error. For short hot paths only (a share's
    lock, core/locks): it joins no caller's transaction, and oslo.db's
    error translation (deadlock, lost connection) still applies, being
    the engine's. The engine's per-backend settings (tune_engine) apply
    too: on SQLite it opens with BEGIN IMMEDIATE.

    PostgreSQL through psycopg2: the BEGIN goes in the same string as the
    block's first statement, and the COMMIT in that of a statement
    executed with the LAST execution options, so that a read, then a
    write is two round trips instead of four (_carry_begin_and_commit).
    What runs, in which transaction, is the same, provided the LAST
    statement is the block's last act: once it has run, its transaction
    is committed, whatever the block raises after it (and a statement
    after it would run in a transaction of its own). On leaving the
    block, whatever is still open on the server is committed, or rolled
    back after an error."""
    with writer.get_engine().connect() as connection:
        if not _carries_begin_and_commit(connection.dialect):
            with connection.begin():
                yield connection
            return
        # psycopg2 sends no BEGIN of its own in autocommit; back in the
        # pool the connection is READ COMMITTED again (SQLAlchemy resets
        # it; psycopg2 does so without a round trip).
        connection.execution_options(isolation_level='AUTOCOMMIT',
                                     **{_CORE_WRITER: True})
        try:
            yield connection
        except BaseException:
            _end(connection, 'ROLLBACK')
            raise
        _end(connection, 'COMMIT')


# Execution options of the last statement of a core_writer block, one
# whose result is not read (an insert): on PostgreSQL its COMMIT goes
# with it, and nothing is left to send on leaving the block; elsewhere
# they change nothing. Only that statement's own execution carries the
# COMMIT: not a PREPARE sent before it (db/prepared), nor a column
# default run before it; and not a statement whose rows or row count its
# caller reads (a COMMIT after it would replace them), which leaves the
# COMMIT to the end of the block.
_LAST = 'manila_locks_last_in_transaction'
LAST = {_LAST: True}
# What a carried BEGIN is put before a statement as.
_CARRIED_BEGIN = 'BEGIN; '
# What a carried COMMIT is appended as: after a newline, so that a
# comment ending the statement (oslo.db's [database] connection_trace)
# does not swallow it.
_CARRIED_COMMIT = '\n; COMMIT'
# The execution option of a core_writer block's connection on PostgreSQL.
_CORE_WRITER = 'manila_locks_core_writer'
# psycopg2.extensions.TRANSACTION_STATUS_IDLE: no transaction open.
_IDLE = 0


def _carries_begin_and_commit(dialect):
    return dialect.name == 'postgresql' and dialect.driver == 'psycopg2'


def carried_commit(connection, execution_options):
    """What db/direct puts after a statement it runs with
    `execution_options` (one whose result nobody reads): its
    transaction's COMMIT when it is a core_writer block's LAST statement
    on PostgreSQL, as _carry_begin_and_commit does with an execution
    context; else nothing."""
    if (execution_options and execution_options.get(_LAST) and
            connection.get_execution_options().get(_CORE_WRITER)):
        return _CARRIED_COMMIT
    return ''


def opens_no_transaction(connection):
    """Whether `connection` is a core_reader's plain read, for which
    SQLAlchemy's transaction is bookkeeping only: no BEGIN is sent for it
    (_on_begin), and what the driver opens on its own is rolled back when
    the connection goes back to the pool. db/direct then begins none."""
    return bool(connection.get_execution_options().get(_READ_ONLY))


def _carry_begin_and_commit(conn, cursor, statement, parameters, context,
                            executemany):
    """before_cursor_execute on PostgreSQL (retval): in a core_writer
    block, BEGIN before a statement when no transaction is open (its
    first), and COMMIT after a LAST one, in the same string. PostgreSQL
    runs a string's statements in order, the transaction a BEGIN opens
    going on past the string's end, and stops at the first error,
    leaving the transaction failed for core_writer to roll back."""
    # (No execution context: a db/direct read, whose connection's options
    # are all there are.)
    options = (context.execution_options if context is not None
               else conn.get_execution_options())
    if not options.get(_CORE_WRITER):
        return statement, parameters
    # (No execution context: a db/direct statement, which has put its
    # COMMIT after it already, see carried_commit.)
    commits = options.get(_LAST) and context is not None and (
        _may_carry_commit(statement, context, executemany))
    if cursor.connection.info.transaction_status == _IDLE:
        statement = _CARRIED_BEGIN + statement
    if commits:
        statement += _CARRIED_COMMIT
    return statement, parameters


def _may_carry_commit(statement, context, executemany):
    """Whether a LAST statement can carry its transaction's COMMIT (see
    LAST): its own execution (its compiled text, whatever an earlier
    listener appended; not a default run before it, which shares its
    context), once, of a statement whose result nobody reads (no rows;
    not an UPDATE or DELETE, whose row count counts)."""
    compiled = context.compiled
    return (not executemany and compiled is not None and
            statement.startswith(compiled.string) and
            not compiled._result_columns and
            not (context.isupdate or context.isdelete))


def _end(connection, command):
    """Leave core_writer's block: send `command` (COMMIT or ROLLBACK)
    when a transaction is still open on the server, which psycopg2 knows
    without a round trip. A connection that cannot say is dropped, never
    returned to the pool in a transaction."""
    if connection.invalidated or connection.closed:
        return
    dbapi_connection = connection.connection.dbapi_connection
    try:
        if dbapi_connection.info.transaction_status != _IDLE:
            connection.exec_driver_sql(command)
    except BaseException:
        # (A COMMIT refused, by a deferred constraint say, leaves the
        # connection idle: it may go back to the pool.)
        if not connection.invalidated and (
                dbapi_connection.closed or
                dbapi_connection.info.transaction_status != _IDLE):
            connection.invalidate()
        raise


# A Core connection for a quick refusal: on SQLite no BEGIN (_on_begin)
# until refusal_insert.
_REFUSAL = 'manila_locks_refusal'


@contextlib.contextmanager
def core_refusal():
    """A plain Core connection for a quick refusal (core/checker
    .refuse_seen), which reads a share and its locks and writes at most
    the refusal's history (refusal_insert):
    ``with db_api.core_refusal() as connection:``.

    PostgreSQL: each statement commits on its own (psycopg2 sends no
    BEGIN and no COMMIT), the read a snapshot of its own as under READ
    COMMITTED, the history one statement. SQLite: no BEGIN before
    refusal_insert, so the read takes no write lock and never waits for a
    writer; the history's insert is then a transaction of its own. MySQL
    and MariaDB: one transaction, committed on leaving the block.
    Refusing on a lock seen by a read of its own is right
    (checker.refuse_seen says why); nothing is allowed through on such a
    read."""
    with writer.get_engine().connect() as connection:
        if connection.dialect.name == 'postgresql':
            # Back in the pool the connection is READ COMMITTED again
            # (SQLAlchemy resets it; psycopg2 does so without a round
            # trip).
            connection.execution_options(isolation_level='AUTOCOMMIT')
        connection.execution_options(**{_REFUSAL: True})
        with connection.begin():
            yield connection


# A Core connection that only reads: on SQLite it opens no transaction
# at all, and takes no write lock (see _on_begin).
_READ_ONLY = 'manila_locks_read_only'
# One that reads one snapshot: on SQLite a deferred BEGIN (_on_begin).
_SNAPSHOT = 'manila_locks_snapshot'


@contextlib.contextmanager
def core_reader(context, one_snapshot=False):
    """A read on a plain Core connection, no ORM Session:
    ``with db_api.core_reader(context) as connection:``.

    Inside a caller's transaction (an enginefacade @reader or @writer on
    `context`) it is that transaction's connection, so the read joins it:
    it sees what the caller wrote, and on SQLite never waits for the
    caller's own write lock. Otherwise it is a connection of the engine
    @reader reads from, whose transaction is rolled back on leaving the
    block. On SQLite no BEGIN is sent (not the BEGIN IMMEDIATE of other
    transactions): each statement reads its own snapshot, as each
    statement of a READ COMMITTED transaction does on PostgreSQL, takes no
    write lock and in WAL mode never waits for a writer. oslo.db's error
    translation applies, being the engine's.

    one_snapshot: every statement of the block reads the same committed
    state, for reads whose statements must agree (a rule list: rules read
    by one statement, their visibility locks by another). PostgreSQL and
    MySQL: a REPEATABLE READ transaction (read-only, it cannot fail to
    serialise), for that transaction only: the connection goes back to
    the pool READ COMMITTED, which the row-locked paths rely on. SQLite:
    a deferred BEGIN, which takes no write lock and in WAL mode never
    waits for a writer. Not inside a caller's transaction, whose
    isolation would decide instead: that raises RuntimeError."""
    if in_transaction(context):
        if one_snapshot:
            raise RuntimeError('core_reader(one_snapshot=True) inside a '
                               'transaction: its isolation would decide')
        yield context.session.connection()
        return
    with reader.get_engine().connect() as connection:
        dialect = connection.dialect.name
        if not one_snapshot:
            connection.execution_options(**{_READ_ONLY: True})
        elif dialect == 'sqlite':
            connection.execution_options(**{_SNAPSHOT: True})
        elif dialect == 'postgresql':
            # psycopg2 sends it with its BEGIN; on the way back to the
            # pool SQLAlchemy resets the connection to the server's
            # default, which this service leaves as it is on PostgreSQL.
            connection.execution_options(isolation_level='REPEATABLE READ')
        else:
            # MySQL and MariaDB: for the next transaction only. (A
            # connection option would be reset to the server's default,
            # REPEATABLE READ, not to the READ COMMITTED that
            # _read_committed gives every session.)
            connection.exec_driver_sql(
                'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')
        yield connection


def configure(connection, lazy_refusal_commits=True, **kwargs):
    # Each pooled connection is checked before it is handed out and
    # replaced if the server dropped it (see _pool_without_ping), so after a
    # database restart the next request simply reconnects; a request caught
    # mid-transaction fails with DBConnectionError, answered 503 by
    # api/middleware.FaultWrapper (tests/reliability/test_db_faults.py).
    # thread_checkin=False: oslo.db's default sleep(0) on every connection
    # return exists for eventlet, which this service does not use.
    kwargs.setdefault('thread_checkin', False)
    _COMMITS['lazy'] = lazy_refusal_commits
    context_manager.configure(connection=connection, sqlite_fk=False,
                              **kwargs)
    context_manager.append_on_engine_create(tune_engine)


def tune_engine(engine):
    """Per-backend settings that the locking guarantees rely on."""
    # First: the listeners below then land on the pool in use.
    _pool_without_ping(engine)
    if engine.dialect.name == 'sqlite':
        _serialize_sqlite_transactions(engine)
    else:
        sa.event.listen(engine, 'checkout', _drop_if_closed_by_server)
    if _carries_begin_and_commit(engine.dialect):
        sa.event.listen(engine, 'before_cursor_execute',
                        _carry_begin_and_commit, retval=True)
    if engine.dialect.name == 'mysql':
        _read_committed(engine)
        _utf8mb4(engine)
        sa.event.listen(engine, 'connect', row_locks.detect_galera)
    # Connections opened before the hooks existed (oslo.db pings the
    # database on engine creation) must not be reused without them.
    engine.dispose()


def _pool_without_ping(engine):
    """The engine's pool, again, but without a round trip per checkout.

    oslo.db always sets pool_pre_ping: a SELECT 1 before every transaction,
    about a third of the CPU of a one-statement request. On PostgreSQL and
    MariaDB _drop_if_closed_by_server notices a dropped connection without
    a round trip. On SQLite (a file: nothing to drop) oslo.db also chose
    NullPool, which opened, set up (PRAGMAs) and closed a connection per
    transaction; the pysqlite dialect opens file databases with
    check_same_thread=False, so a QueuePool of them serves any thread.
    """
    old = engine.pool
    size = {}
    if isinstance(old, sa.pool.QueuePool):
        size = {'pool_size': old.size(), 'max_overflow': old._max_overflow,
                'timeout': old.timeout()}
    elif isinstance(old, sa.pool.NullPool):
        size = {'pool_size': 5, 'max_overflow': 20}
    else:
        return      # StaticPool (:memory:): one connection, never dropped
    engine.pool = sa.pool.QueuePool(
        old._creator, recycle=old._recycle, echo=old.echo,
        logging_name=old._orig_logging_name,
        reset_on_return=old._reset_on_return, pre_ping=False,
        _dispatch=old.dispatch, dialect=old._dialect, **size)
    old.dispose()


def _socket_of(dbapi_conn):
    """The driver connection's socket file descriptor, or None when the
    driver knows the connection is closed."""
    if getattr(dbapi_conn, 'closed', 0):            # psycopg2
        return None
    sock = getattr(dbapi_conn, '_sock', dbapi_conn)  # PyMySQL keeps it here
    if sock is None:
        return None
    try:
        return sock.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _drop_if_closed_by_server(dbapi_conn, record, proxy):
    """Pool checkout: refuse a connection the server has closed.

    Between transactions the server sends nothing on a live connection; a
    socket that is readable then holds the server's goodbye (a restart, an
    idle timeout, a killed session) or end-of-file. Raising
    DisconnectionError makes the pool discard it and connect afresh, as a
    failed pre-ping did, without sending a byte.
    """
    fd = _socket_of(dbapi_conn)
    if fd is None or fd < 0:
        raise sa.exc.DisconnectionError('connection already closed')
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        raise sa.exc.DisconnectionError('closed by the database server')


# How many pages the write-ahead log may hold before a commit copies
# them into the database file (SQLite's default: 1000). The commit that
# crosses it pays for the copy and a sync of the file, in this process;
# a page written again and again (an index's hot right-hand leaf, the
# pages of a share's row and its locks) is copied once per checkpoint,
# however often it was logged. At 10,000 (a log of up to 40 MB; a reader
# looks a page up in three hash segments instead of one) a lock create
# spent 3% less CPU and a refused delete 10% less, in process; reads as
# before or less. What it costs: the commit that crosses it copies up to
# ten times more (a rarer, larger pause), and a refusal's history, whose
# commit is not synced (refusal_insert), waits longer for the next synced
# commit or checkpoint to reach the disk when nothing else is written.
_WAL_AUTOCHECKPOINT_PAGES = 10000


def _serialize_sqlite_transactions(engine):
    # SQLite has no row locks; BEGIN IMMEDIATE takes the database write lock
    # at the start of every transaction, so check-then-write sequences run
    # one at a time instead of failing with "database is locked" mid-way.
    # oslo.db already switches pysqlite to manual transactions and emits a
    # plain BEGIN unless conn.info says one is open; ours runs first.
    @sa.event.listens_for(engine, 'connect')
    def _on_connect(dbapi_conn, record):
        cursor = dbapi_conn.cursor()
        cursor.execute('PRAGMA busy_timeout = 30000')
        cursor.execute('PRAGMA journal_mode = WAL')
        cursor.execute('PRAGMA wal_autocheckpoint = %d'
                       % _WAL_AUTOCHECKPOINT_PAGES)
        cursor.execute('PRAGMA synchronous')
        record.info[_SYNCHRONOUS] = cursor.fetchone()[0]
        cursor.close()

    # oslo.db's own 'begin' listener emits a deferred BEGIN; SQLAlchemy
    # 2.1 runs it before ours whatever insert=True says, and turning it
    # into an immediate one then took BEGIN, COMMIT, BEGIN IMMEDIATE per
    # transaction. Without it, one statement. oslo.db's commit/rollback
    # listener still clears the marker.
    for listener in list(engine.dispatch.begin):
        if getattr(listener, '__name__', '') == '_sqlite_emit_begin':
            sa.event.remove(engine, 'begin', listener)

    @sa.event.listens_for(engine, 'begin')
    def _on_begin(conn):
        if conn.info.get('in_transaction') == 'immediate':
            return
        options = conn.get_execution_options()
        if options.get(_READ_ONLY):
            # core_reader: pysqlite, left in manual transaction mode by
            # oslo.db, then runs each SELECT on its own (autocommit).
            return
        if options.get(_SNAPSHOT):
            # core_reader(one_snapshot=True): a read transaction, ended by
            # the rollback on leaving the block.
            on_cursor.send(conn, 'BEGIN')
            return
        if options.get(_REFUSAL):
            # core_refusal: the read on its own as well; a refusal's write
            # opens its transaction itself (refusal_insert).
            return
        if 'in_transaction' in conn.info:
            # oslo.db's listener was not found and ran first: its deferred
            # transaction has run nothing yet; end it, open an immediate one.
            on_cursor.send(conn, 'COMMIT')
        on_cursor.send(conn, 'BEGIN IMMEDIATE')
        conn.info['in_transaction'] = 'immediate'

    @sa.event.listens_for(engine, 'checkin')
    def _on_checkin(dbapi_conn, record):
        # Pooled connections keep their info: a marker must never outlive
        # the transaction it marks (commit and rollback clear it already).
        record.info.pop('in_transaction', None)
        if record.info.pop(_LAZY_COMMIT, False) and dbapi_conn is not None:
            cursor = dbapi_conn.cursor()
            cursor.execute('PRAGMA synchronous = %d' % record.info.get(
                _SYNCHRONOUS, _SYNCHRONOUS_FULL))
            cursor.close()


def _read_committed(engine):
    # InnoDB's default REPEATABLE READ would let a transaction that waited on
    # a share's row lock keep reading the lock table from its old snapshot.
    # READ COMMITTED makes the read after the row lock see what the lock
    # holder committed (PostgreSQL's default already behaves so).
    @sa.event.listens_for(engine, 'connect')
    def _on_connect(dbapi_conn, record):
        cursor = dbapi_conn.cursor()
        cursor.execute(
            'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')
        cursor.close()


def _utf8mb4(engine):
    # oslo.db opens MySQL connections with charset utf8 (3-byte utf8mb3)
    # unless the URL names one, while the tables are utf8mb4: a character
    # outside the BMP (an emoji) in a filter then failed with "Illegal mix
    # of collations" (answered 503) instead of matching, and could not be
    # stored (tests/fuzz/test_found_by_fuzzing.py).
    @sa.event.listens_for(engine, 'connect')
    def _on_connect(dbapi_conn, record):
        cursor = dbapi_conn.cursor()
        cursor.execute('SET NAMES utf8mb4')
        cursor.close()
