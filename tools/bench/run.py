"""Benchmark manila_locks against the floor, at growing table sizes.

    /tmp/venv/bin/python tools/bench/run.py [--quick]
        [--backends sqlite,postgresql] [--kinds 1w,4w] [--levels 10000,...]
    [--galera ROWS] [--manila 1000,100000 [--manila-auth noauth]]

For each backend a fresh database is created (tests/dbutils.py), migrated
and seeded in bulk; at each table size (10k, 100k and, without --quick, 1M
shares and locks) the floor app and manila_locks are served by each server
kind in turn and driven over HTTP from this process. Tables, ratios to the
floor and targets are printed; results.json, results.txt and bench.png go to
tools/bench/out/, and the plot is copied to doc/bench/bench.png.
"""
import argparse
import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, ROOT]

from manila_locks.host import migration  # noqa: E402
from tests import dbutils  # noqa: E402

import cpu  # noqa: E402,I100
import galera  # noqa: E402
import load  # noqa: E402
import manila_bench  # noqa: E402
import ops  # noqa: E402
import report  # noqa: E402
import seed  # noqa: E402
import servers  # noqa: E402

OUT = os.path.join(HERE, 'out')
DOC_PLOT = os.path.join(ROOT, 'doc', 'bench', 'bench.png')
WARM_UP = 5
MIN_REQUESTS = 3
# Each row and its floor are measured in this many blocks each,
# interleaved (floor, operation, operation, floor, floor, ...): on a
# shared machine the speed drifts within seconds, and both sides of a
# ratio must see the same moments of it.
ROUNDS = 4


@dataclasses.dataclass
class Plan:
    levels: tuple
    requests: int
    kinds: tuple
    backends: tuple
    quick: bool
    galera: int = 0     # rows for the Galera mode; 0: not run
    manila: tuple = ()  # levels for the side-by-side with upstream Manila
    manila_auth: str = 'headers'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true',
                        help='10k and 100k rows only, 150 requests per '
                             'run (about 3 minutes).')
    parser.add_argument('--backends', default='sqlite,postgresql')
    parser.add_argument('--kinds', default=','.join(servers.KINDS),
                        help='Server kinds: 1w (one process), %s '
                             '(gunicorn).' % servers.KINDS[1])
    parser.add_argument('--requests', type=int,
                        help='Requests per operation and client count.')
    parser.add_argument('--levels', help='Table sizes, e.g. 10000,100000.')
    parser.add_argument('--galera', type=int, metavar='ROWS', default=0,
                        help='Also run the Galera mode (galera.py) with this '
                             'many shares and locks: one node vs three. '
                             'With --backends= it runs alone.')
    parser.add_argument('--manila', metavar='LEVELS', default='',
                        help='Also run manila_locks and upstream Manila '
                             '(from PyPI) side by side on PostgreSQL at '
                             'these lock counts, e.g. 1000,100000 '
                             '(manila_bench.py). With --backends= it runs '
                             'alone.')
    parser.add_argument('--manila-auth', choices=('headers', 'noauth'),
                        default='headers',
                        help="Manila's caller: 'headers' (default) the "
                             "member alice of p1, as manila_locks sees "
                             "her; 'noauth' Manila's noauth, where every "
                             "caller is an admin.")
    args = parser.parse_args(argv)
    levels = (10000, 100000) if args.quick else (10000, 100000, 1000000)
    if args.levels:
        levels = tuple(int(level) for level in args.levels.split(','))
    return Plan(levels, args.requests or (150 if args.quick else 200),
                tuple(args.kinds.split(',')),
                tuple(name for name in args.backends.split(',') if name),
                args.quick, args.galera,
                tuple(int(level) for level in args.manila.split(',')
                      if level), args.manila_auth)


def metered(url, database, op, count, clients, first=0):
    """load.run of requests first..first+count-1, and the CPU the server
    (and the database) spent on it."""
    meter = cpu.Meter(url, database) if getattr(url, 'pid', None) \
        else None
    started = meter.start() if meter else None
    result = load.run(url, op.make_request, count, clients, op.expect,
                      first=first)
    result.cpu = meter.stop(started, count) if meter else None
    return result


