"""CPU time spent serving a run: by the server's processes, and by the
PostgreSQL backends that answered its statements.

Both are read before and after a run and divided by its requests: the
cost of a request on the server's side of the socket, which the client's
latency mixes with the load generator, the network stack and the
machine's other work. Linux only.

- A server that is one process is asked: GET CLOCK_PATH answers its CPU
  clock (every thread's, exited ones included) to the nanosecond
  (cpu_clock.py). That is serve.py's threaded server (kind 1w), and
  gunicorn with one worker (the side-by-side mode's kind 1g, ours, the
  floor and upstream Manila), whose requests all reach that worker: its
  master, which serves none, is not counted. What the asking itself
  costs the server between two readings is measured on the first use
  (the median of a few readings one right after the other) and taken off
  each run's figure.
- Other servers (gunicorn with several workers): utime + stime of
  /proc/<pid>/stat over the master and its workers, which counts exited
  threads too but only to the clock tick (usually 10 ms), so runs need a
  few hundred milliseconds of its CPU to mean much.
- A PostgreSQL backend is one thread: its time on a CPU is read to the
  nanosecond (/proc/<pid>/schedstat).
"""
import dataclasses
import http.client
import os
import statistics
import urllib.parse

import sqlalchemy as sa
from sqlalchemy import pool

import cpu_clock

TICK = os.sysconf('SC_CLK_TCK')
# What a one-process server answers with its CPU time (cpu_clock.py).
CLOCK_PATH = cpu_clock.PATH
# Readings one right after the other, to learn what one costs.
_CALIBRATION_READINGS = 7


def process_seconds(pid):
    """CPU seconds (user + system) of one live process; 0 if it is gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            text = f.read()
    except OSError:
        return 0.0
    # The name (field 2) may hold spaces; what follows ')' is fixed.
    fields = text[text.rindex(')') + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run_seconds(pid):
    """CPU seconds of one live single-threaded process (a PostgreSQL
    backend), to the nanosecond (/proc/<pid>/schedstat: time on a CPU);
    0 if it is gone. The process's first thread only: not for a threaded
    server, whose exited threads it would miss."""
    try:
        with open('/proc/%d/schedstat' % pid) as f:
            return int(f.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def children(pid):
    found = []
    try:
        tasks = os.listdir('/proc/%d/task' % pid)
    except OSError:
        return found
    for task in tasks:
        try:
            with open('/proc/%d/task/%s/children' % (pid, task)) as f:
                found += [int(child) for child in f.read().split()]
        except OSError:
            pass
    return found


def tree(pid):
    """`pid` and its descendants (gunicorn's master and its workers)."""
    pids = [pid]
    for child in children(pid):
        pids += tree(child)
    return pids


class Sample(dict):
    """{pid: CPU seconds} at one moment."""

    @classmethod
    def of(cls, pids, reading=process_seconds):
        return cls((pid, reading(pid)) for pid in pids)

    def since(self, earlier):
        """Seconds used since `earlier`; a pid new since then counts from
        zero (a connection or worker started during the run)."""
        return sum(max(0.0, value - earlier.get(pid, 0.0))
                   for pid, value in self.items())


class Database:
    """The PostgreSQL backends of one database: the client connections
    of the servers under test, not this meter's own."""

    def __init__(self, url):
        self.engine = None
        if sa.make_url(url).get_backend_name() == 'postgresql':
            self.engine = sa.create_engine(url, poolclass=pool.NullPool)

    def pids(self):
        if self.engine is None:
            return []
        with self.engine.connect() as conn:
            return list(conn.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = "
                "current_database() AND backend_type = 'client backend' "
                "AND pid <> pg_backend_pid()").scalars())

    def close(self):
        if self.engine is not None:
            self.engine.dispose()


@dataclasses.dataclass
class Usage:
    server_ms: float            # per request
    db_ms: float = None         # per request; None: not measured (SQLite)


class Clock:
    """The CPU clock of a server that answers CLOCK_PATH (servers
    .ServerUrl.cpu_clock), in seconds, less what reading it costs."""

    _costs = {}     # server: seconds one reading costs it

    def __init__(self, url):
        parsed = urllib.parse.urlsplit(url)
        self.address = (parsed.hostname, parsed.port)
        # (A later server may listen on a port an earlier one had.)
        self.key = '%s:%d (pid %s)' % (parsed.hostname, parsed.port,
                                       url.pid)
        if self.key not in self._costs:
            readings = [self.read() for _ in range(_CALIBRATION_READINGS)]
            self._costs[self.key] = statistics.median(
                later - earlier for earlier, later in zip(readings,
                                                          readings[1:]))

    def read(self):
        conn = http.client.HTTPConnection(*self.address, timeout=30)
        try:
            conn.request('GET', CLOCK_PATH)
            response = conn.getresponse()
            text = response.read()
            if response.status != 200:
                raise RuntimeError('%s%s: %s' % (self.key, CLOCK_PATH,
                                                 response.status))
            return int(text) / 1e9
        finally:
            conn.close()

    def since(self, earlier):
        """CPU seconds since the reading `earlier`, the asking not
        counted."""
        return max(0.0, self.read() - earlier - self._costs[self.key])


class Meter:
    """`server`: a servers.ServerUrl (its pid, and whether it answers
    the clock)."""

    def __init__(self, server, database=None):
        self.server_pid = server.pid
        self.clock = Clock(server) if server.cpu_clock else None
        self.database = database

    def start(self):
        db = Sample.of(self.database.pids(), run_seconds) if (
            self._has_db()) else None
        if self.clock is not None:
            return self.clock.read(), db
        return Sample.of(tree(self.server_pid)), db

    def stop(self, started, requests):
        server, db = started
        if self.clock is not None:
            used = self.clock.since(server)
        else:
            used = Sample.of(tree(self.server_pid)).since(server)
        db_ms = None
        if db is not None:
            db_ms = Sample.of(self.database.pids(), run_seconds).since(
                db) * 1000 / requests
        return Usage(used * 1000 / requests, db_ms)

    def _has_db(self):
        return self.database is not None and self.database.engine is not None


def merged(usages):
    """One Usage for [(Usage, requests)] of one measurement's blocks: CPU
    per request over all their requests (db_ms None if any is)."""
    requests = sum(count for _, count in usages)

    def per_request(field):
        values = [(getattr(usage, field), count) for usage, count in usages]
        if any(value is None for value, _ in values):
            return None
        return sum(value * count for value, count in values) / requests
    return Usage(per_request('server_ms'), per_request('db_ms'))
