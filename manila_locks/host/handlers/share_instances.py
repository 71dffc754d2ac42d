"""/share_instances and /shares/{share_id}/instances (2.3): Manila's
administrators' view of where shares live, with reset_status and
force_delete actions.

One instance per share, kept in the share's row, so an instance has the
share's id. Force-deleting it removes the share, under the same lock check
as deleting the share: a deletion lock on the share, or on any of its
access rules, refuses it (Manila's own instance force delete does not
ask). Every rule is checked for the caller's project before anything is
looked up, as Manila does (403, never 404, for those it refuses).
"""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.host.db import shares as shares_db
from manila_locks.host import drivers
from manila_locks.host.handlers import share_lookup
from manila_locks.host.schemas import shares as share_schema
from manila_locks.host import share_service
from manila_locks.host.views import share_instances as view
from manila_locks import policy

MIN_VERSION = '2.3'


def _render(req, shares):
    exports = shares_db.export_locations(
        req.context, [s.id for s in shares],
        include_admin_only=req.context.is_admin)
    return [view.detail(req, s, exports[s.id]) for s in shares]


def _query(req):
    params = req.GET
    query = shares_db.ShareQuery(all_projects=req.context.is_admin,
                                 sort_key='created_at', sort_dir='asc')
    if params.get('host'):
        query.exact['host'] = params['host']
    if req.at_least('2.35'):
        query.export_location_id = params.get('export_location_id') or None
        query.export_location_path = (params.get('export_location_path')
                                      or None)
    if req.at_least('2.69'):
        query.is_soft_deleted = validation.boolean(params, 'is_soft_deleted')
    return query


def index(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'share_instance:index')
    page = shares_db.find(req.context, _query(req))
    return wsgi.json_response(req, {'share_instances': _render(
        req, page.shares)})


def of_share(req):
    """GET /shares/{share_id}/instances: the share's one instance."""
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'share_instance:index')
    share = share_lookup.get_visible(req)
    return wsgi.json_response(req, {'share_instances': _render(
        req, [share])})


def _instance_id(req):
    instance_id = req.urlvars['instance_id']
    if not validation.is_uuid(instance_id):
        raise shares_db.ShareNotFound(share_id=instance_id)
    return instance_id


def show(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'share_instance:show')
    share = shares_db.get(req.context, _instance_id(req))
    [body] = _render(req, [share])
    return wsgi.json_response(req, {'share_instance': body})


def reset_status(req, instance_id, body):
    validation.validate(share_schema.reset_status, body)
    share_service.reset_status(req.context, instance_id, body['status'],
                               rule='share_instance:reset_status')
    return wsgi.empty_response(202)


def force_delete(req, instance_id, body):
    share_service.delete(req.context, drivers.of_request(req), instance_id,
                         force=True, rule='share_instance:force_delete')
    return wsgi.empty_response(202)


# action name -> (handler, policy, minimum version, maximum version)
ACTIONS = {
    'os-reset_status': (reset_status, 'share_instance:reset_status', '2.3',
                        '2.6'),
    'reset_status': (reset_status, 'share_instance:reset_status', '2.7',
                     None),
    'os-force_delete': (force_delete, 'share_instance:force_delete', '2.3',
                        '2.6'),
    'force_delete': (force_delete, 'share_instance:force_delete', '2.7',
                     None),
}


def action(req):
    microversion.require(req, MIN_VERSION)
    name, argument = wsgi.read_action(req, ACTIONS)
    handler, rule, minimum, maximum = ACTIONS[name]
    microversion.require(req, minimum, maximum)
    policy.authorize(req.context, rule)
    return handler(req, _instance_id(req), argument)
