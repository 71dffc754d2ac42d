"""Errors on the wire, in Manila's shape: {"<faultName>": {code, message}}.

Domain errors (manila_locks.core.exception) are mapped to a status here,
once; handlers that need a different status catch and re-raise next to the
call.
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

_DOMAIN_STATUS = [
    (exception.LockedResourceNotFound, webob.exc.HTTPBadRequest),
    (exception.NotFound, webob.exc.HTTPNotFound),
    (exception.Invalid, webob.exc.HTTPBadRequest),
    (exception.Conflict, webob.exc.HTTPConflict),
    (exception.Forbidden, webob.exc.HTTPForbidden),
]


def from_domain(error):
    """The webob exception for a domain error."""
    for cls, http in _DOMAIN_STATUS:
        if isinstance(error, cls):
            return http(explanation=str(error))
    return webob.exc.HTTPInternalServerError(explanation=str(error))


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
