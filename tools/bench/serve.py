"""Serve one application for the benchmark, in a process of its own.

    python tools/bench/serve.py --app manila|floor --config-file FILE
        one process, a thread per request (the server manila-locks-api runs);
        prints "listening on http://127.0.0.1:<port>/v2".
    gunicorn --chdir tools/bench 'serve:from_environment()'
        several workers; BENCH_APP and MANILA_LOCKS_CONFIG say what to serve.

The manila app is built with manila_locks.host.deploy exactly as the service
builds it, plus the benchmark-only /bench-rules route (rule_variants.py).
With MANILA_LOCKS_COUNT_SQL=1 every response carries X-Bench-SQL-Count: the
SQL statements the database driver executed for that request. Either app
answers GET /bench-cpu with the process's CPU time in nanoseconds
(cpu_clock.py), which the benchmark reads of a server that is one
process.
"""
import argparse
import logging
import os
import socketserver
import sys
from wsgiref import simple_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cpu_clock  # noqa: E402
import floor_app  # noqa: E402
from manila_locks import collector  # noqa: E402
from manila_locks import conf as ml_conf  # noqa: E402
import sqlcount  # noqa: E402,I100


def _manila_app(conf):
    # Imported here so that the floor never loads manila_locks' app.
    from manila_locks.host import deploy
    from manila_locks.host import routes
    import rule_variants

    # The schema is created by the benchmark's seeding, not here.
    deploy.setup(conf, sync_db=False)
    routes.ROUTES.update(rule_variants.ROUTES)
    return deploy.build_app(conf)


def build(app_name, config_file):
    conf = ml_conf.build(['--config-file', config_file])
    if app_name == 'floor':
        app = floor_app.FloorApp(conf.database.connection)
    else:
        app = _manila_app(conf)
    if os.environ.get('MANILA_LOCKS_COUNT_SQL') == '1':
        app = sqlcount.CountSql(app)
    app = cpu_clock.CpuClock(app)
    # As the service's entry points do (cmd/api.py, deploy.init_application),
    # for the floor as for the service.
    collector.settle_after_start_up()
    return app


def _logging():
    logging.basicConfig(level=logging.WARNING)
    # One line per retried transaction: the Galera mode counts them.
    logging.getLogger('manila_locks.core.retry').setLevel(logging.INFO)


def from_environment():
    """gunicorn application factory."""
    _logging()
    return build(os.environ.get('BENCH_APP', 'manila'),
                 os.environ['MANILA_LOCKS_CONFIG'])


class ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    request_queue_size = 64


class QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--app', choices=('manila', 'floor'),
                        default='manila')
    parser.add_argument('--config-file', required=True)
    args = parser.parse_args()
    _logging()
    app = build(args.app, args.config_file)
    server = simple_server.make_server('127.0.0.1', 0, app,
                                       server_class=ThreadingServer,
                                       handler_class=QuietHandler)
    print('listening on http://127.0.0.1:%d/v2' % server.server_port,
          flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
