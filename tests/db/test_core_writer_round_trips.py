"""db_api.core_writer on PostgreSQL: the BEGIN goes with the block's first
statement and the COMMIT with the statement run with db_api.LAST, so a
read, then a write (a share's lock: core/locks._create_on_share) is two
round trips; what runs, and in which transaction, is unchanged.

| block                          | PostgreSQL (psycopg2)         | others    |
|--------------------------------|-------------------------------|-----------|
| read FOR UPDATE, LAST insert   | 'BEGIN; read', 'insert; COMMIT'| as before|
| between the two                | row locked, transaction open  | the same  |
| an error in the block          | rolled back, nothing kept     | the same  |
| the LAST statement fails       | rolled back, nothing kept     | the same  |
| no LAST statement              | COMMIT on leaving the block   | the same  |
| a hot insert's first run       | its PREPARE carries no COMMIT | no PREPARE|
| LAST outside core_writer       | no COMMIT added               | nothing   |
| an executemany given LAST      | no COMMIT added               | nothing   |
| LAST on what returns rows or a | no COMMIT added (the block's  | nothing   |
| row count (RETURNING, UPDATE)  | end commits): result intact   |           |
| a default run before the LAST  | carries no COMMIT             | -         |
| a comment ending the statement | the COMMIT after a newline    | -         |
| an error after LAST            | committed (LAST is the block's| rolled    |
|                                | last act: core_writer says so)| back      |
| after any of these             | the connection back idle      | -         |
"""
import sqlite3

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import engines
import pytest
import sqlalchemy as sa

from manila_locks.db import api as db_api
from manila_locks.db import prepared
from tests.db import test_query_counts
from tests import dbutils

METADATA = sa.MetaData()
HELD = sa.Table('core_writer_held', METADATA,
                sa.Column('id', sa.Integer, primary_key=True),
                sa.Column('name', sa.String(16)))
ADDED = sa.Table('core_writer_added', METADATA,
                 sa.Column('id', sa.Integer, primary_key=True),
                 sa.Column('held_id', sa.Integer))
LOCK_HELD = sa.select(HELD.c.id, HELD.c.name).where(
    HELD.c.id == sa.bindparam('id')).with_for_update()
ADD = prepared.hot(sa.insert(ADDED).values(
    id=sa.bindparam('id'), held_id=sa.bindparam('held_id')))


@pytest.fixture
def tables(db, monkeypatch):
    monkeypatch.setitem(prepared._STATE, 'enabled', True)
    db.engine.dispose()         # connections that prepared nothing yet
    METADATA.drop_all(db.engine)
    METADATA.create_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(sa.insert(HELD), [{'id': 1, 'name': 'one'}])
    yield db
    METADATA.drop_all(db.engine)


@pytest.fixture
def sent(tables):
    recorder = test_query_counts.Statements(tables.engine,
                                            keep=lambda text: True)
    recorder.counting = True
    yield recorder.seen
    recorder.close()


def _added(engine):
    with engine.connect() as connection:
        return sorted(connection.execute(
            sa.select(ADDED.c.id)).scalars().all())


def _lock_then_add(connection, added_id, options=db_api.LAST):
    [row] = connection.execute(LOCK_HELD, {'id': 1}).all()
    prepared.execute(connection, ADD, {'id': added_id, 'held_id': row.id},
                     execution_options=options)


def _texts(sent):
    return [text for text, _ in sent
            if not text.startswith(('BEGIN IMMEDIATE', 'PRAGMA'))]


def _carried(sent):
    """The statements that carried their transaction's COMMIT."""
    return [text for text, _ in sent
            if text.endswith(dbutils.CARRIED_COMMIT)]


def _open_elsewhere(db):
    """Transactions left open by this test's engine: PostgreSQL's view of
    every other session on this database."""
    if db.name != 'postgresql':
        return []
    engine = sa.create_engine(db.engine.url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT state FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND state "
                "LIKE 'idle in transaction%%'").scalars().all()
    finally:
        engine.dispose()


