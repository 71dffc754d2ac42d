"""The middleware every request passes, outermost first in deploy.py."""
import logging
import re
from urllib import parse

from oslo_db import exception as db_exc
from oslo_middleware import sizelimit
from sqlalchemy import exc as sa_exc
import webob
import webob.dec
import webob.exc
import webob.headers

from manila_locks.api import faults
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.db import errors as db_errors
from manila_locks import ids

LOG = logging.getLogger(__name__)

REQUEST_ID_KEY = 'openstack.request_id'
GLOBAL_REQUEST_ID_KEY = 'openstack.global_request_id'
# oslo.middleware's request_id.ID_FORMAT: 'req-' and a lowercase UUID;
# anything else is not taken for the caller's global request id.
_GLOBAL_ID_RE = re.compile(r'^req-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-'
                           r'[a-f0-9]{4}-[a-f0-9]{12}$')


class RequestId:
    """Give every request an id and put it on every response."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request_id = ids.request_id()
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
    """The outermost catch-all: nothing leaves as a traceback or HTML.

    A plain WSGI layer (no webob Request or Response of its own on the
    way through): it only acts when what it wraps raises."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception as exc:
            # Nothing below has started the response when it raises (the
            # handlers' responses start only once returned).
            return _fault(environ, exc)(environ, start_response)


def _fault(environ, exc):
    if isinstance(exc, (db_exc.DBError, sa_exc.OperationalError)) and (
            db_errors.unavailable(exc)):
        LOG.exception('Database unavailable during %s %s',
                      environ.get('REQUEST_METHOD'),
                      environ.get('PATH_INFO'))
        return faults.render(environ, webob.exc.HTTPServiceUnavailable(
            explanation='The database is unavailable; retry later.'))
    return _internal_error(environ)


_TOO_LARGE = ('Request is too large: the body is larger than '
              'max_request_body_size (%d bytes).')


class BodySizeLimit(sizelimit.RequestBodySizeLimiter):
    """oslo.middleware's limit on request bodies ([oslo_middleware]
    max_request_body_size), answering 413 in Manila's fault shape.

    A body with a Content-Length over the limit is refused here; a chunked
    one is cut off by the reader this puts in its place, and the 413 that
    reader raises inside a handler is rendered by wsgi.wsgify."""

    def __call__(self, environ, start_response):
        length = environ.get('CONTENT_LENGTH')
        if not length and not environ.get(
                'wsgi.input_terminated', environ.get(
                    'webob.is_body_readable')):
            # No Content-Length, and a server (wsgiref) that does not say
            # its input ends: webob reads no body here, so there is none to
            # limit (every GET and DELETE). oslo's reader would make one
            # readable, and reading it would wait on the client's socket.
            return self.application(environ, start_response)
        if length and _declared_within(
                length, self._conf_get('max_request_body_size')):
            # A length within the limit, declared: oslo's limiter passes
            # such a request on as it is (it wraps only a body of unknown
            # length), and so does this, without the webob Request and
            # Response it would make for it (every POST and PUT).
            return self.application(environ, start_response)
        return self._limited(environ, start_response)

    @webob.dec.wsgify
    def _limited(self, req):
        try:
            return super().__call__(req)
        except webob.exc.HTTPRequestEntityTooLarge:
            # oslo's own message leaves its '%s' unfilled.
            limit = self._conf_get('max_request_body_size')
            error = webob.exc.HTTPRequestEntityTooLarge(
                explanation=_TOO_LARGE % limit)
            return faults.render(req.environ, error)


def _declared_within(length, limit):
    """Whether a Content-Length is a number from 0 to `limit`, read as
    webob reads it (a length it cannot read goes to oslo's limiter)."""
    try:
        return 0 <= int(length) <= limit
    except ValueError:
        return False


class UrlCheck:
    """400 for a URL whose path or query is not UTF-8 or holds a character
    no database can store, before any handler can use it.

    webob decodes the path and the query on first use, deep in the router
    or a handler, and raises there; checked once here, they are the
    client's 400, not our 500. Bodies are checked where they are parsed,
    in wsgi.read_json."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        problem = _url_problem(environ)
        if problem is not None:
            return faults.render(environ, problem)(environ, start_response)
        return self.app(environ, start_response)


def _url_problem(environ):
    if not _url_is_utf8(environ):
        return webob.exc.HTTPBadRequest(
            explanation='Malformed request URL: it is not UTF-8.')
    req = webob.Request(environ)
    try:
        validation.refuse_unstorable(req.path_info, 'the URL path')
        for name, value in req.GET.items():
            validation.refuse_unstorable(name, 'a query parameter name')
            validation.refuse_unstorable(
                value, "query parameter '%s'" % name[:80])
    except webob.exc.HTTPBadRequest as exc:
        return exc
    return None


def _url_is_utf8(environ):
    try:
        environ.get('PATH_INFO', '').encode('latin-1').decode('utf-8')
        parse.unquote_to_bytes(environ.get('QUERY_STRING', '').encode(
            'latin-1')).decode('utf-8')
    except UnicodeError:
        return False
    return True


def _internal_error(environ):
    # The raw PATH_INFO: webob's req.path would decode it, and may fail to.
    LOG.exception('Unexpected error during %s %r',
                  environ.get('REQUEST_METHOD'), environ.get('PATH_INFO'))
    return faults.render(environ, webob.exc.HTTPInternalServerError(
        explanation='The server has either erred or is incapable of '
                    'performing the requested operation.'))


class Microversion:
    """Parse the requested microversion and echo it on the response."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        headers = webob.headers.EnvironHeaders(environ)
        try:
            version = microversion.from_headers(headers)
        except microversion.NotAcceptable as exc:
            response = faults.render(environ, exc)
            microversion.echo_headers(response.headers, exc.version)
            return response(environ, start_response)
        except webob.exc.HTTPException as exc:
            return faults.render(environ, exc)(environ, start_response)
        environ[microversion.ENVIRON_KEY] = version
        echoed = microversion.echoed_headers(
            version, microversion.experimental(headers))
        names = {name.lower() for name, _ in echoed}

        def _start(status, response_headers, exc_info=None):
            response_headers = [h for h in response_headers
                                if h[0].lower() not in names] + echoed
            return start_response(status, response_headers, exc_info)
        return self.app(environ, _start)
