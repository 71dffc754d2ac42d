"""manila-locks-api: serve the API with waitress, a threaded WSGI server.

Works with no configuration at all: SQLite under ~/.local/share/manila-locks,
noauth, 127.0.0.1:8786.

Why waitress: the standard library's wsgiref server listens with a backlog
of 5, so a burst of clients got "Connection reset by peer". waitress is a
proven production server (the Pylons project's), pure Python with no
dependencies, and runs requests on a small pool of threads: no fork, which
suits the embedded SQLite database and a two-core machine. Its main loop
accepts and buffers connections, requests and responses itself, so slow or
idle keep-alive clients hold no thread (cheroot, the other candidate, gives
each connection a thread for its lifetime). The backlog, the thread count
and the connection limit are [DEFAULT] osapi_share_backlog,
osapi_share_threads and osapi_share_connection_limit.

For several processes, run the WSGI application (manila-locks-wsgi,
manila_locks.host.deploy:init_application) under uwsgi or gunicorn instead.
"""
import argparse
import logging
import signal
import sys
import time

import sqlalchemy as sa
import waitress

from manila_locks.api import middleware
from manila_locks import collector
from manila_locks import conf as ml_conf
from manila_locks.host import deploy
from manila_locks import policy

LOG = logging.getLogger('manila_locks')
PROG = 'manila-locks-api'


class AccessLog:
    """One INFO line per request; waitress writes no access log."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.monotonic()
        status = ['-']

        def _start(code, headers, exc_info=None):
            status[0] = code.split(' ', 1)[0]
            return start_response(code, headers, exc_info)

        try:
            return self.app(environ, _start)
        finally:
            # The path without the query: a rule list may filter by
            # access_key, and no log line carries one.
            LOG.info('%s "%s %s" %s %.3fs %s',
                     environ.get('REMOTE_ADDR', '-'),
                     environ['REQUEST_METHOD'],
                     environ.get('SCRIPT_NAME', '') +
                     environ.get('PATH_INFO', ''), status[0],
                     time.monotonic() - started,
                     environ.get(middleware.REQUEST_ID_KEY, '-'))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument('--config-file', action='append', default=[],
                        help='oslo.config file; may be repeated.')
    parser.add_argument('--host', help='Listen address (default: '
                        '[DEFAULT] osapi_share_listen, 127.0.0.1).')
    parser.add_argument('--port', type=int, help='Listen port (default: '
                        '[DEFAULT] osapi_share_listen_port, 8786; 0 picks a '
                        'free port).')
    return parser.parse_args(argv)


def warn_about_setup(conf):
    """What an operator must know before the first request."""
    if conf.auth_strategy == 'noauth':
        LOG.warning('auth_strategy is noauth: every request names its own '
                    'user, project and roles in X-Auth-Token, unchecked. '
                    'For development and tests only; set [DEFAULT] '
                    'auth_strategy = keystone for anything else.')
    url = sa.make_url(ml_conf.database_connection(conf))
    LOG.info('Database: %s', url.render_as_string(hide_password=True))


def listen(app, conf, host, port):
    """A waitress server already listening on host:port."""
    return waitress.create_server(
        app, host=host, port=port,
        threads=conf.osapi_share_threads,
        backlog=conf.osapi_share_backlog,
        connection_limit=conf.osapi_share_connection_limit,
        # poll() has no FD_SETSIZE ceiling, unlike select().
        asyncore_use_poll=True,
        ident=PROG)


def bound_address(server):
    """(host, port) actually bound; several sockets for a name such as
    localhost that resolves to IPv4 and IPv6: the first."""
    listening = getattr(server, 'effective_listen', None)
    host, port = listening[0] if listening else (
        server.effective_host, server.effective_port)
    return host, int(port)   # waitress reports the port as a string


def _stop(signum, frame):
    # waitress's loop ends on SystemExit, lets running requests finish
    # (up to 5 s) and closes its sockets.
    raise SystemExit(0)


def _reload_policy(signum, frame):
    LOG.info('SIGHUP: reloading the policy file')
    policy.reload()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    conf_args = []
    for path in args.config_file:
        conf_args += ['--config-file', path]
    conf = ml_conf.build(conf_args)
    logging.basicConfig(level=logging.INFO,
                        format='%(asctime)s %(levelname)s %(name)s '
                               '%(message)s')
    warn_about_setup(conf)
    deploy.setup(conf)
    app = AccessLog(deploy.build_app(conf))
    host = args.host or conf.osapi_share_listen
    port = conf.osapi_share_listen_port if args.port is None else args.port
    try:
        server = listen(app, conf, host, port)
    except (OSError, ValueError) as exc:
        # A port in use or an address not of this host: one line, no
        # traceback.
        reason = getattr(exc, 'strerror', None) or str(exc)
        print('%s: cannot listen on %s port %s: %s' % (
            PROG, host, port, reason), file=sys.stderr, flush=True)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _reload_policy)
    collector.settle_after_start_up()
    bound_host, bound_port = bound_address(server)
    if ':' in bound_host:
        bound_host = '[%s]' % bound_host
    # Printed on stdout once the socket listens, so scripts (and tests) can
    # learn a port picked by 0.
    print('%s listening on http://%s:%d/v2' % (PROG, bound_host, bound_port),
          flush=True)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
