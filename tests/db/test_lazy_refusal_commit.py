"""A refusal's history commits without waiting for the disk; nothing else
does (db/api.begin_refusal_write, core_refusal).

Each row: a transaction the service opens, and the durability its commit
must have on each backend. 'lazy' is PostgreSQL's synchronous_commit off
or SQLite's synchronous NORMAL; 'durable' is the engine's own setting.

| transaction                                    | PostgreSQL | SQLite  |
|------------------------------------------------|------------|---------|
| core_refusal() + begin_refusal_write           | lazy       | lazy    |
| core_refusal() that writes nothing             | -          | durable |
| core_writer() (a share's lock, any change)     | durable    | durable |
| the next transaction on the same connection    | durable    | durable |
| either, with lazy_refusal_commits=False        | durable    | durable |

MySQL and MariaDB have no per-session setting: nothing changes there.
The engines here are built as the service builds its own (oslo.db's
defaults, then db_api.tune_engine), not as the suite's, whose commits
skip the disk altogether.
"""
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


def _lazy_writer_setting():
    with db_api.core_refusal() as connection:
        db_api.begin_refusal_write(connection)
        return _setting(connection)


def test_a_refusal_transaction_commits_lazily(service_engine, db):
    assert _lazy_writer_setting() == LAZY[db.name]


def test_other_transactions_stay_durable(service_engine, db):
    with db_api.core_writer() as connection:
        assert _setting(connection) == DURABLE[db.name]
    _lazy_writer_setting()
    # The pool's one connection, back from the lazy transaction.
    assert service_engine.pool.checkedin() == 1
    with db_api.core_writer() as connection:
        assert _setting(connection) == DURABLE[db.name]
    with service_engine.connect() as connection:
        assert _setting(connection) == DURABLE[db.name]


def test_durable_refusal_events_keeps_every_commit_durable(
        service_engine, db, monkeypatch):
    monkeypatch.setitem(db_api._COMMITS, 'lazy', False)
    assert _lazy_writer_setting() == DURABLE[db.name]


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


def test_the_refusal_itself_is_written(service_engine, db):
    """What a lazy commit commits is there afterwards, like any other."""
    with db_api.core_refusal() as connection:
        db_api.begin_refusal_write(connection)
        connection.exec_driver_sql(
            'CREATE TABLE lazy_probe (id INTEGER PRIMARY KEY)')
        connection.exec_driver_sql('INSERT INTO lazy_probe VALUES (7)')
    try:
        with service_engine.connect() as connection:
            assert connection.execute(
                sa.text('SELECT id FROM lazy_probe')).scalar() == 7
    finally:
        with service_engine.begin() as connection:
            connection.exec_driver_sql('DROP TABLE lazy_probe')


def test_a_sqlite_refusal_reads_without_the_write_lock(service_engine, db):
    """On SQLite core_refusal opens no transaction: its read neither takes
    nor waits for the write lock (a writer holds it here), and nothing is
    relaxed until a refusal is written; begin_refusal_write then opens one
    transaction for the history's rows, all of them or none."""
    if db.name != 'sqlite':
        with db_api.core_refusal() as connection:
            assert connection.in_transaction()
        return
    with db_api.core_writer() as writer:
        writer.exec_driver_sql('CREATE TABLE refusal_probe (id INTEGER)')
        with db_api.core_refusal() as connection:
            # sqlite3's own view: no transaction open on this connection.
            assert not connection.connection.dbapi_connection.in_transaction
            assert connection.exec_driver_sql('SELECT 1').scalar() == 1
            assert _setting(connection) == DURABLE[db.name]
    with db_api.core_refusal() as connection:
        db_api.begin_refusal_write(connection)
        assert connection.connection.dbapi_connection.in_transaction
        connection.exec_driver_sql('INSERT INTO refusal_probe VALUES (1)')
        connection.exec_driver_sql('INSERT INTO refusal_probe VALUES (2)')
    with service_engine.connect() as connection:
        assert connection.exec_driver_sql(
            'SELECT count(*) FROM refusal_probe').scalar() == 2
    try:
        with db_api.core_refusal() as connection:
            db_api.begin_refusal_write(connection)
            connection.exec_driver_sql('INSERT INTO refusal_probe VALUES (3)')
            raise RuntimeError('the second row could not be written')
    except RuntimeError:
        pass
    with service_engine.begin() as connection:
        assert connection.exec_driver_sql(
            'SELECT count(*) FROM refusal_probe').scalar() == 2
        connection.exec_driver_sql('DROP TABLE refusal_probe')


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
