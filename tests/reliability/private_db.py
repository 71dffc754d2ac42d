"""Database servers of the test's own, to restart and break at will.

The machine's shared servers serve other test runs, so the fault tests
never touch them. PrivatePostgres initdbs a throwaway cluster in a
temporary directory (as the `postgres` user when running as root, since
PostgreSQL refuses to run as root); PrivateMariaDB does the same with
mariadb-install-db. Each listens on a free loopback port with its socket in
that directory and is removed afterwards.

Both offer the same methods, so a test is written once: start, restart,
remove, create_database(name) -> URL for the service, waiting_on_locks(),
drop_connections(database, sparing=()), session_of(connection),
set_read_only(database, on).
"""
import glob
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import sqlalchemy as sa
from sqlalchemy import pool

COMMAND_TIMEOUT = 60


def postgres_bindir():
    """The newest PostgreSQL server binaries, or None."""
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/initdb'),
                   key=lambda path: int(path.split('/')[4]))
    return os.path.dirname(found[-1]) if found else None


def unavailable(backend):
    """Why a private server cannot be made here, or None if it can."""
    if backend == 'mysql':
        missing = [program for program in ('mariadb-install-db', 'mariadbd')
                   if _mariadb_program(program) is None]
        return 'missing: ' + ', '.join(missing) if missing else None
    if postgres_bindir() is None:
        return 'no initdb under /usr/lib/postgresql/*/bin'
    if os.geteuid() == 0:
        try:
            pwd.getpwnam('postgres')
        except KeyError:
            return 'running as root and there is no postgres user'
        if shutil.which('runuser') is None:
            return 'running as root and runuser is missing'
    return None


# Where the kernel takes the local ports of outgoing connections
# (connect() without bind()); read at run time, this is Linux's default.
EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range'
DEFAULT_EPHEMERAL_LOW = 32768
# Listening ports are drawn from this many ports just below that range.
PORTS_BELOW_EPHEMERAL = 12000
PORT_DRAWS = 200


def _ephemeral_low():
    try:
        with open(EPHEMERAL_RANGE_FILE) as ports:
            return int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        return DEFAULT_EPHEMERAL_LOW


def _bindable(port):
    # No SO_REUSEADDR: a port that a finished connection still holds in
    # TIME_WAIT counts as taken, as it does for a server that binds it.
    with socket.socket() as probe:
        try:
            probe.bind(('127.0.0.1', port))
        except OSError:
            return False
    return True


def _free_port():
    """A loopback port free now, for a server started by another program
    (which cannot inherit a bound socket), so free only until it binds.

    The port is drawn at random from below the kernel's ephemeral range,
    never from it: a port the kernel gives for bind(0) goes back to the
    pool that outgoing connections draw from, and in a suite that opens
    thousands of them one could take it (or leave it in TIME_WAIT) in
    the seconds before the server binds it. That happened to a Galera
    node's group-communication port.
    """
    high = _ephemeral_low()
    low = max(1024, high - PORTS_BELOW_EPHEMERAL)
    draw = random.SystemRandom()
    if high - low >= 1000:
        for _ in range(PORT_DRAWS):
            port = draw.randrange(low, high)
            if _bindable(port):
                return port
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class _PrivateServer:
    """What both servers share: a temporary root, its log, cleanup."""

    root = logfile = url = None

    def stop(self):
        raise NotImplementedError

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self):
        try:
            with open(self.logfile) as log:
                return log.read()[-3000:]
        except OSError:
            return ''

    def execute(self, sql):
        """Run one statement outside any transaction, as the superuser."""
        # One engine per server (NullPool: a fresh connection per call, so
        # a restart never leaves a stale one): building an engine on every
        # call of a 50 ms poll loop starved the test's client threads.
        engine = self.__dict__.get('_admin_engine')
        if engine is None:
            engine = self._admin_engine = sa.create_engine(
                self.url, isolation_level='AUTOCOMMIT',
                poolclass=pool.NullPool)
        with engine.connect() as connection:
            result = connection.exec_driver_sql(sql)
            return result.all() if result.returns_rows else None


