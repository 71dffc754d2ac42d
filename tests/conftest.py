"""Database fixtures for every test tier.

db_server     session, parametrized sqlite / postgresql / mysql: the backend
              name, once its server is known to be reachable. An unreachable
              server skips that backend's tests, or fails them when $CI is
              set. pytest orders tests by this parameter, so each backend is
              set up once.
db_backend    session: a database of this run, migrated to head
              (Backend: .name, .url, .engine).
db            function: db_backend, with its engine patched into
              manila_locks.db.api.context_manager so @reader/@writer use it;
              afterwards every row is deleted and the rows the migration
              seeded (the `default` share type) are put back.
fresh_db_url  function: the URL of a new, empty database on the same
              server, dropped afterwards.
"""
import dataclasses
import os

from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import engines
import pytest
import sqlalchemy as sa

from manila_locks.core import models as core_models  # noqa: F401
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import migration
from manila_locks.host import models as host_models  # noqa: F401
from tests import dbutils

_STATUS = pytest.StashKey[dict]()


@dataclasses.dataclass
class Backend:
    name: str
    url: str
    engine: sa.engine.Engine
    # {Table: [row, ...]}: what the migrations inserted, restored after
    # every test.
    seed: dict


def pytest_configure(config):
    config.stash[_STATUS] = {}


def pytest_terminal_summary(terminalreporter, config):
    status = config.stash.get(_STATUS, {})
    if status:
        terminalreporter.write_line('database backends: ' + ', '.join(
            '%s %s' % (name, status[name])
            for name in dbutils.BACKENDS if name in status))


@pytest.fixture(scope='session', params=dbutils.BACKENDS)
def db_server(request):
    name = request.param
    problem = dbutils.unreachable(name)
    status = request.config.stash[_STATUS]
    if problem is None:
        status[name] = 'ran'
        return name
    if os.environ.get('CI'):
        status[name] = 'FAILED (server unreachable)'
        pytest.fail('%s server unreachable (%s); CI is set, so the %s tests '
                    'must run.' % (name, problem, name), pytrace=False)
    status[name] = 'skipped (server missing; CI would fail)'
    pytest.skip('%s server missing (%s); with CI set these tests would '
                'fail.' % (name, problem))


@pytest.fixture(scope='session')
def db_backend(db_server):
    url = dbutils.create_database(db_server)
    engine = None
    try:
        migration.upgrade(url)
        # Built like the service's engine: oslo.db's settings, then ours,
        # except that commits are not flushed to disk.
        engine = engines.create_engine(url, mysql_sql_mode='TRADITIONAL',
                                       sqlite_synchronous=False,
                                       max_retries=0)
        _no_fsync_on_commit(engine)
        db_api.tune_engine(engine)
        yield Backend(db_server, url, engine, read_rows(engine))
    finally:
        if engine is not None:
            engine.dispose()
        dbutils.drop_database(url)


@pytest.fixture(scope='session')
def _started_context_manager():
    # patch_engine() needs a started factory, and starting one opens an
    # engine; give it an in-memory SQLite that nothing ever uses.
    try:
        db_api.context_manager.configure(connection='sqlite://')
    except enginefacade.AlreadyStartedError:
        pass


@pytest.fixture
def db(db_backend, _started_context_manager):
    reset = db_api.context_manager.patch_engine(db_backend.engine)
    try:
        yield db_backend
    finally:
        reset()
        restore_rows(db_backend.engine, db_backend.seed)


@pytest.fixture
def fresh_db_url(db_server):
    url = dbutils.create_database(db_server)
    yield url
    dbutils.drop_database(url)


def _no_fsync_on_commit(engine):
    # Durability is not under test, and waiting for the disk on every commit
    # (each request and each cleanup) is most of a test's database time.
    # Locking and isolation are unchanged. SQLite: sqlite_synchronous above;
    # MySQL's equivalent is server-wide, so it is left alone.
    if engine.dialect.name == 'postgresql':
        @sa.event.listens_for(engine, 'connect')
        def _on_connect(dbapi_conn, record):
            with dbapi_conn.cursor() as cursor:
                cursor.execute('SET synchronous_commit = off')
            # psycopg2 opened a transaction for the SET; a rollback on the
            # way back to the pool would undo it.
            dbapi_conn.commit()


def read_rows(engine):
    """{Table: [row, ...]} of every table, for restore_rows."""
    with engine.connect() as connection:
        return {table: [dict(row) for row in
                        connection.execute(table.select()).mappings()]
                for table in base.Base.metadata.sorted_tables}


def restore_rows(engine, rows):
    """Make every table hold exactly `rows` (from read_rows)."""
    tables = base.Base.metadata.sorted_tables
    with engine.begin() as connection:
        for table in reversed(tables):   # children first
            connection.execute(table.delete())
        for table in tables:
            if rows[table]:
                connection.execute(table.insert(), rows[table])
