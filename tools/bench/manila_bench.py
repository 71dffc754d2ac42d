"""The side-by-side mode (run.py --manila LEVELS): manila_locks and upstream
Manila answer the same lock-checked requests, one right after the other.

Both run on PostgreSQL, each in its own database, both under gunicorn with
one gthread worker (kind '1g'); the floor is served the same way. At each
level both databases get the same shapes (seed.py, manila_seed.py) and the
same fixture ids, so ops.py's requests name the same resources. Every
measured run, ours or Manila's, is interleaved with floor runs
(run.measure).
"""
import dataclasses
import shutil
import tempfile
import time

import sqlalchemy as sa

from manila_locks.host import migration
from tests import dbutils

import cpu
import manila_seed
import manila_upstream
import ops
import report
import seed
import servers

KIND = '1g'          # gunicorn, one gthread worker: for both services
OURS, THEIRS = 'manila_locks', 'Manila ' + manila_upstream.RELEASE.split(
    '==')[1]
# Manila checks each listed rule's locks with two statements on an
# unindexed table: a request of 1000 rules takes seconds, so fewer of them.
THEIR_BIG_LIST_SHARE = 0.025


def compared_ops(fx):
    """The lock-checked requests both services answer, at one client.
    Not compared: the lock history (Manila has no /resource-lock-events)
    and the allowed share delete (Manila casts it to a share service this
    mode does not run)."""
    todo = [op for op in ops.lock_ops(fx)
            if op.name != 'lock history by resource_id']
    todo += [op for op in ops.rule_ops(fx) if op.rules != 100]
    return [dataclasses.replace(op, clients=(1,)) for op in todo]


def _theirs(op):
    if op.rules == 1000:
        # Warmed up by the list of 10, which takes the same path.
        return dataclasses.replace(op, share=THEIR_BIG_LIST_SHARE,
                                   warm=False)
    return op


class _Side:
    """One service's database, config and CPU meter."""

    def __init__(self, workdir):
        self.url = dbutils.create_database('postgresql')
        self.engine = sa.create_engine(self.url)
        self.database = cpu.Database(self.url)
        self.workdir = workdir

    def close(self):
        self.database.close()
        self.engine.dispose()
        dbutils.drop_database(self.url)


def bench(plan, levels, auth_mode, harness):
    """Rows for both services at each level (floor rows included)."""
    installed = manila_upstream.check()
    if installed:
        print('%s installed in %.0f s' % (manila_upstream.RELEASE,
                                          installed))
    workdir = tempfile.mkdtemp(prefix='ml_vs_manila_')
    ours = theirs = None
    rows = []
    try:
        ours, theirs = _Side(workdir), _Side(workdir)
        migration.upgrade(ours.url)
        seed.use_default_share_type(ours.engine)
        ours.config = servers.write_config(workdir, ours.url)
        theirs.config = manila_upstream.write_config(workdir, theirs.url,
                                                     auth_mode)
        manila_upstream.db_sync(theirs.config)
        schema = manila_seed.prepare(theirs.engine)
        have = 0
        for level in levels:
            started = time.time()
            seed.grow(ours.engine, have, level)
            manila_seed.grow(schema, have, level)
            have = level
            fx = seed.add_fixtures(ours.engine, 0, level)
            manila_seed.add_fixtures(schema, fx, level)
            print('vs Manila: %d shares and locks seeded in each in %.0f s'
                  % (level, time.time() - started), flush=True)
            rows += _bench_level(plan, level, auth_mode, harness, fx, ours,
                                 theirs)
    except manila_upstream.Unavailable as e:
        raise SystemExit('--manila: %s' % e)
    finally:
        for side in (ours, theirs):
            if side is not None:
                side.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def _bench_level(plan, level, auth_mode, harness, fx, ours, theirs):
    meta = {'backend': report.VS_MANILA, 'level': level}
    mine, other = dict(meta, kind=OURS), dict(meta, kind=THEIRS)
    with servers.serving(KIND, 'floor', ours.config,
                         harness.log(mine, 'floor')) as floor, \
            servers.serving(KIND, 'manila', ours.config,
                            harness.log(mine, 'api')) as ours_url, \
            manila_upstream.serving(theirs.config, auth_mode,
                                    harness.log(other, 'api')) as their_url:
        our_urls = harness.urls(ours_url, floor, ours.database)
        their_urls = harness.urls(their_url, floor, theirs.database)
        rows = harness.measure_floor(our_urls, plan, mine, fx)
        for op in compared_ops(fx):
            rows += harness.measure(our_urls, op, plan, mine, fx)
            rows += harness.measure(their_urls, _theirs(op), plan, other, fx)
    print('  vs Manila %d done' % level, flush=True)
    return rows
