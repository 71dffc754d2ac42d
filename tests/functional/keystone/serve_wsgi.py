"""Serve one WSGI app of the keystone tier on a loopback port (a script).

Usage: python serve_wsgi.py keystone <keystone.conf>
       python serve_wsgi.py horizon    (settings from DJANGO_SETTINGS_MODULE
                                        and PYTHONPATH, see horizon_server.py)

Listens on a free port and prints ``<app> listening on
http://127.0.0.1:<port>`` once it accepts connections, so the fixture
learns the port without picking one first.
"""
import os
import signal
import socketserver
import sys
from wsgiref import simple_server


class _ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):
        pass


def keystone_app(config_file):
    # keystone.server.wsgi reads its configuration location from these.
    os.environ['OS_KEYSTONE_CONFIG_DIR'] = os.path.dirname(config_file)
    os.environ['OS_KEYSTONE_CONFIG_FILES'] = os.path.basename(config_file)
    # Keystone's oslo.config also parses sys.argv; it must see no arguments.
    sys.argv = sys.argv[:1]
    from keystone.server import wsgi
    return wsgi.initialize_public_application()


def horizon_app():
    # Static files straight from Django's finders, as `runserver
    # --insecure` serves them: no collectstatic step.
    from django.contrib.staticfiles import handlers
    from django.core import wsgi
    return handlers.StaticFilesHandler(wsgi.get_wsgi_application())


APPS = {'keystone': keystone_app, 'horizon': horizon_app}


def main(name, *args):
    app = APPS[name](*args)
    server = simple_server.make_server('127.0.0.1', 0, app,
                                       server_class=_ThreadingServer,
                                       handler_class=_QuietHandler)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print('%s listening on http://127.0.0.1:%d' % (name, server.server_port),
          flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == '__main__':
    main(*sys.argv[1:])
