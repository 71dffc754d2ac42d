"""Throwaway databases on the test servers.

Every database is named ml_<pid>_<8 hex>, so concurrent test runs against
one server never collide. Server URLs come from the environment:
MANILA_LOCKS_TEST_POSTGRESQL_URL and MANILA_LOCKS_TEST_MYSQL_URL.
"""
import contextlib
import os
import tempfile
import uuid

import sqlalchemy as sa
from sqlalchemy import pool

from manila_locks.core import clock
from manila_locks.host import invariants

BACKENDS = ('sqlite', 'postgresql', 'mysql')

SERVER_URLS = {
    'postgresql': os.environ.get(
        'MANILA_LOCKS_TEST_POSTGRESQL_URL',
        'postgresql+psycopg2://postgres@127.0.0.1:5432/test'),
    'mysql': os.environ.get(
        'MANILA_LOCKS_TEST_MYSQL_URL',
        'mysql+pymysql://root@127.0.0.1:3306/test'),
}

_CONNECT_TIMEOUT = {'connect_args': {'connect_timeout': 3}}


def unreachable(backend_name):
    """Why the backend's server cannot be used, or None if it can."""
    if backend_name == 'sqlite':
        return None
    try:
        with _admin_engine(SERVER_URLS[backend_name]).connect():
            return None
    except sa.exc.DBAPIError as e:
        # Drivers' messages can span lines; the skip reason is one line.
        return '%s: %s' % (_safe(SERVER_URLS[backend_name]),
                           ' '.join(str(e.orig).split()))


def create_database(backend_name):
    """A new empty database on the backend's server; its URL."""
    name = 'ml_%d_%s' % (os.getpid(), uuid.uuid4().hex[:8])
    if backend_name == 'sqlite':
        directory = tempfile.mkdtemp(prefix=name + '_')
        return 'sqlite:///' + os.path.join(directory, 'manila_locks.sqlite')
    server = sa.make_url(SERVER_URLS[backend_name])
    ddl = 'CREATE DATABASE ' + name
    if backend_name == 'mysql':
        ddl += ' CHARACTER SET utf8mb4'
    _admin(server, ddl)
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(url):
    url = sa.make_url(url)
    backend_name = url.get_backend_name()
    if backend_name == 'sqlite':
        _remove_sqlite(url.database)
        return
    # Connect to the server's own database: PostgreSQL cannot drop the one
    # a session is connected to.
    server = sa.make_url(SERVER_URLS[backend_name])
    ddl = 'DROP DATABASE IF EXISTS ' + url.database
    if backend_name == 'postgresql':
        # A server subprocess killed mid-test may leave sessions behind.
        # (PostgreSQL 13 or later.)
        ddl += ' WITH (FORCE)'
    _admin(url.set(database=server.database), ddl)


def _remove_sqlite(path):
    for suffix in ('', '-wal', '-shm'):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path + suffix)
    # The directory create_database made; left alone if anything else is in it.
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(path))


def _admin(url, ddl):
    engine = _admin_engine(url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(ddl)
    finally:
        engine.dispose()


def _admin_engine(url):
    # CREATE/DROP DATABASE cannot run inside a transaction on PostgreSQL.
    return sa.create_engine(url, isolation_level='AUTOCOMMIT',
                            poolclass=pool.NullPool, **_CONNECT_TIMEOUT)


def _safe(url):
    return sa.make_url(url).render_as_string(hide_password=True)


class _Recorder:
    """Stands in for a connection: keeps the SQL of a check, runs
    nothing."""

    def __init__(self):
        self.statements = []

    def execute(self, statement, params=None):
        self.statements.append(statement)
        return []


def _invariant_sql():
    """name -> the SQL text of each of invariants.CHECKS."""
    sql = {}
    for name, check in invariants.CHECKS.items():
        recorder = _Recorder()
        check(recorder)
        [statement] = recorder.statements
        sql[name] = statement.text
    return sql


def broken_invariants(connection, ignore=()):
    """{name: offending rows} of the invariants (invariants.CHECKS) that
    do not hold, except those named in `ignore`: what check_all reports,
    filtered, in one round trip when all hold. One query asks which
    checks would return a row (EXISTS over each check's own SQL); only
    if one would are the checks run for their rows."""
    names = [name for name in invariants.CHECKS if name not in ignore]
    sql = _invariant_sql()
    if not names:
        return {}
    statement = sa.text('SELECT ' + ', '.join(
        'CASE WHEN EXISTS (%s) THEN 1 ELSE 0 END' % sql[name]
        for name in names))
    if ':now' in statement.text:
        # Typed, as invariants._rows binds it.
        statement = statement.bindparams(sa.bindparam('now',
                                                      type_=sa.DateTime()))
    flags = connection.execute(statement, {
        'true': True, 'now': clock.now()}).one()
    if not any(flags):
        return {}
    return {name: rows for name, rows
            in invariants.check_all(connection).items()
            if rows and name not in ignore}


def counted(statement):
    """Whether a statement the driver saw is a request's own: not the
    PREPARE with which a database connection prepares a hot read the
    first time it runs it (manila_locks/db/prepared.py), once per
    connection, whatever request comes first."""
    return not uncarried(statement).startswith('PREPARE ')


def kind(statement):
    """A statement's first word, as its request sent it: not the BEGIN
    that a core_writer block's first statement carries on PostgreSQL
    (manila_locks/db/api.py); an EXECUTE of a prepared statement is what
    its name says (db/prepared.py: manila_locks_select_..., _insert_...).
    """
    words = uncarried(statement).split(None, 2)
    if words[0].upper() != 'EXECUTE':
        return words[0].upper()
    return ('INSERT' if words[1].startswith('manila_locks_insert_')
            else 'SELECT')


# What a core_writer block's first statement starts with on PostgreSQL,
# and what its last one (run with db_api.LAST) ends with.
CARRIED_BEGIN = 'BEGIN; '
CARRIED_COMMIT = '\n; COMMIT'


def uncarried(statement):
    """`statement` without the BEGIN a core_writer block's first
    statement carries on PostgreSQL."""
    if statement.startswith(CARRIED_BEGIN):
        return statement[len(CARRIED_BEGIN):]
    return statement


def sent_while(engine, run, with_parameters=False):
    """Every statement `engine`'s driver was given while `run()` ran, as
    it was given (a carried BEGIN, a PREPARE included); with_parameters:
    as (statement, parameters as a tuple)."""
    seen = []

    def record(conn, cursor, statement, parameters, *args):
        seen.append((statement, tuple(parameters or ())) if with_parameters
                    else statement)
    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        run()
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)
    return seen


class PreparedTexts:
    """What the statements an engine sends run, an EXECUTE of a prepared
    statement included: each PREPARE's text is kept by name as it goes by
    (before_cursor_execute)."""

    def __init__(self):
        self._texts = {}

    def resolve(self, statement):
        """The SQL `statement` runs, without a carried BEGIN: its own
        text; for a PREPARE, '' (preparing changes nothing); for an
        EXECUTE, its PREPARE's text, or None when that went by before."""
        statement = uncarried(statement)
        words = statement.split(None, 3)
        head = words[0].upper()
        if head == 'PREPARE':
            self._texts[words[1]] = words[3]
            return ''
        if head == 'EXECUTE':
            return self._texts.get(words[1])
        return statement
