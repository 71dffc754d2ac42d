"""The lifetime of a lock: /resource-locks/{lock_id}/retention and
/resource-locks/{lock_id}/legal-hold (microversion 2.81 and later).

Sub-resources rather than new keys of the lock: at every microversion the
lock body and the keys POST and PUT /resource-locks accept stay exactly
Manila's, so clients that check them (manila-tempest-plugin, the
openstack CLI, openstacksdk) never meet a field they do not know. An
expired lock is gone: 404 here as on /resource-locks/{lock_id}.
"""
from manila_locks.api import microversion
from manila_locks.api.schemas import resource_lock as schema
from manila_locks.api import validation
from manila_locks.api.views import resource_lock_lifetime as view
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.core import lifetime

MIN_VERSION = '2.81'


def _service(req):
    return req.environ[wsgi.LOCK_SERVICE_KEY]


def _lock(req):
    microversion.require(req, MIN_VERSION)
    return _service(req).get(req.context, req.urlvars['lock_id'])


def _expiry(data):
    """expires_at (ISO 8601; UTC unless it names a zone) or duration
    (seconds from now): exactly one."""
    if ('expires_at' in data) == ('duration' in data):
        raise exception.Invalid("Exactly one of 'expires_at' and "
                                "'duration' is required.")
    return validation.timestamp(data, 'expires_at'), data.get('duration')


def show_retention(req):
    return wsgi.json_response(req, view.retention(_lock(req)))


def set_retention(req):
    microversion.require(req, MIN_VERSION)
    service = _service(req)
    service.authorize(req.context, 'resource_lock:update')
    data = validation.validate(schema.retention,
                               wsgi.read_json(req))['retention']
    expires_at, duration = _expiry(data)
    lock = service.set_retention(
        req.context, req.urlvars['lock_id'], expires_at, duration,
        data.get('mode'), req.conf.compliance_cooling_off_seconds)
    return wsgi.json_response(req, view.retention(lock))


def unset_retention(req):
    microversion.require(req, MIN_VERSION)
    _service(req).unset_retention(req.context, req.urlvars['lock_id'])
    return wsgi.empty_response(204)


def show_legal_hold(req):
    return wsgi.json_response(req, view.legal_hold(_lock(req)))


def place_legal_hold(req):
    microversion.require(req, MIN_VERSION)
    service = _service(req)
    service.authorize(req.context, lifetime.LEGAL_HOLD_RULE)
    data = validation.validate(schema.legal_hold,
                               wsgi.read_json(req))['legal_hold']
    lock = service.place_legal_hold(req.context, req.urlvars['lock_id'],
                                    data.get('reason'))
    return wsgi.json_response(req, view.legal_hold(lock))


def release_legal_hold(req):
    microversion.require(req, MIN_VERSION)
    _service(req).release_legal_hold(req.context, req.urlvars['lock_id'])
    return wsgi.empty_response(204)


ROUTES = {
    '/resource-locks/{lock_id}/retention': {
        'GET': show_retention, 'PUT': set_retention,
        'DELETE': unset_retention},
    '/resource-locks/{lock_id}/legal-hold': {
        'GET': show_legal_hold, 'PUT': place_legal_hold,
        'DELETE': release_legal_hold},
}
