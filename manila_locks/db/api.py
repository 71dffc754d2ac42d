"""The one transaction manager: every DB function is @reader or @writer.

Functions decorated with ``@reader``/``@writer`` take the request context as
their first argument; nested calls join the caller's transaction, so a
handler's "check locks, then change state" is one transaction.
"""
from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

from manila_locks.db import row_locks

context_manager = enginefacade.transaction_context()
reader = context_manager.reader
writer = context_manager.writer


def configure(connection, **kwargs):
    # oslo.db's engines test each pooled connection before handing it out
    # (pool_pre_ping) and replace it if the server dropped it, so after a
    # database restart the next request simply reconnects; a request caught
    # mid-transaction fails with DBConnectionError, answered 503 by
    # api/middleware.FaultWrapper (tests/reliability/test_db_faults.py).
    # thread_checkin=False: oslo.db's default sleep(0) on every connection
    # return exists for eventlet, which this service does not use.
    kwargs.setdefault('thread_checkin', False)
    context_manager.configure(connection=connection, sqlite_fk=False,
                              **kwargs)
    context_manager.append_on_engine_create(tune_engine)


def tune_engine(engine):
    """Per-backend settings that the locking guarantees rely on."""
    if engine.dialect.name == 'sqlite':
        _serialize_sqlite_transactions(engine)
    elif engine.dialect.name == 'mysql':
        _read_committed(engine)
        _utf8mb4(engine)
        sa.event.listen(engine, 'connect', row_locks.detect_galera)
    # Connections opened before the hooks existed (oslo.db pings the
    # database on engine creation) must not be reused without them.
    engine.dispose()


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
        cursor.close()

    @sa.event.listens_for(engine, 'begin', insert=True)
    def _on_begin(conn):
        # SQLAlchemy 2.1 ignores insert=True here, so oslo.db's listener may
        # already have opened a deferred transaction (marker True); nothing
        # ran in it yet, so end it and open an immediate one instead.
        if conn.info.get('in_transaction') == 'immediate':
            return
        if 'in_transaction' in conn.info:
            conn.exec_driver_sql('COMMIT')
        conn.exec_driver_sql('BEGIN IMMEDIATE')
        conn.info['in_transaction'] = 'immediate'


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
