"""Galera mode: the lock-checked requests with the API servers writing
through one node of a three-node cluster, then through all three.

A private cluster (tests/reliability/private_galera.py) on loopback, one
database, seeded through node 0. Each mode has three API servers (gunicorn,
SERVER_KIND), the clients spread over them; only the node each server's
[database] connection names differs:

  1 node    every server on node 0: a single writer, as HAProxy sends all
            traffic to one node with the others as backups
  3 nodes   server i on node i: every node a writer

All six servers run at once and each operation is measured in one mode
right after the other, each run interleaved with runs of the floor (one
primary-key SELECT, its own server, on node 0) as in the other modes.
Every server reads with mysql_wsrep_sync_wait = 1, as the Galera tests
do.
"""
import contextlib
import dataclasses
import os
import re
import shutil
import sys
import tempfile
import typing

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, ROOT]

from manila_locks.host import migration  # noqa: E402
from tests.reliability import private_galera  # noqa: E402

import ops  # noqa: E402,I100
import seed  # noqa: E402
import servers  # noqa: E402

DATABASE = 'manila_locks_bench'
SERVER_KIND = '2w'   # per API server; three of them in both modes
MODES = (('1 node', (0, 0, 0)), ('3 nodes', (0, 1, 2)))
SYNC_WAIT = ['mysql_wsrep_sync_wait = 1']
RETRIED = re.compile(r'committed after (\d+) retr')


def unavailable():
    return private_galera.unavailable()


@dataclasses.dataclass
class Harness:
    """run.py's: measure(urls, op, plan, meta, fx),
    measure_floor(urls, plan, meta, fx), log(meta, app) -> path,
    urls(manila, floor)."""
    measure: typing.Callable
    measure_floor: typing.Callable
    log: typing.Callable
    urls: typing.Callable


def bench(plan, level, harness):
    """Rows for each mode, the floor's included."""
    cluster = private_galera.PrivateGalera('bench')
    workdir = tempfile.mkdtemp(prefix='ml_bench_galera_')
    try:
        cluster.start()
        print('galera: three nodes synced in %.1f s' % cluster.started_in,
              flush=True)
        node_urls = cluster.create_database(DATABASE)
        migration.upgrade(node_urls[0])
        fx = _seed(node_urls[0], level, plan)
        configs = [_config(workdir, n, url) for n, url in
                   enumerate(node_urls)]
        metas = [{'backend': 'galera', 'kind': mode, 'level': level}
                 for mode, _ in MODES]
        rows = _bench_modes(plan, metas, configs, fx, harness)
        for meta in metas:
            print('  galera %s: %s' % (meta['kind'],
                                       _retries(meta, harness)))
    finally:
        cluster.remove()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def _seed(url, level, plan):
    engine = sa.create_engine(url)
    try:
        seed.use_default_share_type(engine)
        seed.grow(engine, 0, level)
        return seed.add_fixtures(
            engine, plan.requests * len(ops.CLIENTS) * len(MODES), level,
            rule_counts=(10,))
    finally:
        engine.dispose()


def _config(workdir, node, url):
    directory = os.path.join(workdir, 'node%d' % node)
    os.makedirs(directory)
    return servers.write_config(directory, url, SYNC_WAIT)


def _slices(items, parts):
    size = len(items) // parts
    return [items[i * size:(i + 1) * size] for i in range(parts)]


def _bench_modes(plan, metas, configs, fx, harness):
    """Both modes' servers run side by side, and each measurement of one
    is followed by the same of the other (each interleaved with floor
    runs),
    so a change in the machine's load meets both."""
    deletable = _slices(fx.deletable, len(MODES))
    rows = []
    with contextlib.ExitStack() as stack:
        floor = stack.enter_context(servers.serving(
            SERVER_KIND, 'floor', configs[0], harness.log(metas[0], 'floor')))
        modes = [(meta, harness.urls(stack.enter_context(_serving_all(
            [configs[n] for n in nodes], meta, harness.log)), floor))
            for meta, (_, nodes) in zip(metas, MODES)]
        for meta, urls in modes:
            rows += harness.measure_floor(urls, plan, meta, fx)
        for op in ops.lock_ops(fx):
            for meta, urls in modes:
                rows += harness.measure(urls, op, plan, meta, fx)
        per_run = len(deletable[0]) // len(ops.CLIENTS)
        for i, clients in enumerate(ops.CLIENTS):
            for (meta, urls), mine in zip(modes, deletable):
                op = ops.share_delete(mine[i * per_run:(i + 1) * per_run],
                                      clients)
                rows += harness.measure(urls, op, plan, meta, fx)
    return rows


def _server_log(meta, n, log_path):
    return log_path(dict(meta, kind='%s-%d' % (meta['kind'], n)), 'manila')


def _retries(meta, harness):
    """What the mode's servers logged of retried transactions
    (core/retry.py)."""
    retried = gave_up = 0
    for n in range(len(MODES[0][1])):
        with open(_server_log(meta, n, harness.log), errors='replace') as log:
            for line in log:
                found = RETRIED.search(line)
                retried += int(found.group(1)) if found else 0
                gave_up += 'gave up after' in line
    return 'retries logged: %d, gave up: %d' % (retried, gave_up)


@contextlib.contextmanager
def _serving_all(configs, meta, log_path):
    """The API servers of one mode, one per config; yields their URLs."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(servers.serving(
            SERVER_KIND, 'manila', config, _server_log(meta, n, log_path)))
            for n, config in enumerate(configs)]
