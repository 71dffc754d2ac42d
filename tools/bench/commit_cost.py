"""What SQLite's durable commit costs a lock create: its own transaction,
replayed on a bare sqlite3 connection, with and without the sync.

    .venv/bin/python tools/bench/commit_cost.py [--rows 20000]
        [--requests 2000] [--dir DIR]

Seeds a fresh SQLite database as inproc.py does (the service's migrations,
run.py's bulk rows, in DIR: by default a temporary directory, which should
sit on the same kind of disk as a real service's state), builds the
service's app, and sends it lock creates in this process, recording every
statement the service's engine runs for one of them. Then replays that
transaction on a sqlite3 connection of its own, with fresh ids for the
lock, its event and the request (every time-ordered UUID in the
parameters), as the service sends it: BEGIN IMMEDIATE, its statements,
COMMIT. The replay runs under each `synchronous` setting, in interleaved
blocks whose order turns from one round to the next: FULL (what the
service uses for a lock, so that an acknowledged lock survives a power
cut), NORMAL (the WAL synced at checkpoints only) and OFF. Prints CPU per
request for the service and per replayed transaction, and the share of
the service's lock create that is the sync to disk.

These are CPU figures, not latency: time.process_time counts the
process's own time in the kernel (the fdatasync's work on its behalf),
not the wait for the device nor the kernel threads' work. A database on
tmpfs syncs nothing, and the figures then say so: the filesystem is
printed, with a warning for tmpfs.

Not part of `run.py`: a measurement of one part of one request, for
tools/bench/README.md's account of what is left of the SQLite lock create.
"""
import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, ROOT]

from manila_locks.db import api as db_api  # noqa: E402
from manila_locks.host import migration  # noqa: E402
from manila_locks import ids  # noqa: E402
from tests import dbutils  # noqa: E402

import inproc  # noqa: E402,I100
import ops  # noqa: E402
import seed  # noqa: E402
import serve  # noqa: E402
import servers  # noqa: E402

SYNCHRONOUS = ('FULL', 'NORMAL', 'OFF')
ROUNDS = 6
UUID_LENGTH = 36
REQUEST_ID_PREFIX = 'req-'
BEGIN = 'BEGIN IMMEDIATE'


def _is_time_ordered(value):
    """A UUID version 7 written out, alone or as a request id (the
    benchmark's shares and users have version 4 ids or none)."""
    if not isinstance(value, str):
        return False
    if value.startswith(REQUEST_ID_PREFIX):
        value = value[len(REQUEST_ID_PREFIX):]
    if len(value) != UUID_LENGTH:
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.version == 7 and str(parsed) == value


def fresh_ids(statements):
    """`statements` with a new id wherever it had a time-ordered one, the
    same new id for the same old one (the event names its lock)."""
    new = {}

    def swap(value):
        if not _is_time_ordered(value):
            return value
        if value not in new:
            prefix = value[:len(value) - UUID_LENGTH]
            new[value] = prefix + ids.time_ordered()
        return new[value]
    return [(sql, tuple(swap(value) for value in parameters))
            for sql, parameters in statements]


def replay(connection, statements, count):
    """CPU microseconds per transaction over `count` replays."""
    batches = [fresh_ids(statements) for _ in range(count)]
    started = time.process_time()
    for batch in batches:
        for sql, parameters in batch:
            connection.execute(sql, parameters)
        connection.execute('COMMIT')
    return (time.process_time() - started) / count * 1e6


def filesystem(path):
    """The type of the filesystem `path` is on, from /proc/mounts."""
    path = os.path.realpath(path)
    best, kind = '', 'unknown'
    with open('/proc/mounts') as mounts:
        for line in mounts:
            fields = line.split()
            point = fields[1]
            inside = path == point or path.startswith(point.rstrip('/') + '/')
            if inside and len(point) > len(best):
                best, kind = point, fields[2]
    return kind


def record_lock_create(app, create, number):
    """The statements of one lock create the app answers with 200, less
    the transaction's end (the driver's commit(), not a statement)."""
    response = []
    statements = dbutils.sent_while(
        db_api.writer.get_engine(),
        lambda: response.append(inproc.call(app,
                                            create.make_request(number))),
        with_parameters=True)
    if response[0].status_int != 200:
        raise SystemExit('the recorded lock create answered %s: %s'
                         % (response[0].status, response[0].text[:300]))
    if not statements or statements[0][0] != BEGIN:
        raise SystemExit('expected %s first, not %r'
                         % (BEGIN, statements[:1]))
    return statements


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rows', type=int, default=20000)
    parser.add_argument('--requests', type=int, default=2000)
    parser.add_argument('--dir', help='where the database goes')
    args = parser.parse_args()
    if args.requests < len(SYNCHRONOUS) * ROUNDS:
        parser.error('--requests: at least %d' % (len(SYNCHRONOUS) * ROUNDS))
    workdir = tempfile.mkdtemp(prefix='ml_commit_cost_', dir=args.dir)
    path = os.path.join(workdir, 'manila_locks.sqlite')
    url = 'sqlite:///' + path
    connection = None
    try:
        migration.upgrade(url)
        engine = sa.create_engine(url)
        seed.use_default_share_type(engine)
        seed.grow(engine, 0, args.rows)
        fx = seed.add_fixtures(engine, 0, 7, rule_counts=())
        engine.dispose()
        config = servers.write_config(workdir, url)
        floor_app = serve.build('floor', config)
        app = serve.build('manila', config)
        create = next(op for op in ops.lock_ops(fx)
                      if op.name == 'lock create')
        floor = ops.floor(fx)
        floor_ms = inproc.cpu_per_request(floor_app, floor, args.requests)
        service_ms = inproc.cpu_per_request(app, create, args.requests)
        transaction = record_lock_create(app, create, args.requests)
        db_api.writer.get_engine().dispose()
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute('PRAGMA journal_mode = WAL')
        connection.execute('PRAGMA wal_autocheckpoint = %d'
                           % db_api._WAL_AUTOCHECKPOINT_PAGES)
        per_block = args.requests // ROUNDS
        micros = dict.fromkeys(SYNCHRONOUS, 0.0)
        replay(connection, transaction, 50)
        for turn in range(ROUNDS):
            for step in range(len(SYNCHRONOUS)):
                setting = SYNCHRONOUS[(turn + step) % len(SYNCHRONOUS)]
                connection.execute('PRAGMA synchronous = %s' % setting)
                micros[setting] += replay(connection, transaction,
                                          per_block) / ROUNDS
        kind = filesystem(workdir)
    finally:
        if connection is not None:
            connection.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print('database on %s%s' % (kind, ' (tmpfs: nothing is synced, the '
                                'sync below is not a disk\'s)'
                                if kind == 'tmpfs' else ''))
    print('in process, CPU per request:')
    print('  floor                                %7.0f us' % (floor_ms * 1e3))
    print('  lock create (the service)            %7.0f us' % (
        service_ms * 1e3))
    print('its transaction on a bare sqlite3 connection (%s, %d '
          'statements, COMMIT), CPU per transaction:'
          % (BEGIN, len(transaction) - 1))
    for setting in SYNCHRONOUS:
        print('  synchronous = %-6s                 %7.0f us' % (
            setting, micros[setting]))
    sync = micros['FULL'] - micros['NORMAL']
    print('the sync of each commit (FULL - NORMAL): %.0f us, %.0f%% of the '
          'service\'s lock create' % (sync, sync / (service_ms * 1e3) * 100))


if __name__ == '__main__':
    main()
