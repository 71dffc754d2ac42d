"""/resource-locks handlers (microversion 2.81 and later).

Each handler: context, microversion gate, validation, one call into the
lock core, a view. Policy and lock-context rules live in the core.
"""
import webob.exc

from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.api.schemas import resource_lock as schema
from manila_locks.api.views import resource_lock as view
from manila_locks.core import exception
from manila_locks.core import locks
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks import policy

MIN_VERSION = '2.81'

FILTERS = ('id', 'resource_id', 'resource_type', 'resource_action',
           'user_id', 'lock_context', 'lock_reason')


def _ensure_action_fits(resource_type, action):
    if action not in v.ACTIONS_BY_TYPE[resource_type]:
        raise wsgi.bad_request(
            "Resource action '%s' is not allowed for resource type '%s'. "
            "Allowed: %s." % (action, resource_type,
                              ', '.join(v.ACTIONS_BY_TYPE[resource_type])))


def create(req):
    microversion.require(req, MIN_VERSION)
    body = validation.validate(schema.create, wsgi.read_json(req))
    data = body['resource_lock']
    resource_type = data.get('resource_type') or v.SHARE
    action = data.get('resource_action') or v.DELETE
    _ensure_action_fits(resource_type, action)
    lookup = req.environ[wsgi.LOOKUP_KEY]
    lock = locks.create(req.context, lookup, resource_type,
                        data['resource_id'], action, data.get('lock_reason'))
    return wsgi.json_response(req, view.one(req, lock))


def _list_query(req):
    params = req.GET
    max_limit = req.conf.osapi_max_limit
    query = store.LockQuery(
        filters={k: params[k] for k in FILTERS if k in params},
        reason_contains=params.get('lock_reason~'),
        created_since=validation.timestamp(params, 'created_since'),
        created_before=validation.timestamp(params, 'created_before'),
        sort_key=validation.one_of(params, 'sort_key', store.SORT_KEYS,
                                   'created_at'),
        sort_dir=validation.one_of(params, 'sort_dir', ('asc', 'desc'),
                                   'desc'),
        limit=validation.non_negative_int(params, 'limit', None, max_limit),
        offset=validation.non_negative_int(params, 'offset', 0),
        with_count=validation.boolean(params, 'with_count'),
    )
    for key in ('resource_type', 'resource_action', 'lock_context'):
        allowed = {'resource_type': v.RESOURCE_TYPES,
                   'resource_action': v.ACTIONS,
                   'lock_context': v.LOCK_CONTEXTS}[key]
        validation.one_of(params, key, allowed)
    return query


def index(req):
    microversion.require(req, MIN_VERSION)
    context = req.context
    policy.authorize(context, 'resource_lock:get_all')
    query = _list_query(req)
    all_projects = (validation.boolean(req.GET, 'all_projects') or
                    validation.boolean(req.GET, 'all_tenants'))
    scope, extra = locks.list_scope(context, all_projects,
                                    req.GET.get('project_id'))
    query.filters.update(extra)
    page = locks.find(context, scope, query)
    return wsgi.json_response(req, view.page(req, page, query))


def show(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'resource_lock:get')
    lock = locks.get(req.context, req.urlvars['lock_id'])
    return wsgi.json_response(req, view.one(req, lock))


def update(req):
    microversion.require(req, MIN_VERSION)
    body = wsgi.read_json(req)
    if 'resource_lock' in body and isinstance(body['resource_lock'], dict):
        extra = set(body['resource_lock']) - {'resource_action',
                                               'lock_reason'}
        if extra:
            raise wsgi.bad_request(
                "Only 'resource_action' and 'lock_reason' can be updated; "
                "got: %s." % ', '.join(sorted(extra)))
    changes = validation.validate(schema.update, body)['resource_lock']
    if changes.get('resource_action') is None:
        changes.pop('resource_action', None)
    context = req.context
    lock = locks.get(context, req.urlvars['lock_id'])
    if 'resource_action' in changes:
        _ensure_action_fits(lock.resource_type, changes['resource_action'])
    lookup = req.environ[wsgi.LOOKUP_KEY]
    lock = locks.update(context, lookup, lock.id, changes)
    return wsgi.json_response(req, view.one(req, lock))


def delete(req):
    microversion.require(req, MIN_VERSION)
    locks.delete(req.context, req.urlvars['lock_id'])
    return wsgi.empty_response(204)


ROUTES = {
    '/resource-locks': {'GET': index, 'POST': create},
    '/resource-locks/{lock_id}': {'GET': show, 'PUT': update,
                                  'DELETE': delete},
}