def measure(urls, op, plan, meta, fx):
    """Rows for `op` at each client count, each compared with floor runs
    interleaved with its own (ROUNDS blocks of each, in ABBA order), so
    that ratios compare like with like even when the machine's speed
    drifts from one second to the next."""
    floor_op = ops.floor(fx)
    if op.warm:
        load.run(urls.manila, op.make_request, WARM_UP, 1, op.expect)
    rows = []
    for clients in op.clients:
        count = max(clients, MIN_REQUESTS, int(plan.requests * op.share))
        floor_count = max(clients, plan.requests)
        rounds = max(1, min(ROUNDS, count // clients, floor_count // clients))
        floors, results = [], []
        for turn, (mine, floor) in enumerate(zip(
                blocks(count, rounds), blocks(floor_count, rounds))):
            runs = [(floors, urls.floor, floor_op, floor),
                    (results, urls.manila, op, mine)]
            for found, url, what, (first, size) in (
                    runs if turn % 2 == 0 else runs[::-1]):
                found.append(metered(url, urls.database, what, size,
                                     clients, first=first))
        result = load.merged(results)
        rows.append(report.row(meta, op, clients, result,
                               [load.merged(floors)],
                               blocks=list(zip(results, floors))))
        _print_progress(op, clients, result)
    return rows


def blocks(count, rounds):
    """`count` requests in `rounds` consecutive blocks: [(first, size)],
    sizes differing by one at most."""
    size, extra = divmod(count, rounds)
    first, found = 0, []
    for number in range(rounds):
        found.append((first, size + (1 if number < extra else 0)))
        first += found[-1][1]
    return found


def measure_floor(urls, plan, meta, fx):
    op = ops.floor(fx)
    load.run(urls.floor, op.make_request, WARM_UP, 1, op.expect)
    rows = []
    for clients in op.clients:
        result = metered(urls.floor, urls.database, op, plan.requests,
                         clients)
        rows.append(report.row(meta, op, clients, result, [result]))
    return rows


def _print_progress(op, clients, result):
    print('    %-30s N=%-4s %d cl: %5.1f s' % (
        op.name, op.rules or '-', clients, result.seconds), flush=True)
    for status, body in result.errors[:1]:
        print('  ! %s: %d unexpected answers, e.g. %s %r' % (
            op.name, len(result.errors), status, body))


def rule_api_ready(base_url, fx):
    status = load.probe(base_url, ops.rule_ops(fx)[0].make_request(0))
    if status != 200:
        print('  note: GET /share-access-rules?share_id= answers %d (not '
              'built yet?); rule list/show skipped' % status)
    return status == 200


def _log(meta, app):
    os.makedirs(os.path.join(OUT, 'logs'), exist_ok=True)
    return os.path.join(OUT, 'logs', '%s-%s-%s.log' % (
        meta['backend'], meta['kind'].replace(' ', '_'), app))


@dataclasses.dataclass
class Urls:
    manila: str
    floor: str
    database: cpu.Database = None   # whose backends' CPU is measured


def bench_server(kind, config, fx, plan, meta, delete_ids, database):
    with servers.serving(kind, 'floor', config,
                         _log(meta, 'floor')) as floor, \
            servers.serving(kind, 'manila', config,
                            _log(meta, 'manila')) as manila:
        urls = Urls(manila, floor, database)
        rows = measure_floor(urls, plan, meta, fx)
        todo = ops.lock_ops(fx)
        if rule_api_ready(manila, fx):
            todo += ops.rule_ops(fx)
        if meta['level'] == max(plan.levels):
            todo += ops.rule_variant_ops(fx)
        for op in todo:
            rows += measure(urls, op, plan, meta, fx)
        per_run = len(delete_ids) // len(ops.CLIENTS)
        for i, clients in enumerate(ops.CLIENTS):
            op = ops.share_delete(
                delete_ids[i * per_run:(i + 1) * per_run], clients)
            rows += measure(urls, op, plan, meta, fx)
    return rows


def bench_backend(backend, plan):
    url = dbutils.create_database(backend)
    workdir = tempfile.mkdtemp(prefix='ml_bench_')
    engine = sa.create_engine(url)
    database = cpu.Database(url)
    rows = []
    try:
        migration.upgrade(url)
        seed.use_default_share_type(engine)
        config = servers.write_config(workdir, url)
        have = 0
        for level in plan.levels:
            started = time.time()
            if have:
                seed.retire_fixtures(engine, have)
            seed.grow(engine, have, level)
            have = level
            per_kind = plan.requests * len(ops.CLIENTS)
            fx = seed.add_fixtures(engine, per_kind * len(plan.kinds), level)
            print('%s: %d shares and locks seeded in %.0f s' % (
                backend, level, time.time() - started), flush=True)
            # --quick runs the multi-worker server at the top size only.
            kinds = plan.kinds
            if plan.quick and level != max(plan.levels):
                kinds = kinds[:1]
            for i, kind in enumerate(kinds):
                meta = {'backend': backend, 'kind': kind, 'level': level}
                mine = fx.deletable[i * per_kind:(i + 1) * per_kind]
                rows += bench_server(kind, config, fx, plan, meta, mine,
                                     database)
                print('  %s %s done' % (backend, kind), flush=True)
    finally:
        database.close()
        engine.dispose()
        dbutils.drop_database(url)
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def main(argv=None):
    plan = parse_args(argv)
    started = time.time()
    shutil.rmtree(os.path.join(OUT, 'logs'), ignore_errors=True)
    rows = []
    for backend in plan.backends:
        rows += bench_backend(backend, plan)
    if plan.galera:
        problem = galera.unavailable()
        if problem:
            sys.exit('galera mode impossible here: %s' % problem)
        rows += galera.bench(plan, plan.galera, galera.Harness(
            measure, measure_floor, _log, Urls))
    if plan.manila:
        rows += manila_bench.bench(plan, plan.manila, plan.manila_auth,
                                   galera.Harness(measure, measure_floor,
                                                  _log, Urls))
    write(rows, plan, started)


def write(rows, plan, started):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=1)
    text = report.render(rows, plan.levels)
    with open(os.path.join(OUT, 'results.txt'), 'w') as f:
        f.write(text)
    print(text)
    if not [r for r in rows
            if r['backend'] not in ('galera', report.VS_MANILA)]:
        return   # the plot is of the other backends' rows
    plot = os.path.join(OUT, 'bench.png')
    report.plot(rows, plot)
    os.makedirs(os.path.dirname(DOC_PLOT), exist_ok=True)
    shutil.copyfile(plot, DOC_PLOT)
    print('plot: %s (copied to %s); %.0f s in all' % (
        plot, DOC_PLOT, time.time() - started))


if __name__ == '__main__':
    main()
