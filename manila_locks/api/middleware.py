"""The middleware every request passes, outermost first in deploy.py."""
import logging
import re
import uuid

import webob
import webob.dec
import webob.exc
from oslo_db import exception as db_exc

from manila_locks.api import faults
from manila_locks.api import microversion

LOG = logging.getLogger(__name__)

REQUEST_ID_KEY = 'openstack.request_id'
GLOBAL_REQUEST_ID_KEY = 'openstack.global_request_id'
_GLOBAL_ID_RE = re.compile(r'^req-[0-9a-f-]{36}$')


class RequestId:
    """Give every request an id and put it on every response."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request_id = 'req-' + str(uuid.uuid4())
        environ[REQUEST_ID_KEY] = request_id
        incoming = environ.get('HTTP_X_OPENSTACK_REQUEST_ID', '')
        if _GLOBAL_ID_RE.match(incoming):
            environ[GLOBAL_REQUEST_ID_KEY] = incoming

        def _start(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() not in (
                'x-openstack-request-id', 'x-compute-request-id')]
            headers.append(('x-openstack-request-id', request_id))
            headers.append(('x-compute-request-id', request_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, _start)


class FaultWrapper:
    """The outermost catch-all: nothing leaves as a traceback or HTML."""

    def __init__(self, app):
        self.app = app

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.app)
        except db_exc.DBConnectionError:
            LOG.exception('Database unreachable during %s %s', req.method,
                          req.path)
            return faults.render(req.environ, webob.exc.HTTPServiceUnavailable(
                explanation='The database is unavailable; retry later.'))
        except Exception:
            LOG.exception('Unexpected error during %s %s', req.method,
                          req.path)
            return faults.render(req.environ, webob.exc.HTTPInternalServerError(
                explanation='The server has either erred or is incapable of '
                            'performing the requested operation.'))


class Microversion:
    """Parse the requested microversion and echo it on the response."""

    def __init__(self, app):
        self.app = app

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            version = microversion.from_headers(req.headers)
        except webob.exc.HTTPException as exc:
            return faults.render(req.environ, exc)
        req.environ[microversion.ENVIRON_KEY] = version
        response = req.get_response(self.app)
        microversion.echo_headers(response.headers, version)
        return response
