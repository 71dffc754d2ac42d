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
              afterwards the tables hold exactly the rows the migration
              seeded (the `default` share type) again: restore_rows empties
              and refills the tables written since (WriteLog).
fresh_db_url  function: the URL of a new, empty database on the same
              server, dropped afterwards.

--db-backends (or $MANILA_LOCKS_TEST_BACKENDS), a comma-separated subset of
sqlite,postgresql,mysql: deselects the tests of the other backends (the
fast lane, `tox -e py3`, runs sqlite only).

Under pytest-xdist (setup.cfg's addopts run `-n 4 --dist loadgroup`), the
tests that share a server started by a session or module fixture (Keystone,
a functional cloud, gunicorn, a private database server) form one xdist
group, so each such server starts once and on one worker; the summary lines
the workers collect reach the controller's terminal summary (summary.py).
"""
import dataclasses
import itertools
import os
import re

from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import engines
import pytest
import sqlalchemy as sa

from manila_locks.core import models as core_models  # noqa: F401
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host import migration
from manila_locks.host import models as host_models  # noqa: F401
from tests import dbutils
from tests import summary

BACKENDS_SECTION = 'database backends'
# A backend's status in the summary line, worst first: with several
# workers, the worst any of them met is the one reported.
_STATUS_ORDER = ('FAILED (server unreachable)',
                 'skipped (server missing; CI would fail)', 'ran')


@dataclasses.dataclass
class Backend:
    name: str
    url: str
    engine: sa.engine.Engine
    # {Table: [row, ...]}: what the migrations inserted, restored after
    # every test.
    seed: dict


def pytest_addoption(parser):
    parser.addoption(
        '--db-backends', default=os.environ.get(
            'MANILA_LOCKS_TEST_BACKENDS', ','.join(dbutils.BACKENDS)),
        help='comma-separated database backends to test (default: all, '
             'or $MANILA_LOCKS_TEST_BACKENDS); the others\' tests are '
             'deselected')


def pytest_configure(config):
    summary.install(config)
    config.addinivalue_line(
        'markers', 'story(name): a request of tests/api/gabbits/<name>.yaml')
    if hasattr(config, 'workerinput'):
        config.pluginmanager.register(ServersFirst())


def selected_backends(config):
    chosen = [name.strip() for name in
              config.getoption('db_backends').split(',') if name.strip()]
    unknown = set(chosen) - set(dbutils.BACKENDS)
    if unknown:
        raise pytest.UsageError('--db-backends: unknown %s (known: %s)' % (
            ', '.join(sorted(unknown)), ', '.join(dbutils.BACKENDS)))
    return chosen


# Session and module fixtures that start a server, and the parameters that
# pick one instance: the tests using one instance form one xdist group.
# Keystone is one per session, whichever tier uses it.
SHARED_SERVERS = {
    'keystone': (),                                 # functional/keystone
    # Before 'service': test_galera.py's own `service` is the cluster.
    'galera_cluster': (),                           # reliability: Galera
    'cloud': ('auth_mode', 'db_server', 'cloud'),   # functional; faults
    'service': ('db_server',),                      # reliability gunicorn
    'full_cloud': (),                               # faults: full MariaDB
    'live_service': ('db_server',),                 # fuzz
}
# Tiers of processes and servers, longest-running groups first: under xdist
# their groups are handed out first (setup.cfg turns off xdist's own
# reordering by group size), so the in-process tests fill the workers in
# around them.
PROCESS_TIERS = ('fuzz', 'functional', 'reliability')


def tier(item):
    """The directory under tests/ that holds `item`: 'api', 'functional'."""
    try:
        parts = item.path.relative_to(item.config.rootpath).parts
    except ValueError:
        return ''
    return parts[1] if len(parts) > 2 and parts[0] == 'tests' else ''


def server_group(item):
    """The group of the server `item` shares, or None."""
    params = item.callspec.params if hasattr(item, 'callspec') else {}
    for fixture, keys in SHARED_SERVERS.items():
        if fixture in item.fixturenames:
            where = [] if fixture == 'keystone' else [tier(item)]
            return '-'.join(where + [fixture] + [
                str(params[key]) for key in keys if key in params])
    return None


def xdist_group(item):
    """The server's group, or else the module and backend (and a gabbi
    story's YAML file): xdist hands a group to a worker in one message,
    where one test at a time left the workers of the in-process tiers
    waiting on the controller."""
    group = server_group(item)
    if group is None:
        params = item.callspec.params if hasattr(item, 'callspec') else {}
        group = '-'.join([item.path.relative_to(
            item.config.rootpath).as_posix() if tier(item) else item.name] +
            ([params['db_server']] if 'db_server' in params else []) +
            ([gabbi_file(item)] if gabbi_file(item) else []))
    return group


def gabbi_file(item):
    """The YAML file of a gabbi story's request (tests/api/test_gabbits.py),
    or None. A file's requests run in order on one worker, which starts the
    file's fixture before the first and stops it after the last."""
    story = item.get_closest_marker('story')
    return story.args[0] if story else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: xdist reads the xdist_group marks in its own hook.
    chosen = selected_backends(config)
    kept, deselected = [], []
    for item in items:
        params = item.callspec.params if hasattr(item, 'callspec') else {}
        if params.get('db_server', 'any') in chosen + ['any']:
            kept.append(item)
        else:
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
    for item in items:
        item.add_marker(pytest.mark.xdist_group(xdist_group(item)))


def pytest_runtest_setup(item):
    # In an xdist worker: loadgroup schedules by an "@group" suffix xdist
    # adds to the node ids. Should a pytest or xdist release stop that
    # working, every worker would start its own Keystone and servers; fail
    # the tests that say so instead of running on slowly.
    config = item.config
    if (hasattr(config, 'workerinput') and config.getvalue('loadgroup')
            and '@' not in item.nodeid):
        pytest.fail('pytest-xdist ignored the xdist_group mark (pytest %s); '
                    'see the pytest pin in test-requirements.txt, or run '
                    'with -n 0.' % pytest.__version__, pytrace=False)


class ServersFirst:
    """Under xdist (in each worker; they all collect alike): the groups of
    PROCESS_TIERS first, in that order of tiers, then the other tests of
    those tiers, then the rest. trylast: after pytest ordered the items
    by their session parameters; the sort keeps that order within a key."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        def key(item):
            where = tier(item)
            rank = (PROCESS_TIERS.index(where) if where in PROCESS_TIERS
                    else len(PROCESS_TIERS))
            return (server_group(item) is None, rank)
        items.sort(key=key)


def pytest_terminal_summary(terminalreporter, config):
    status = {}
    for name, state in summary.items(config, BACKENDS_SECTION):
        status[name] = min(status.get(name, state), state,
                           key=_STATUS_ORDER.index)
    not_chosen = [name for name in dbutils.BACKENDS
                  if name not in selected_backends(config)]
    if status or not_chosen:
        terminalreporter.write_line('database backends: ' + ', '.join(
            ['%s %s' % (name, status[name])
             for name in dbutils.BACKENDS if name in status] +
            ['%s not selected (--db-backends)' % name
             for name in not_chosen]))


@pytest.fixture(scope='session', params=dbutils.BACKENDS)
def db_server(request):
    name = request.param
    problem = dbutils.unreachable(name)
    if problem is None:
        summary.add(request.config, BACKENDS_SECTION, (name, 'ran'))
        return name
    if os.environ.get('CI'):
        summary.add(request.config, BACKENDS_SECTION,
                    (name, 'FAILED (server unreachable)'))
        pytest.fail('%s server unreachable (%s); CI is set, so the %s tests '
                    'must run.' % (name, problem, name), pytrace=False)
    summary.add(request.config, BACKENDS_SECTION,
                (name, 'skipped (server missing; CI would fail)'))
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
        _WRITE_LOGS[engine] = WriteLog(engine)
        yield Backend(db_server, url, engine, read_rows(engine))
    finally:
        if engine is not None:
            _WRITE_LOGS.pop(engine, None)
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


class WriteLog:
    """Which tables a statement on one engine may have changed, and when.

    Every statement that is not a plain SELECT (the app's, a test's, a
    restore's own) counts as a write to every table whose name it
    mentions, committed or not: it over-counts, never under-counts.
    An EXECUTE of a prepared insert (manila_locks/db/prepared.py) names
    no table: it counts as a write to the tables its PREPARE named, or to
    every table when its PREPARE went by before this log listened.
    Statements go through SQLAlchemy's before_cursor_execute, so writes
    by another engine or process are not seen; no test writes to the
    `db` fixture's database other than through its engine (tests that do
    make a database of their own: fresh_db_url, gabbi, the servers).
    """

    _WORD = re.compile(r'\w+')

    def __init__(self, engine):
        self.tables = {table.name: table
                       for table in base.Base.metadata.sorted_tables}
        self._seq = itertools.count(1)
        self.now = 0
        # table -> the sequence number of the last write to it.
        self.written = {}
        # id(rows) -> (rows, sequence number at which the tables last
        # held exactly `rows`).
        self.synced = {}
        self.prepared = dbutils.PreparedTexts()
        sa.event.listen(engine, 'before_cursor_execute', self._execute)

    def _execute(self, conn, cursor, statement, *args):
        kind = dbutils.kind(statement)
        text = self.prepared.resolve(statement)
        if kind in ('SELECT', 'SAVEPOINT', 'RELEASE', 'ROLLBACK', 'COMMIT',
                    'PRAGMA', 'PREPARE'):
            return
        seq = self.now = next(self._seq)
        if text is None:
            tables = set(self.tables)       # its PREPARE went by unseen
        else:
            tables = {word for word in set(self._WORD.findall(text))
                      if word in self.tables}
        for name in tables:
            self.written[name] = seq

    def changed_since(self, rows):
        """The tables that may no longer hold what they held when they
        last held `rows` (every table if they never did), with the tables
        that refer to them: those must go first for a parent to be
        emptied."""
        if id(rows) not in self.synced:
            return set(self.tables.values())
        since = self.synced[id(rows)][1]
        changed = {self.tables[name] for name, seq in self.written.items()
                   if seq > since}
        grew = True
        while grew:
            referring = {table for table in self.tables.values()
                         if table not in changed and any(
                             fk.column.table in changed
                             for fk in table.foreign_keys)}
            changed |= referring
            grew = bool(referring)
        return changed

    def restored(self, rows):
        self.synced[id(rows)] = (rows, self.now)


# engine -> WriteLog, for the engines db_backend made.
_WRITE_LOGS = {}


def restore_rows(engine, rows):
    """Make every table hold exactly `rows` (from read_rows). On an engine
    db_backend made, only the tables written since they last held `rows`
    (WriteLog) are emptied and refilled; with
    $MANILA_LOCKS_TEST_CHECK_RESTORE set, every table is then compared
    with `rows`."""
    log = _WRITE_LOGS.get(engine)
    tables = base.Base.metadata.sorted_tables
    if log is not None:
        changed = log.changed_since(rows)
        tables = [table for table in tables if table in changed]
    if tables:
        with engine.begin() as connection:
            for table in reversed(tables):   # children first
                connection.execute(table.delete())
            for table in tables:
                if rows[table]:
                    connection.execute(table.insert(), rows[table])
    if log is not None:
        log.restored(rows)
        if os.environ.get('MANILA_LOCKS_TEST_CHECK_RESTORE'):
            assert _same_rows(read_rows(engine), rows), (
                'restore_rows left tables other than the rows given')


def _same_rows(found, rows):
    """Every table holds the same rows, in any order (without ORDER BY,
    PostgreSQL answers in the order of its heap, not of the inserts)."""
    def content(table_rows):
        return sorted(repr(sorted(row.items())) for row in table_rows)
    return all(content(found[table]) == content(rows[table])
               for table in rows)
