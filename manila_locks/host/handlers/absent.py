"""Answers for Manila resources this service does not have: share
networks, share servers, security services, share groups (with their
types and snapshots) and share replicas. Its one back end handles no share
servers (driver_handles_share_servers = False), joins no networks and
groups, replicates and snapshots nothing, so none of these can exist.

Each answer is the one Manila gives when there are none, after the same
policy check: a list is empty under Manila's key; a show is 404 in
Manila's words. A create that Manila would accept without a back end's
help (a share network, a security service, a share group type: database
records only) is refused here with 400 badRequest, saying the resource is
not supported, rather than kept as a record no share could ever use; the
module of each resource says why. 400 as Manila refuses a share network
it cannot support ("nova networking is not supported starting in
Ocata."), and not 501: no input makes this service answer a 5xx.

Share groups (2.31) and share replicas (2.11) were experimental until 2.55
and 2.56: before that, a request without
``X-OpenStack-Manila-API-Experimental: True`` answers 404, as in Manila,
and a request with it is answered with the header echoed.
"""
import webob.exc

from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks import policy

EXPERIMENTAL_HEADER = 'X-OpenStack-Manila-API-Experimental'


def _experimental(req):
    value = req.headers.get(EXPERIMENTAL_HEADER, '').strip().lower()
    return value in validation.TRUE_STRINGS


def require_experimental(req, minimum, graduated):
    """404 below `minimum`, and below `graduated` unless the request says
    it wants the experimental API."""
    microversion.require(req, minimum)
    if not req.at_least(graduated) and not _experimental(req):
        raise webob.exc.HTTPNotFound(
            explanation='This API is experimental before %s: send %s: '
                        'True to use it at %s.' % (
                            graduated, EXPERIMENTAL_HEADER, req.api_version))


def respond(req, body):
    response = wsgi.json_response(req, body)
    if _experimental(req):
        response.headers[EXPERIMENTAL_HEADER] = 'True'
    return response


def empty_list(req, rule, key):
    policy.authorize(req.context, rule)
    return respond(req, {key: []})


def not_found(req, rule, message):
    policy.authorize(req.context, rule)
    raise webob.exc.HTTPNotFound(explanation=message)


def entity(req, key, missing=webob.exc.HTTPBadRequest):
    """body[key] as an object, or `missing` (400 for the share group
    resources, 422 for the older ones, as in Manila) naming it."""
    body = wsgi.read_json(req)
    if not isinstance(body.get(key), dict):
        raise missing(explanation="'%s' is missing from the request body."
                                  % key)
    return body[key]


def not_supported(req, rule, key, message,
                  missing=webob.exc.HTTPBadRequest):
    """400 `message` once the caller may create and has sent a body
    holding `key`."""
    policy.authorize(req.context, rule)
    entity(req, key, missing)
    raise exception.Invalid(message)