def _locked_elsewhere(db):
    """Whether another connection is kept from taking what the block
    holds: the row (FOR UPDATE NOWAIT), or on SQLite, which has no row
    locks, the database's write lock."""
    if db.name == 'sqlite':
        other = sqlite3.connect(db.engine.url.database, timeout=0,
                                isolation_level=None)
        try:
            other.execute('BEGIN IMMEDIATE')
        except sqlite3.OperationalError:
            return True
        finally:
            other.close()
        return False
    with db.engine.connect() as other:
        try:
            other.execute(LOCK_HELD.with_for_update(nowait=True),
                          {'id': 1}).all()
        except (db_exc.DBError, sa.exc.DBAPIError):
            return True
    return False


def test_a_read_then_a_last_write_is_two_round_trips(tables, sent):
    with db_api.core_writer() as connection:
        _lock_then_add(connection, 10)
    texts = [text for text in _texts(sent) if dbutils.counted(text)]
    if tables.name == 'postgresql':
        assert len(texts) == 2, texts
        assert texts[0].startswith('BEGIN; SELECT')
        assert texts[1].startswith('EXECUTE manila_locks_insert_')
        assert texts[1].endswith(dbutils.CARRIED_COMMIT)
        assert not [text for text, _ in sent if text in ('COMMIT', 'BEGIN')]
    else:
        assert [dbutils.kind(text) for text in texts] == ['SELECT', 'INSERT']
    assert _added(tables.engine) == [10]
    assert _open_elsewhere(tables) == []


def test_between_the_two_the_row_is_locked_and_the_transaction_open(
        tables):
    with db_api.core_writer() as connection:
        connection.execute(LOCK_HELD, {'id': 1}).all()
        assert _locked_elsewhere(tables)
        if tables.name == 'postgresql':
            status = connection.connection.dbapi_connection.info
            assert status.transaction_status != db_api._IDLE
        prepared.execute(connection, ADD, {'id': 10, 'held_id': 1},
                         execution_options=db_api.LAST)
    assert not _locked_elsewhere(tables)
    assert _added(tables.engine) == [10]


def test_an_error_in_the_block_keeps_nothing(tables):
    with pytest.raises(RuntimeError):
        with db_api.core_writer() as connection:
            connection.execute(LOCK_HELD, {'id': 1}).all()
            connection.execute(sa.insert(ADDED), {'id': 10, 'held_id': 1})
            raise RuntimeError('a check failed')
    assert _added(tables.engine) == []
    assert _open_elsewhere(tables) == []
    with db_api.core_writer() as connection:
        _lock_then_add(connection, 11)
    assert _added(tables.engine) == [11]


def test_a_failing_last_statement_keeps_nothing(tables):
    with db_api.core_writer() as connection:
        _lock_then_add(connection, 10)
    with pytest.raises(db_exc.DBDuplicateEntry):
        with db_api.core_writer() as connection:
            connection.execute(sa.insert(ADDED), {'id': 11, 'held_id': 1})
            _lock_then_add(connection, 10)      # a key already there
    assert _added(tables.engine) == [10]
    assert _open_elsewhere(tables) == []
    with db_api.core_writer() as connection:
        _lock_then_add(connection, 12)
    assert _added(tables.engine) == [10, 12]


def test_without_a_last_statement_the_block_commits_on_leaving(
        tables, sent):
    with db_api.core_writer() as connection:
        _lock_then_add(connection, 10, options=None)
    if tables.name == 'postgresql':
        assert _texts(sent)[-1] == 'COMMIT'
    assert _added(tables.engine) == [10]
    assert _open_elsewhere(tables) == []


def test_a_prepare_on_the_way_carries_no_commit(tables, sent):
    """The first run of a hot insert on a connection sends its PREPARE
    inside the block: the COMMIT must go with the insert itself, or the
    insert would run after the row lock is gone."""
    with db_api.core_writer() as connection:
        _lock_then_add(connection, 10)
    texts = _texts(sent)
    if tables.name == 'postgresql':
        [prepare] = [text for text in texts if 'PREPARE' in text]
        assert not prepare.endswith('COMMIT')
        assert texts[-1].startswith('EXECUTE')
        assert texts[-1].endswith(dbutils.CARRIED_COMMIT)
    else:
        assert not [text for text in texts if 'PREPARE' in text]


def test_last_outside_core_writer_adds_nothing(tables, sent):
    with tables.engine.begin() as connection:
        connection.execute(sa.insert(ADDED), {'id': 10, 'held_id': 1},
                           execution_options=db_api.LAST)
    assert not _carried(sent)
    assert _added(tables.engine) == [10]