class PrivatePostgres(_PrivateServer):
    def __init__(self):
        self.bindir = postgres_bindir()
        self.root = tempfile.mkdtemp(prefix='ml-private-pg-')
        self.data = os.path.join(self.root, 'data')
        self.logfile = os.path.join(self.root, 'server.log')
        self.port = _free_port()
        self._user = None
        if os.geteuid() == 0:
            self._user = 'postgres'
            entry = pwd.getpwnam('postgres')
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    @property
    def url(self):
        return 'postgresql+psycopg2://postgres@127.0.0.1:%d/postgres' % (
            self.port)

    def _run(self, program, *args):
        command = [os.path.join(self.bindir, program), *args]
        if self._user:
            command = ['runuser', '-u', self._user, '--', *command]
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=COMMAND_TIMEOUT)
        if result.returncode != 0:
            raise RuntimeError('%s failed: %s%s\n%s' % (
                program, result.stdout, result.stderr, self.log()))

    def start(self):
        if not os.path.exists(self.data):
            self._run('initdb', '-D', self.data, '-U', 'postgres',
                      '-A', 'trust', '-E', 'UTF8', '--no-sync')
        # Durability is not under test: no fsync makes start and commits
        # fast. Options are kept in postmaster.opts for `restart`.
        self._run('pg_ctl', '-D', self.data, '-l', self.logfile, '-w',
                  '-t', '30', '-o',
                  '-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off '
                  '-c full_page_writes=off' % (self.port, self.root),
                  'start')
        return self

    def restart(self):
        """Fast shutdown (sessions are terminated), then start again."""
        # -l again: without it the server would write to, and so hold
        # open, the pipe this process reads pg_ctl's output from.
        self._run('pg_ctl', '-D', self.data, '-l', self.logfile, '-w',
                  '-t', '30', '-m', 'fast', 'restart')

    def stop(self):
        if os.path.exists(os.path.join(self.data, 'postmaster.pid')):
            self._run('pg_ctl', '-D', self.data, '-w', '-t', '30',
                      '-m', 'immediate', 'stop')

    def create_database(self, name):
        self.execute('CREATE DATABASE ' + name)
        return _url(self.url, name)

    def waiting_on_locks(self):
        """Sessions blocked on a row lock right now."""
        return len(self.execute("SELECT pid FROM pg_stat_activity "
                                "WHERE wait_event_type = 'Lock'"))

    def drop_connections(self, database, sparing=()):
        """Terminate the database's sessions, but those in `sparing`."""
        self.execute("SELECT pg_terminate_backend(pid) FROM "
                     "pg_stat_activity WHERE datname = '%s' "
                     "AND pid <> pg_backend_pid()%s" % (
                         database, _not_in('pid', sparing)))

    @staticmethod
    def session_of(connection):
        return connection.exec_driver_sql('SELECT pg_backend_pid()').scalar()

    def set_read_only(self, database, on):
        # Only new sessions pick the setting up: drop the old ones, and
        # the service's pools reconnect (pre-ping) into read-only sessions.
        self.execute('ALTER DATABASE %s %s' % (database, (
            'SET default_transaction_read_only = on' if on else
            'RESET default_transaction_read_only')))
        self.drop_connections(database)


def _not_in(column, sessions):
    """SQL excluding some session ids (integers, so no quoting)."""
    if not sessions:
        return ''
    return ' AND %s NOT IN (%s)' % (column, ', '.join(
        str(int(session)) for session in sessions))


def _url(server_url, database, **query):
    url = sa.make_url(server_url).set(database=database)
    if query:
        url = url.update_query_dict(query)
    return url.render_as_string(hide_password=False)


def _mariadb_program(name):
    return shutil.which(name) or shutil.which(name, path='/usr/sbin')


