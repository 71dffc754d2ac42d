"""A refusal's history commits without waiting for the disk; nothing else
does (db/api.core_refusal, refusal_insert, begin_refusal_write).

Each row: a transaction the service opens, and the durability its commit
must have on each backend. 'lazy' is PostgreSQL's synchronous_commit off
or SQLite's synchronous NORMAL; 'durable' is the engine's own setting.

| transaction                                    | PostgreSQL | SQLite  |
|------------------------------------------------|------------|---------|
| core_refusal() + refusal_insert                | lazy       | lazy    |
| an open transaction + begin_refusal_write      | lazy       | durable |
| core_refusal() that writes nothing             | -          | durable |
| core_writer() (a share's lock, any change)     | durable    | durable |
| the next transaction on the same connection    | durable    | durable |
| any of them, with lazy_refusal_commits=False   | durable    | durable |

MySQL and MariaDB have no per-session setting: nothing changes there.
On PostgreSQL core_refusal's statements commit each on its own: the
setting a refusal's insert commits with is the one in force at the end of
that statement, which a statement trigger records here (_pg_probe). The
engines here are built as the service builds its own (oslo.db's
defaults, then db_api.tune_engine), not as the suite's, whose commits
skip the disk altogether.
"""
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import engines
import pytest
import sqlalchemy as sa

from manila_locks import conf as ml_conf
from manila_locks.db import api as db_api
from manila_locks.host import deploy
from manila_locks import policy

SETTING = {'postgresql': 'SHOW synchronous_commit',
           'sqlite': 'PRAGMA synchronous',
           'mysql': 'SELECT @@innodb_flush_log_at_trx_commit'}
LAZY = {'postgresql': 'off', 'sqlite': 1}
DURABLE = {'postgresql': 'on', 'sqlite': 2}


@pytest.fixture
def db(db_backend, _started_context_manager, monkeypatch):
    """The backend, db_api on an engine built as the service's is."""
    engine = engines.create_engine(db_backend.url, max_retries=0)
    db_api.tune_engine(engine)
    reset = db_api.context_manager.patch_engine(engine)
    monkeypatch.setitem(db_api._COMMITS, 'lazy', True)
    if db_backend.name == 'mysql':
        # Server-wide: whatever the server has, nothing here changes it.
        with engine.connect() as connection:
            durable = _setting(connection)
        monkeypatch.setitem(LAZY, 'mysql', durable)
        monkeypatch.setitem(DURABLE, 'mysql', durable)
    yield db_backend
    reset()
    engine.dispose()


@pytest.fixture
def service_engine(db):
    return db_api.writer.get_engine()


def _setting(connection):
    return connection.exec_driver_sql(
        SETTING[connection.dialect.name]).scalar()


PROBE = sa.Table(
    'refusal_probe', sa.MetaData(),
    sa.Column('id', sa.Integer, primary_key=True))
# PostgreSQL: the synchronous_commit each statement on the probe table
# ends with, recorded by a statement trigger (it runs after RETURNING).
_PG_PROBE = (
    'CREATE TABLE refusal_probe_seen (setting TEXT)',
    "CREATE FUNCTION refusal_probe_seen() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN INSERT INTO refusal_probe_seen VALUES "
    "(current_setting('synchronous_commit')); RETURN NULL; END $$",
    'CREATE TRIGGER refusal_probe_seen AFTER INSERT ON refusal_probe '
    'FOR EACH STATEMENT EXECUTE FUNCTION refusal_probe_seen()')
_PG_PROBE_DROP = ('DROP TABLE IF EXISTS refusal_probe_seen',
                  'DROP FUNCTION IF EXISTS refusal_probe_seen() CASCADE')


@pytest.fixture
def probe(service_engine, db):
    """The table the refusal's rows go to here, and on PostgreSQL what
    records the setting each insert into it ends with."""
    with service_engine.begin() as connection:
        PROBE.drop(connection, checkfirst=True)
        PROBE.create(connection)
        if db.name == 'postgresql':
            for statement in _PG_PROBE_DROP + _PG_PROBE:
                connection.exec_driver_sql(statement)
    yield PROBE
    with service_engine.begin() as connection:
        PROBE.drop(connection)
        if db.name == 'postgresql':
            for statement in _PG_PROBE_DROP:
                connection.exec_driver_sql(statement)


