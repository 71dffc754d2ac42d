"""Errors on the wire, in Manila's shape: {"<faultName>": {code, message}}.

Domain errors (manila_locks.core.exception and the host's own) get their
status here, from one table: the error's most specific class listed in it
decides. The domain classes say what went wrong, not how HTTP answers it;
a host adds its own classes with add_statuses() when it builds its app.
"""
import json

import webob.exc

from manila_locks.api import microversion
from manila_locks.core import exception

FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    406: 'notAcceptable',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}

# Domain error class -> the webob error it answers with (a webob class, or
# any callable taking explanation=).
_STATUS = {
    exception.NotFound: webob.exc.HTTPNotFound,
    exception.ReferenceNotFound: webob.exc.HTTPBadRequest,
    exception.Invalid: webob.exc.HTTPBadRequest,
    exception.Conflict: webob.exc.HTTPConflict,
    exception.Forbidden: webob.exc.HTTPForbidden,
}


def add_statuses(table):
    """Give more domain error classes their status ({class: webob error});
    a class listed again is given the new answer."""
    _STATUS.update(table)


def status_of(error_class):
    """The webob error a domain error class answers with, or None when
    neither it nor any base class is in the table (it answers 500)."""
    for cls in error_class.__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return None


def from_domain(error):
    """The webob exception for a domain error."""
    answer = status_of(type(error))
    if answer is None:
        return webob.exc.HTTPInternalServerError(explanation=str(error))
    return answer(explanation=str(error))


def render(environ, http_exc):
    """Turn a webob HTTP exception into a JSON fault response."""
    code = http_exc.status_int
    name = FAULT_NAMES.get(code, 'computeFault')
    message = http_exc.explanation or http_exc.title
    body = {name: {'code': code, 'message': message}}
    response = webob.Response(status=http_exc.status,
                              content_type='application/json',
                              charset='utf-8')
    for key, value in http_exc.headers.items():
        if key.lower() in ('allow', 'www-authenticate', 'retry-after'):
            response.headers[key] = value
    response.body = json.dumps(body).encode('utf-8')
    version = environ.get(microversion.ENVIRON_KEY)
    if version is not None:
        microversion.echo_headers(response.headers, version)
    return response