def test_an_executemany_is_never_given_the_commit(tables, sent):
    with db_api.core_writer() as connection:
        connection.execute(LOCK_HELD, {'id': 1}).all()
        connection.execute(
            sa.insert(ADDED), [{'id': 10, 'held_id': 1},
                               {'id': 11, 'held_id': 1}],
            execution_options=dict(db_api.LAST, insertmanyvalues_page_size=1))
    assert not _carried(sent)
    assert _added(tables.engine) == [10, 11]
    assert _open_elsewhere(tables) == []


def test_last_on_what_returns_rows_or_a_count_leaves_them_intact(
        tables, sent):
    with db_api.core_writer() as connection:
        connection.execute(LOCK_HELD, {'id': 1}).all()
        returned = connection.execute(
            sa.insert(ADDED).returning(ADDED.c.id),
            {'id': 10, 'held_id': 1}, execution_options=db_api.LAST)
        assert returned.scalars().all() == [10]
    with db_api.core_writer() as connection:
        connection.execute(LOCK_HELD, {'id': 1}).all()
        updated = connection.execute(
            sa.update(ADDED).values(held_id=2), {},
            execution_options=db_api.LAST)
        assert updated.rowcount == 1
    assert not _carried(sent)
    assert _added(tables.engine) == [10]
    assert _open_elsewhere(tables) == []


def test_a_default_run_before_the_last_statement_carries_no_commit(
        tables, sent):
    """SQLAlchemy runs a sequence's nextval before an insert that cannot
    return its key, with the insert's own options: the COMMIT must wait
    for the insert."""
    numbered = sa.Table(
        'core_writer_numbered', METADATA,
        sa.Column('id', sa.Integer, sa.Sequence('core_writer_seq'),
                  primary_key=True),
        sa.Column('name', sa.String(16)), implicit_returning=False)
    numbered.create(tables.engine)
    try:
        with db_api.core_writer() as connection:
            connection.execute(LOCK_HELD, {'id': 1}).all()
            connection.execute(sa.insert(numbered), {'name': 'n'},
                               execution_options=db_api.LAST)
        if tables.name == 'postgresql':
            [insert] = _carried(sent)
            assert 'INSERT INTO core_writer_numbered' in insert
        with tables.engine.connect() as connection:
            assert connection.execute(
                sa.select(numbered.c.name)).scalars().all() == ['n']
        assert _open_elsewhere(tables) == []
    finally:
        numbered.drop(tables.engine)
        METADATA.remove(numbered)


def test_a_comment_ending_the_statement_does_not_swallow_the_commit(
        tables, monkeypatch):
    """oslo.db's [database] connection_trace ends each statement with a
    -- comment (its listener runs before this service's)."""
    engine = engines.create_engine(tables.engine.url,
                                   connection_trace=True)
    db_api.tune_engine(engine)
    seen = test_query_counts.Statements(engine, keep=lambda text: True)
    seen.counting = True
    monkeypatch.setattr(db_api.writer, 'get_engine', lambda: engine)
    try:
        with db_api.core_writer() as connection:
            _lock_then_add(connection, 10)
    finally:
        seen.close()
        engine.dispose()
    if tables.name == 'postgresql':
        *_, (last, _) = seen.seen
        assert '-- File:' in last
        # The COMMIT on a line of its own: the comment ends the line
        # before it (Connection.execute: the listener adds the COMMIT after
        # oslo.db's comment), or follows it (db/direct puts the COMMIT on
        # the statement before the listeners run); never swallows it.
        assert last.split('\n')[-1].startswith(
            dbutils.CARRIED_COMMIT.lstrip('\n')), last
        # The end of the block had nothing left to commit.
        assert not [text for text, _ in seen.seen
                    if text.startswith('COMMIT')]
    assert _added(tables.engine) == [10]
    assert _open_elsewhere(tables) == []


def test_an_error_after_the_last_statement(tables):
    """On PostgreSQL the LAST statement's transaction is committed with
    it: nothing the block does after it can undo it (core_writer's
    contract: LAST is the block's last act). Elsewhere the block's end
    commits, so an error rolls it back."""
    with pytest.raises(RuntimeError):
        with db_api.core_writer() as connection:
            _lock_then_add(connection, 10)
            raise RuntimeError('too late')
    assert _added(tables.engine) == (
        [10] if tables.name == 'postgresql' else [])
    assert _open_elsewhere(tables) == []
