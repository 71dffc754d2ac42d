"""/resource-locks handlers (microversion 2.81 and later).

Each handler: context, microversion gate, validation, one call into the
lock core, a view. Policy and lock-context rules live in the core; domain
errors become statuses in ``api.faults``.
"""
from manila_locks.api.handlers import resource_lock_lifetime
from manila_locks.api import microversion
from manila_locks.api.schemas import resource_lock as schema
from manila_locks.api import validation
from manila_locks.api.views import resource_lock as view
from manila_locks.api import wsgi
from manila_locks.core import locks
from manila_locks.core import states
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks import policy

MIN_VERSION = '2.81'

# Query parameters matched exactly against the column of the same name.
FILTERS = ('id', 'resource_id', 'resource_type', 'resource_action',
           'user_id', 'project_id', 'lock_context', 'lock_reason')
ENUM_FILTERS = {'resource_type': v.RESOURCE_TYPES,
                'resource_action': v.ACTIONS,
                'lock_context': v.LOCK_CONTEXTS}


def create(req):
    microversion.require(req, MIN_VERSION)
    context = req.context
    policy.authorize(context, 'resource_lock:create')
    body = validation.validate(schema.create, wsgi.read_json(req))
    data = body['resource_lock']
    # Manila's schema lets both be omitted or null; they mean the defaults.
    resource_type = data.get('resource_type') or v.SHARE
    action = data.get('resource_action') or v.DELETE
    states.ensure_action_allowed(resource_type, action)
    lock = locks.create(context, req.environ[wsgi.LOOKUP_KEY], resource_type,
                        data['resource_id'], action, data.get('lock_reason'))
    return wsgi.json_response(req, view.one(req, lock))


def _list_query(req):
    params = req.GET
    for key, allowed in ENUM_FILTERS.items():
        validation.one_of(params, key, allowed)
    return store.LockQuery(
        filters={key: params[key] for key in FILTERS if key in params},
        reason_contains=params.get('lock_reason~'),
        created_since=validation.timestamp(params, 'created_since'),
        created_before=validation.timestamp(params, 'created_before'),
        sort_key=validation.one_of(params, 'sort_key', store.SORT_KEYS,
                                   'created_at'),
        sort_dir=validation.one_of(params, 'sort_dir', store.SORT_DIRS,
                                   'desc'),
        limit=validation.non_negative_int(params, 'limit', None,
                                          req.conf.osapi_max_limit),
        offset=validation.non_negative_int(params, 'offset', 0),
        with_count=validation.boolean(params, 'with_count'),
    )


def index(req):
    microversion.require(req, MIN_VERSION)
    context = req.context
    policy.authorize(context, 'resource_lock:get_all')
    query = _list_query(req)
    scope = locks.list_scope(context, validation.all_projects(req.GET),
                             query.filters.get('project_id'))
    page = locks.find(context, scope, query)
    return wsgi.json_response(req, view.page(req, page, query))


def show(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'resource_lock:get')
    lock = locks.get(req.context, req.urlvars['lock_id'])
    return wsgi.json_response(req, view.one(req, lock))


def update(req):
    microversion.require(req, MIN_VERSION)
    context = req.context
    body = wsgi.read_json(req)
    validation.only_keys(body.get('resource_lock'), locks.UPDATABLE,
                         'resource_lock')
    changes = validation.validate(schema.update, body)['resource_lock']
    if changes.get('resource_action') is None:
        changes.pop('resource_action', None)
    # 404 for an unknown lock comes before 400 for an action its type
    # does not allow, as in Manila.
    lock = locks.get(context, req.urlvars['lock_id'])
    if 'resource_action' in changes:
        states.ensure_action_allowed(lock.resource_type,
                                     changes['resource_action'])
    lock = locks.update(context, req.environ[wsgi.LOOKUP_KEY], lock.id,
                        changes)
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
# A lock's lifetime: sub-resources, so the lock body stays Manila's.
ROUTES.update(resource_lock_lifetime.ROUTES)