class PrivateMariaDB(_PrivateServer):
    """mariadbd on a throwaway datadir. The service connects as a plain
    user, not root: read_only binds only users without the READ ONLY
    ADMIN privilege."""

    SERVICE_USER = 'manila'
    # The system account mariadbd runs as (it is started as root here).
    user = 'root'

    def __init__(self, fillable=False):
        # A fillable server keeps every table in the system tablespace (no
        # file per table), growing 1 MB at a time until cap_tablespace()
        # sets a ceiling: writes past it fail with 1114 "The table ... is
        # full".
        self.fillable = fillable
        self.innodb_options = [] if not fillable else [
            '--innodb-file-per-table=0', '--innodb-autoextend-increment=1',
            '--innodb-data-file-path=ibdata1:12M:autoextend']
        self.root = tempfile.mkdtemp(prefix='ml-private-mariadb-')
        self.data = os.path.join(self.root, 'data')
        self.socket = os.path.join(self.root, 'mysqld.sock')
        self.logfile = os.path.join(self.root, 'server.log')
        self.port = _free_port()
        self.process = None

    @property
    def url(self):
        return 'mysql+pymysql://root@127.0.0.1:%d/mysql' % self.port

    def start(self):
        if not os.path.exists(self.data):
            self._install()
        self.process = subprocess.Popen(
            [_mariadb_program('mariadbd'), '--no-defaults',
             *self.server_options()],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_until_accepting()
        return self

    def _install(self):
        result = subprocess.run(
            [_mariadb_program('mariadb-install-db'), '--no-defaults',
             '--datadir=' + self.data, '--user=' + self.user,
             '--auth-root-authentication-method=normal',
             '--skip-test-db', *self.innodb_options],
            capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        if result.returncode != 0:
            raise RuntimeError('mariadb-install-db failed: %s%s' % (
                result.stdout, result.stderr))

    def server_options(self):
        """mariadbd's command line after --no-defaults (a Galera node
        adds its own, private_galera.py)."""
        return ['--datadir=' + self.data, '--user=' + self.user,
                '--port=%d' % self.port, '--bind-address=127.0.0.1',
                '--socket=' + self.socket, '--log-error=' + self.logfile,
                '--skip-name-resolve', '--innodb-flush-log-at-trx-commit=0',
                *self.innodb_options]

    def _wait_until_accepting(self):
        # Polling: a starting server offers nothing to wait on.
        deadline = time.monotonic() + COMMAND_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('mariadbd exited:\n' + self.log())
            try:
                self.execute('SELECT 1')
                return
            except sa.exc.OperationalError:
                time.sleep(0.05)
        raise RuntimeError('mariadbd did not start:\n' + self.log())

    def restart(self):
        """Normal shutdown (connections are killed), then start again."""
        self.stop()
        self.start()

    def cap_tablespace(self, margin_bytes):
        """Let the system tablespace grow only `margin_bytes` beyond what
        it holds now (the schema, whatever size it has grown to)."""
        assert self.fillable
        self.stop()
        used = os.path.getsize(os.path.join(self.data, 'ibdata1')) // 2 ** 20
        self.innodb_options[-1] = (
            '--innodb-data-file-path=ibdata1:12M:autoextend:max:%dM' % (
                used + margin_bytes // 2 ** 20))
        self.start()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(COMMAND_TIMEOUT)

    def create_database(self, name):
        user = self.SERVICE_USER
        self.execute('CREATE DATABASE %s CHARACTER SET utf8mb4' % name)
        self.execute("CREATE USER '%s'@'127.0.0.1'" % user)
        self.execute("GRANT ALL ON %s.* TO '%s'@'127.0.0.1'" % (name, user))
        return _url(self.url.replace('root@', user + '@'), name,
                    charset='utf8mb4')

    def waiting_on_locks(self):
        """Sessions blocked on a row lock right now.

        innodb_trx alone undercounts: for `WHERE id = <constant>` MariaDB
        reads the row while optimising the statement (processlist state
        'Statistics'), and a session waiting for the row lock there is at
        times missing from innodb_trx although it waits just the same
        (seen on 10.11: one of two blocked requests listed, the other
        only in the processlist, for the whole 30 s). So a session counts
        if InnoDB says LOCK WAIT, or if it is the service user's session
        running a locking read (FOR UPDATE) that has not finished. The
        tests call this while their own transaction holds the row, so
        such a read cannot be doing anything but waiting.
        """
        waiting = {thread for (thread,) in self.execute(
            "SELECT trx_mysql_thread_id FROM information_schema.innodb_trx "
            "WHERE trx_state = 'LOCK WAIT'")}
        waiting.update(session for (session,) in self.execute(
            "SELECT id FROM information_schema.processlist "
            "WHERE user = '%s' AND command = 'Query' "
            "AND LOCATE('FOR UPDATE', info) > 0" % self.SERVICE_USER))
        return len(waiting)

    def drop_connections(self, database, sparing=()):
        """Kill the database's sessions, but those in `sparing`."""
        for (session,) in self.execute(
                "SELECT id FROM information_schema.processlist "
                "WHERE db = '%s' AND id <> CONNECTION_ID()%s" % (
                    database, _not_in('id', sparing))):
            try:
                self.execute('KILL %d' % session)
            except sa.exc.DBAPIError:
                pass   # it ended on its own meanwhile

    @staticmethod
    def session_of(connection):
        return connection.exec_driver_sql('SELECT CONNECTION_ID()').scalar()

    def set_read_only(self, database, on):
        # Global, and checked by every statement of every session.
        self.execute('SET GLOBAL read_only = %s' % ('ON' if on else 'OFF'))
