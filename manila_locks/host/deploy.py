"""Assemble the WSGI application. Middleware, outermost first:

1. RequestId     - every response, even a 401, carries a request id.
2. FaultWrapper  - nothing unexpected leaves as a traceback.
3. BodySizeLimit - oslo.middleware's sizelimit ([oslo_middleware]
                   max_request_body_size): a body over the limit is a 413
                   before anything reads or parses it, and before auth, so
                   an anonymous client cannot make us buffer megabytes.
4. UrlCheck      - a path or query that is not UTF-8, or holds characters
                   no database can store, is a 400 before any handler.
5. Discovery     - GET /, /v2, /v2/ and /v2/openapi.json answer without
                   authentication; /v2 and /v2/ negotiate the microversion
                   as every route below does (GET / is unversioned).
6. auth          - noauth or keystonemiddleware, then the RequestContext.
7. Microversion  - parse, range-check and echo the version header.
8. Services      - hand the lock service, driver and config to handlers, and
                   the lock notifier to the request context.
9. Router        - path and method to handler.
"""
import logging
import os


from manila_locks.api import faults
from manila_locks.api import middleware
from manila_locks.api import router
from manila_locks.api import wsgi
from manila_locks import collector
from manila_locks import conf as ml_conf
from manila_locks.core import service
from manila_locks.db import api as db_api
from manila_locks.db import prepared
from manila_locks.host import auth
from manila_locks.host import drivers
from manila_locks.host import fault_statuses
from manila_locks.host.handlers import versions
from manila_locks.host import lock_lookup
from manila_locks.host import migration
from manila_locks.host import openapi
from manila_locks.host import routes
from manila_locks import notifier
from manila_locks import policy

LOG = logging.getLogger(__name__)


class Discovery:
    """Version documents are public, as in Manila; so is the API's
    OpenAPI document."""

    def __init__(self, app):
        self.app = app
        self.v2 = middleware.Microversion(versions.v2)

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        if environ['REQUEST_METHOD'] == 'GET':
            if path == '/':
                return versions.root(environ, start_response)
            if path in ('/v2', '/v2/'):
                return self.v2(environ, start_response)
            if path == '/v2/openapi.json':
                return openapi.serve(environ, start_response)
        return self.app(environ, start_response)


class Services:
    def __init__(self, app, conf, driver, notifier):
        self.app = app
        self.notifier = notifier
        self.values = {wsgi.CONF_KEY: conf,
                       wsgi.LOCK_SERVICE_KEY: service.LockService(
                           lock_lookup.HostLookup(), policy),
                       drivers.ENVIRON_KEY: driver}

    def __call__(self, environ, start_response):
        environ.update(self.values)
        context = environ.get(wsgi.CONTEXT_KEY)
        if context is not None:
            context.notifier = self.notifier
        return self.app(environ, start_response)


def build_app(conf, driver=None, lock_notifier=None):
    """The WSGI app for an already configured database and policy."""
    faults.add_statuses(fault_statuses.STATUS)
    driver = driver or drivers.load(conf)
    lock_notifier = lock_notifier or notifier.Notifier(conf)
    app = router.Router(routes.ROUTES, conf.project_id_regex)
    app = Services(app, conf, driver, lock_notifier)
    app = middleware.Microversion(app)
    app = auth.authenticate(app, conf)
    app = Discovery(app)
    app = middleware.UrlCheck(app)
    app = middleware.BodySizeLimit(app, conf)
    app = middleware.FaultWrapper(app)
    return middleware.RequestId(app)


def setup(conf, sync_db=True):
    """Configure DB and policy for this process; create the schema on the
    embedded SQLite default so the first run needs no extra step."""
    os.makedirs(conf.state_path, exist_ok=True)
    connection = ml_conf.database_connection(conf)
    if sync_db:
        migration.upgrade(connection)
    db_api.configure(connection,
                     lazy_refusal_commits=not conf.durable_refusal_events,
                     **ml_conf.engine_options(conf))
    prepared.configure(enabled=conf.prepared_statements)
    policy.init(conf)


def init_application(args=None):
    """Entry point for uwsgi/gunicorn (``manila-locks-wsgi``)."""
    config_files = []
    if os.environ.get('MANILA_LOCKS_CONFIG'):
        config_files = [os.environ['MANILA_LOCKS_CONFIG']]
    conf = ml_conf.build(args or [], default_config_files=config_files)
    setup(conf, sync_db=conf.database.connection is None)
    app = build_app(conf)
    collector.settle_after_start_up()
    return app
