"""The pool hands out live connections without a round trip to check them
(db/api.py: no pool_pre_ping; a socket poll on checkout), and SQLite
connections are pooled, not opened per transaction."""
import time

import pytest
import sqlalchemy as sa
from sqlalchemy import pool

BACKEND_ID = {'postgresql': 'SELECT pg_backend_pid()',
              'mysql': 'SELECT CONNECTION_ID()'}
KILL = {'postgresql': 'SELECT pg_terminate_backend(%d)',
        'mysql': 'KILL %d'}


class Recorder:
    def __init__(self, engine):
        self.engine = engine
        self.statements = []
        sa.event.listen(engine, 'before_cursor_execute', self._record)

    def _record(self, conn, cursor, statement, parameters, context, many):
        self.statements.append(statement)

    def close(self):
        sa.event.remove(self.engine, 'before_cursor_execute', self._record)


def _backend_id(engine):
    with engine.connect() as conn:
        return conn.exec_driver_sql(BACKEND_ID[engine.dialect.name]).scalar()


def test_a_connection_the_server_dropped_is_replaced(db):
    if db.name == 'sqlite':
        pytest.skip('a SQLite connection is a file: nothing drops it')
    engine = db.engine
    engine.dispose()
    victim = _backend_id(engine)          # now the pool's only connection
    killer = sa.create_engine(db.url, poolclass=pool.NullPool)
    try:
        with killer.connect() as conn:
            conn.exec_driver_sql(KILL[db.name] % victim)
            conn.commit()
    finally:
        killer.dispose()
    time.sleep(0.5)     # the server closes the socket asynchronously
    recorder = Recorder(engine)
    try:
        assert _backend_id(engine) != victim
    finally:
        recorder.close()
    # No ping was sent: the only statement is the query itself.
    assert recorder.statements == [BACKEND_ID[db.name]]


def test_a_live_connection_is_reused_without_a_ping(db):
    engine = db.engine
    engine.dispose()
    recorder = Recorder(engine)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql('SELECT 2').scalar()
        with engine.connect() as conn:
            conn.exec_driver_sql('SELECT 3').scalar()
    finally:
        recorder.close()
    assert [s for s in recorder.statements if 'SELECT' in s.upper()] == [
        'SELECT 2', 'SELECT 3']
    assert isinstance(engine.pool, pool.QueuePool)
    assert engine.pool.checkedin() == 1      # one connection, used twice
