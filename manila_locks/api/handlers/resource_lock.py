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
from manila_locks.core import store
from manila_locks.core import vocabulary as v

MIN_VERSION = '2.81'

# Query parameters matched exactly against the column of the same name.
FILTERS = ('id', 'resource_id', 'resource_type', 'resource_action',
           'user_id', 'project_id', 'lock_context', 'lock_reason')
ENUM_FILTERS = {'resource_type': v.RESOURCE_TYPES,
                'resource_action': v.ACTIONS,
                'lock_context': v.LOCK_CONTEXTS}


def create(req):
    microversion.require(req, MIN_VERSION)
    service = req.environ[wsgi.LOCK_SERVICE_KEY]
    service.authorize(req.context, 'resource_lock:create')
    body = validation.validate(schema.create, wsgi.read_json(req))
    data = body['resource_lock']
    # Manila's schema lets both be omitted or null; they mean the defaults.
    lock = service.create(req.context, data.get('resource_type') or v.SHARE,
                          data['resource_id'],
                          data.get('resource_action') or v.DELETE,
                          data.get('lock_reason'))
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
    service = req.environ[wsgi.LOCK_SERVICE_KEY]
    service.authorize(req.context, 'resource_lock:get_all')
    query = _list_query(req)
    page = service.find(req.context, validation.all_projects(req.GET), query)
    return wsgi.json_response(req, view.page(req, page, query))


def show(req):
    microversion.require(req, MIN_VERSION)
    lock = req.environ[wsgi.LOCK_SERVICE_KEY].get(req.context,
                                                  req.urlvars['lock_id'])
    return wsgi.json_response(req, view.one(req, lock))


def update(req):
    microversion.require(req, MIN_VERSION)
    changes = validation.validate(schema.update,
                                  wsgi.read_json(req))['resource_lock']
    if changes.get('resource_action') is None:
        changes.pop('resource_action', None)
    lock = req.environ[wsgi.LOCK_SERVICE_KEY].update(
        req.context, req.urlvars['lock_id'], changes)
    return wsgi.json_response(req, view.one(req, lock))


def delete(req):
    microversion.require(req, MIN_VERSION)
    req.environ[wsgi.LOCK_SERVICE_KEY].delete(req.context,
                                              req.urlvars['lock_id'])
    return wsgi.empty_response(204)


ROUTES = {
    '/resource-locks': {'GET': index, 'POST': create},
    '/resource-locks/{lock_id}': {'GET': show, 'PUT': update,
                                  'DELETE': delete},
}
# A lock's lifetime: sub-resources, so the lock body stays Manila's.
ROUTES.update(resource_lock_lifetime.ROUTES)
