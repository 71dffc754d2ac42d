"""manila-locks-api: serve the API with a threaded WSGI server.

Works with no configuration at all: SQLite under ~/.local/share/manila-locks,
noauth, 127.0.0.1:8786. For production run the module-level WSGI
application (manila_locks.host.wsgi:application) under uwsgi or gunicorn.
"""
import argparse
import logging
import signal
import socketserver
import sys
from wsgiref import simple_server

from manila_locks import conf as ml_conf
from manila_locks.host import deploy

LOG = logging.getLogger('manila_locks')


class _ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        LOG.info('%s %s', self.address_string(), fmt % args)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='manila-locks-api', description=__doc__.splitlines()[0])
    parser.add_argument('--config-file', action='append', default=[],
                        help='oslo.config file; may be repeated.')
    parser.add_argument('--host', help='Listen address (default: '
                        '[DEFAULT] osapi_share_listen, 127.0.0.1).')
    parser.add_argument('--port', type=int, help='Listen port (default: '
                        '[DEFAULT] osapi_share_listen_port, 8786; 0 picks a '
                        'free port).')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    conf_args = []
    for path in args.config_file:
        conf_args += ['--config-file', path]
    conf = ml_conf.build(conf_args)
    logging.basicConfig(level=logging.INFO,
                        format='%(asctime)s %(levelname)s %(name)s '
                               '%(message)s')
    deploy.setup(conf)
    app = deploy.build_app(conf)
    host = args.host or conf.osapi_share_listen
    port = conf.osapi_share_listen_port if args.port is None else args.port
    server = simple_server.make_server(host, port, app,
                                       server_class=_ThreadingServer,
                                       handler_class=_QuietHandler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    # Printed on stdout so scripts (and tests) can learn a port picked by 0.
    print('manila-locks-api listening on http://%s:%d/v2' % (
        server.server_address[0], server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
