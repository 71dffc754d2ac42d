"""db/on_cursor.send: the transaction statements db/api sends itself on
SQLite, on the driver's cursor instead of through exec_driver_sql, are
sent, seen and failed as exec_driver_sql sends, shows and fails them.

| sent by db/api               | where               | checked here        |
|------------------------------|---------------------|---------------------|
| BEGIN IMMEDIATE              | a write transaction | the listeners see it|
|                              | begins (_on_begin)  | (no context); the   |
|                              |                     | write lock is held  |
| BEGIN                        | core_reader(one_    | seen; no write lock |
|                              | snapshot=True)      |                     |
| PRAGMA synchronous = NORMAL, | refusal_insert      | seen, in that order |
| then BEGIN IMMEDIATE         |                     |                     |
| BEGIN IMMEDIATE while another| a write transaction | the same error as   |
| connection holds the write   | begins              | exec_driver_sql's;  |
| lock                         |                     | nothing left open   |
| any, on a connection that    | every one           | exec_driver_sql runs|
| logs its SQL (echo)          |                     | it: it is logged    |
"""
import logging
import sqlite3

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.db import api as db_api
from manila_locks.db import on_cursor

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)


class Seen:
    """What the engine's cursor listeners are given."""

    def __init__(self, engine):
        self.engine = engine
        self.statements = []
        sa.event.listen(engine, 'before_cursor_execute', self._before)
        sa.event.listen(engine, 'after_cursor_execute', self._after)

    def _before(self, conn, cursor, statement, parameters, context, many):
        self.statements.append(('before', statement, context))

    def _after(self, conn, cursor, statement, parameters, context, many):
        self.statements.append(('after', statement, context))

    def texts(self):
        return [text for when, text, _ in self.statements
                if when == 'before']

    def close(self):
        sa.event.remove(self.engine, 'before_cursor_execute', self._before)
        sa.event.remove(self.engine, 'after_cursor_execute', self._after)


@pytest.fixture
def seen(db):
    recorder = Seen(db.engine)
    yield recorder
    recorder.close()


def _write_lock_free(db):
    other = sqlite3.connect(db.engine.url.database, timeout=0,
                            isolation_level=None)
    try:
        other.execute('BEGIN IMMEDIATE')
        other.execute('ROLLBACK')
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()
    return True


def test_a_write_transaction_begins_immediate_seen_by_the_listeners(
        db, seen):
    with db_api.core_writer() as connection:
        assert not _write_lock_free(db)
        connection.execute(sa.insert(_NOTES), [{'id': 1}])
    assert _write_lock_free(db)
    assert seen.texts()[:1] == ['BEGIN IMMEDIATE']
    # Before and after, with no execution context, as db/direct's
    # statements are given to them.
    assert seen.statements[:2] == [('before', 'BEGIN IMMEDIATE', None),
                                   ('after', 'BEGIN IMMEDIATE', None)]


def test_a_snapshot_read_begins_deferred(db, seen):
    with db_api.core_reader(ml_context.get_admin_context(),
                            one_snapshot=True) as connection:
        connection.exec_driver_sql('SELECT 1').all()
        assert _write_lock_free(db)
    assert seen.texts() == ['BEGIN', 'SELECT 1']


def test_a_refusal_write_relaxes_its_commit_then_begins_immediate(
        db, seen, monkeypatch):
    monkeypatch.setitem(db_api._COMMITS, 'lazy', True)
    with db_api.core_refusal() as connection:
        # The connection syncs its commits (the suite's engine does not).
        connection.info[db_api._SYNCHRONOUS] = db_api._SYNCHRONOUS_FULL
        connection.exec_driver_sql('SELECT 1').all()
        db_api.refusal_insert(connection, sa.insert(_NOTES), [{'id': 1}])
        assert not _write_lock_free(db)
    assert seen.texts()[:4] == ['SELECT 1', 'PRAGMA synchronous = NORMAL',
                                'BEGIN IMMEDIATE', seen.texts()[3]]
    assert seen.texts()[3].startswith('INSERT INTO on_cursor_notes')


_METADATA = sa.MetaData()
_NOTES = sa.Table('on_cursor_notes', _METADATA,
                  sa.Column('id', sa.Integer, primary_key=True))


@pytest.fixture(autouse=True)
def notes(db):
    _METADATA.create_all(db.engine)
    yield
    _METADATA.drop_all(db.engine)


def _failed_begin(db):
    """What beginning a write transaction raises while another connection
    holds the write lock."""
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute('BEGIN IMMEDIATE')
    try:
        with db.engine.connect() as connection:
            # (On the driver's connection: a statement through SQLAlchemy
            # would begin the transaction under test.)
            driver = connection.connection.dbapi_connection
            driver.execute('PRAGMA busy_timeout = 0')
            with pytest.raises(Exception) as failed:
                with connection.begin():
                    pass
            # Nothing left open, nothing marked as open.
            assert not connection.in_transaction()
            assert 'in_transaction' not in connection.info
            driver.execute('PRAGMA busy_timeout = 30000')
    finally:
        holder.execute('ROLLBACK')
        holder.close()
    return failed.value


def _through_sqlalchemy(connection, sql):
    connection.exec_driver_sql(sql)


def test_a_begin_that_cannot_take_the_write_lock_fails_as_sqlalchemy_fails_it(
        db, monkeypatch):
    ours = _failed_begin(db)
    assert 'database is locked' in str(ours)
    monkeypatch.setattr(on_cursor, 'send', _through_sqlalchemy)
    reference = _failed_begin(db)
    assert type(ours) is type(reference)
    assert str(ours) == str(reference)
    monkeypatch.undo()
    # Afterwards the engine's connections begin and write as before.
    with db_api.core_writer() as connection:
        connection.execute(sa.insert(_NOTES), [{'id': 2}])
    assert _write_lock_free(db)


def test_a_connection_that_logs_its_sql_sends_through_sqlalchemy(
        db, caplog):
    logger = logging.getLogger('sqlalchemy.engine.Engine')
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO, logger='sqlalchemy.engine'):
            with db_api.core_writer():
                pass
    finally:
        logger.setLevel(previous)
    assert 'BEGIN IMMEDIATE' in caplog.text