def _refusal_setting(engine, ids=(1,)):
    """Write rows as a quick refusal does; the durability they committed
    with."""
    with db_api.core_refusal() as connection:
        db_api.refusal_insert(connection, sa.insert(PROBE),
                              [{'id': i} for i in ids])
        if connection.dialect.name != 'postgresql':
            return _setting(connection)
    with engine.connect() as connection:
        return connection.exec_driver_sql(
            'SELECT setting FROM refusal_probe_seen').scalars().all()[-1]


def test_a_refusal_transaction_commits_lazily(service_engine, db, probe):
    assert _refusal_setting(service_engine) == LAZY[db.name]


def test_other_transactions_stay_durable(service_engine, db, probe):
    with db_api.core_writer() as connection:
        assert _setting(connection) == DURABLE[db.name]
    _refusal_setting(service_engine)
    # The pool's one connection, back from the lazy transaction.
    assert service_engine.pool.checkedin() == 1
    with db_api.core_writer() as connection:
        assert _setting(connection) == DURABLE[db.name]
    with service_engine.connect() as connection:
        assert _setting(connection) == DURABLE[db.name]
    with db_api.core_writer() as connection:
        connection.execute(sa.insert(PROBE), {'id': 2})
    if db.name == 'postgresql':
        # The trigger's record: the refusal's insert, then the writer's.
        with service_engine.connect() as connection:
            assert connection.exec_driver_sql(
                'SELECT setting FROM refusal_probe_seen').scalars().all() == [
                'off', 'on']


def test_durable_refusal_events_keeps_every_commit_durable(
        service_engine, db, probe, monkeypatch):
    monkeypatch.setitem(db_api._COMMITS, 'lazy', False)
    assert _refusal_setting(service_engine) == DURABLE[db.name]
    with db_api.core_writer() as connection:
        db_api.begin_refusal_write(connection)
        assert _setting(connection) == DURABLE[db.name]


def test_an_open_transaction_is_relaxed_on_postgresql_only(
        service_engine, db):
    """begin_refusal_write, for a refusal written on the row-locked path
    (an ORM session's transaction, open already)."""
    with db_api.core_writer() as connection:
        db_api.begin_refusal_write(connection)
        expected = LAZY if db.name == 'postgresql' else DURABLE
        assert _setting(connection) == expected[db.name]
    with db_api.core_writer() as connection:
        assert _setting(connection) == DURABLE[db.name]


def test_configure_sets_it(monkeypatch):
    calls = []
    monkeypatch.setattr(db_api.context_manager, 'configure',
                        lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(db_api.context_manager, 'append_on_engine_create',
                        lambda hook: None)
    monkeypatch.setitem(db_api._COMMITS, 'lazy', True)
    db_api.configure('sqlite://', lazy_refusal_commits=False)
    assert db_api._COMMITS['lazy'] is False
    assert 'lazy_refusal_commits' not in calls[0]


def _probe_ids(engine):
    with engine.connect() as connection:
        return connection.execute(
            sa.select(PROBE.c.id).order_by(PROBE.c.id)).scalars().all()


def test_the_refusal_is_written_all_of_it_or_nothing(
        service_engine, db, probe):
    """What a lazy commit commits is there afterwards, like any other;
    rows that cannot all be written leave none (the third row here
    repeats the first's key)."""
    _refusal_setting(service_engine, ids=(1, 2))
    assert _probe_ids(service_engine) == [1, 2]
    with pytest.raises(db_exc.DBDuplicateEntry):
        _refusal_setting(service_engine, ids=(3, 4, 3))
    assert _probe_ids(service_engine) == [1, 2]


@pytest.mark.parametrize('most_values', [None, 100])
def test_many_rows_are_one_statement(service_engine, db, probe, monkeypatch,
                                     most_values):
    """On PostgreSQL, where each statement commits on its own, past
    SQLAlchemy's page of rows per INSERT as well, and past the most
    values it puts in one INSERT (here, the second time, lowered to 100
    for the one-column probe: with the events' 21 columns the default
    32700 is 1558 rows)."""
    if most_values is not None:
        monkeypatch.setattr(service_engine.dialect,
                            'insertmanyvalues_max_parameters', most_values)
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)
    sa.event.listen(service_engine, 'before_cursor_execute', seen)
    try:
        _refusal_setting(service_engine, ids=range(1, 1202))
    finally:
        sa.event.remove(service_engine, 'before_cursor_execute', seen)
    assert len(_probe_ids(service_engine)) == 1201
    if db.name == 'postgresql':
        # Elsewhere the rows are one transaction (BEGIN IMMEDIATE, or
        # core_refusal's own), however many INSERTs SQLAlchemy sends.
        inserts = [s for s in statements if s.startswith('INSERT')]
        assert len(inserts) == 1, len(inserts)
        with service_engine.connect() as connection:
            assert connection.exec_driver_sql(
                'SELECT setting FROM refusal_probe_seen').scalars().all() == [
                'off']


