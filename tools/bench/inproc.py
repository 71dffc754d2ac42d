"""CPU per request in this process, no HTTP: a quick loop for profiling.

    .venv/bin/python tools/bench/inproc.py [--backend sqlite|postgresql]
        [--rows 2000] [--requests 200] [--profile 'rule show']

Seeds a fresh database as run.py does (at a small size), builds the floor
and the manila app exactly as serve.py does, and calls each with
webob.Request.blank: the process CPU time per request (time.process_time,
which includes the database driver but not the database server), for the
floor and the benchmark's operations. --profile prints cProfile's top
functions for one operation. Not a substitute for run.py's HTTP figures:
a fast way to see what a change does to the server's own CPU.
"""
import argparse
import cProfile
import json
import os
import pstats
import shutil
import sys
import tempfile
import time

import sqlalchemy as sa
import webob

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, ROOT]

from manila_locks.host import migration  # noqa: E402
from tests import dbutils  # noqa: E402

import ops  # noqa: E402,I100
import seed  # noqa: E402
import serve  # noqa: E402
import servers  # noqa: E402


def call(app, request):
    headers = {'X-Auth-Token': request.token,
               'X-OpenStack-Manila-API-Version': '2.99',
               'Accept': 'application/json'}
    body = None
    if request.body is not None:
        body = json.dumps(request.body).encode()
        headers['Content-Type'] = 'application/json'
    req = webob.Request.blank('/v2' + request.path, method=request.method,
                              headers=headers, body=body)
    if body is None:
        # As the benchmark's server (wsgiref) gives a request without a
        # body: no CONTENT_LENGTH at all (blank() says '0').
        req.environ.pop('CONTENT_LENGTH', None)
    return req.get_response(app)


def cpu_per_request(app, op, count):
    for i in range(3):
        call(app, op.make_request(i))
    started = time.process_time()
    for i in range(count):
        response = call(app, op.make_request(i + 3))
        if response.status_int not in op.expect:
            raise SystemExit('%s: %s %s' % (op.name, response.status,
                                            response.text[:300]))
    return (time.process_time() - started) / count * 1000


def operations(fx, count):
    todo = [ops.floor(fx)] + ops.lock_ops(fx) + ops.rule_ops(fx)
    todo.append(ops.share_delete(fx.deletable, 1))
    return todo


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backend', default='sqlite')
    parser.add_argument('--rows', type=int, default=2000)
    parser.add_argument('--requests', type=int, default=200)
    parser.add_argument('--profile', help='an operation name')
    args = parser.parse_args()
    url = dbutils.create_database(args.backend)
    workdir = tempfile.mkdtemp(prefix='ml_inproc_')
    engine = sa.create_engine(url)
    try:
        migration.upgrade(url)
        seed.use_default_share_type(engine)
        seed.grow(engine, 0, args.rows)
        fx = seed.add_fixtures(engine, args.requests + 10, 7)
        engine.dispose()
        config = servers.write_config(workdir, url)
        apps = {'floor': serve.build('floor', config),
                'manila': serve.build('manila', config)}
        for op in operations(fx, args.requests):
            app = apps['floor' if op.name == 'floor' else 'manila']
            count = max(5, int(args.requests * op.share))
            if args.profile in (op.name, '%s N=%s' % (op.name, op.rules)):
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
            ms = cpu_per_request(app, op, count)
            if args.profile in (op.name, '%s N=%s' % (op.name, op.rules)):
                profiler.disable()
                pstats.Stats(profiler).sort_stats('cumulative').print_stats(
                    45)
                pstats.Stats(profiler).sort_stats('tottime').print_stats(25)
            print('%-32s N=%-5s %7.2f ms CPU/request' % (
                op.name, op.rules or '-', ms), flush=True)
    finally:
        engine.dispose()
        dbutils.drop_database(url)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
