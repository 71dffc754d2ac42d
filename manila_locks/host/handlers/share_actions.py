"""POST /shares/{share_id}/action: one body key names the action.

Below 2.7 Manila spells several actions with an ``os-`` prefix; both
spellings reach the same function, each from its own version on.
"""
import webob.exc

from manila_locks.api import wsgi
from manila_locks.host import share_api
from manila_locks.host.handlers import access_actions
from manila_locks.host.handlers import shares as shares_handler


def _driver(req):
    return req.environ[shares_handler.DRIVER_KEY]


def force_delete(req, share, body):
    share_api.delete(req.context, _driver(req), share.id, force=True)
    return wsgi.empty_response(202)


def soft_delete(req, share, body):
    share_api.soft_delete(req.context, share.id,
                          req.conf.soft_deleted_share_retention_time)
    return wsgi.empty_response(202)


def restore(req, share, body):
    share_api.restore(req.context, share.id)
    return wsgi.empty_response(202)


def unmanage(req, share, body):
    share_api.unmanage(req.context, _driver(req), share.id)
    return wsgi.empty_response(202)


# action name -> (handler, minimum version, maximum version or None)
ACTIONS = {
    'os-force_delete': (force_delete, '2.0', '2.6'),
    'force_delete': (force_delete, '2.7', None),
    'soft_delete': (soft_delete, '2.69', None),
    'restore': (restore, '2.69', None),
    'unmanage': (unmanage, '2.7', None),
}
ACTIONS.update(access_actions.ACTIONS)


def _available(req, name):
    entry = ACTIONS.get(name)
    if entry is None:
        return None
    handler, minimum, maximum = entry
    if not req.at_least(minimum):
        return None
    if maximum and req.api_version > type(req.api_version).parse(maximum):
        return None
    return handler


def action(req):
    body = wsgi.read_json(req)
    if len(body) != 1:
        raise wsgi.bad_request('The action body must hold exactly one '
                               'action; got %d keys.' % len(body))
    name = next(iter(body))
    handler = _available(req, name)
    if handler is None:
        raise webob.exc.HTTPBadRequest(
            explanation='There is no such action: %s (at API version %s).'
                        % (name, req.api_version))
    share = shares_handler.get_visible(req)
    return handler(req, share, body[name])