def _transaction_state(dbapi):
    """(autocommit, a transaction open) as the driver sees them."""
    if hasattr(dbapi, 'get_transaction_status'):        # psycopg2
        from psycopg2 import extensions
        return dbapi.autocommit, (dbapi.get_transaction_status() !=
                                  extensions.TRANSACTION_STATUS_IDLE)
    if hasattr(dbapi, 'in_transaction'):                # sqlite3
        return False, dbapi.in_transaction
    return dbapi.get_autocommit(), True                 # PyMySQL


# Before the read and before the refusal's insert, on each backend.
NO_BEGIN = {
    # Autocommit, nothing open: psycopg2 sends no BEGIN before a
    # statement and no COMMIT after it.
    'postgresql': [(True, False), (True, False)],
    # The read on its own, then refusal_insert's BEGIN IMMEDIATE and the
    # insert in the transaction it opened.
    'sqlite': [(False, False), (False, False), (False, True)],
    # One transaction.
    'mysql': [(False, True), (False, True)],
}


def test_what_a_refusal_sends_around_its_statements(
        service_engine, db, probe):
    """On PostgreSQL two round trips for a refusal, the read and the
    insert; back in the pool the connection is out of autocommit again."""
    states = []

    def seen(conn, cursor, statement, *args):
        if not statement.startswith('PRAGMA'):
            states.append(_transaction_state(
                conn.connection.dbapi_connection))
    sa.event.listen(service_engine, 'before_cursor_execute', seen)
    try:
        with db_api.core_refusal() as connection:
            connection.exec_driver_sql('SELECT 1').scalar()
            db_api.refusal_insert(connection, sa.insert(PROBE),
                                  [{'id': 1}, {'id': 2}])
    finally:
        sa.event.remove(service_engine, 'before_cursor_execute', seen)
    expected = NO_BEGIN[db.name]
    if db.name == 'mysql':
        # PyMySQL's in-transaction flag is the server's: a read on its own
        # may leave it unset; what matters is that autocommit is off.
        states = [(autocommit, True) for autocommit, _ in states]
    assert states == expected
    with service_engine.connect() as connection:
        assert _transaction_state(
            connection.connection.dbapi_connection)[0] is False


def test_a_sqlite_refusal_reads_without_the_write_lock(
        service_engine, db, probe):
    """On SQLite core_refusal opens no transaction: its read neither takes
    nor waits for the write lock (a writer holds it here), and nothing is
    relaxed until a refusal is written; refusal_insert then opens one
    transaction for the history's rows."""
    if db.name != 'sqlite':
        return      # no database-wide write lock elsewhere
    with db_api.core_writer() as writer:
        writer.execute(sa.insert(PROBE), {'id': 9})
        with db_api.core_refusal() as connection:
            # sqlite3's own view: no transaction open on this connection.
            assert not connection.connection.dbapi_connection.in_transaction
            assert connection.exec_driver_sql('SELECT 1').scalar() == 1
            assert _setting(connection) == DURABLE[db.name]
    with db_api.core_refusal() as connection:
        db_api.refusal_insert(connection, sa.insert(PROBE), [{'id': 1}])
        assert connection.connection.dbapi_connection.in_transaction
    assert _probe_ids(service_engine) == [1, 9]


@pytest.mark.parametrize('durable', [False, True])
def test_the_option_reaches_the_engine(monkeypatch, tmp_path, durable):
    """[DEFAULT] durable_refusal_events, as deploy.setup hands it on."""
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    if durable:
        conf.set_override('durable_refusal_events', True)
    seen = {}
    monkeypatch.setattr(db_api, 'configure',
                        lambda connection, **kwargs: seen.update(kwargs))
    monkeypatch.setattr(policy, 'init', lambda conf: None)
    deploy.setup(conf, sync_db=False)
    assert seen['lazy_refusal_commits'] is (not durable)
