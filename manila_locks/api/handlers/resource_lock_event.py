"""/resource-lock-events handlers: the lock history (microversion 2.81
and later, like /resource-locks; see the api-ref for why no new
microversion).

A top-level collection rather than /resource-locks/{id}/events: the
history matters most once a lock is gone, when /resource-locks/{id}
answers 404, and asking by resource or by request spans several locks.
What a caller may see is decided as for locks (core.locks.list_scope and
scope_of): events of locks placed in, or on resources of, the caller's
project; every project's with resource_lock:get_all_projects and
all_projects. Events hold no access_to or access_key, so there is nothing
for a visibility lock to hide.
"""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api.views import resource_lock_event as view
from manila_locks.api import wsgi
from manila_locks.core import history
from manila_locks.core import lock_events
from manila_locks.core import vocabulary as v

MIN_VERSION = '2.81'

ENUM_FILTERS = {'event': history.EVENTS, 'resource_type': v.RESOURCE_TYPES}


def _query(req):
    params = req.GET
    for key, allowed in ENUM_FILTERS.items():
        validation.one_of(params, key, allowed)
    return lock_events.EventQuery(
        filters={key: params[key] for key in lock_events.FILTERS
                 if key in params},
        created_since=validation.timestamp(params, 'created_since'),
        created_before=validation.timestamp(params, 'created_before'),
        sort_dir=validation.one_of(params, 'sort_dir', lock_events.SORT_DIRS,
                                   'desc'),
        limit=validation.non_negative_int(params, 'limit',
                                          req.conf.osapi_max_limit,
                                          req.conf.osapi_max_limit),
        marker=params.get('marker'))


def index(req):
    microversion.require(req, MIN_VERSION)
    service = req.environ[wsgi.LOCK_SERVICE_KEY]
    service.authorize(req.context, 'resource_lock_event:get_all')
    query = _query(req)
    events = service.find_events(req.context,
                                 validation.all_projects(req.GET), query)
    return wsgi.json_response(req, view.page(req, events, query))


def show(req):
    microversion.require(req, MIN_VERSION)
    event = req.environ[wsgi.LOCK_SERVICE_KEY].get_event(
        req.context, req.urlvars['event_id'])
    return wsgi.json_response(req, view.one(req, event))


ROUTES = {
    '/resource-lock-events': {'GET': index},
    '/resource-lock-events/{event_id}': {'GET': show},
}
