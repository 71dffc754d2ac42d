"""/share-transfers (microversion 2.77 and later): offer a share to another
project, list and show the offers, accept one with its auth key, cancel.

Statuses as Manila answers them: create 202 with the auth key, accept 202
and delete 200 with empty bodies; accept answers 400 (not 404) for a
transfer it cannot find. Lock checks are in host/transfer_service.py.
"""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.host import access_service
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import drivers
from manila_locks.host.schemas import transfers as schema
from manila_locks.host import transfer_service
from manila_locks.host.views import transfers as view
from manila_locks import policy

MIN_VERSION = '2.77'


def create(req):
    microversion.require(req, MIN_VERSION)
    context = req.context
    policy.authorize(context, 'share_transfer:create')
    data = validation.validate(schema.create, wsgi.read_json(req))['transfer']
    name = data.get('name')
    transfer, auth_key = transfer_service.create(
        context, data['share_id'], name.strip() if name else name,
        req.conf.transfer_retention_time)
    return wsgi.json_response(req, view.created(req, transfer, auth_key),
                              status=202)


def _list_query(req):
    params = req.GET
    context = req.context
    # Clients look transfers up by name with all_tenants=1 whoever they
    # are; as in Manila, one who may not list every project's transfers
    # gets their own project's, not a 403.
    all_projects = (validation.boolean(params, 'all_tenants') and
                    policy.check(context, 'share_transfer:get_all_tenant'))
    return transfers_db.TransferQuery(
        filters={key: params[key] for key in transfers_db.FILTERS
                 if key in params},
        name_contains=params.get('name~'),
        all_projects=all_projects,
        sort_key=validation.one_of(params, 'sort_key',
                                   sorted(transfers_db.SORT_KEYS),
                                   'created_at'),
        sort_dir=validation.one_of(params, 'sort_dir', ('asc', 'desc'),
                                   'desc'),
        limit=validation.non_negative_int(params, 'limit', None,
                                          req.conf.osapi_max_limit),
        offset=validation.non_negative_int(params, 'offset', 0))


def _list(req, detailed):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'share_transfer:get_all')
    query = _list_query(req)
    found = transfers_db.find(req.context, query)
    return wsgi.json_response(req, view.many(req, found, query, detailed))


def index(req):
    return _list(req, detailed=False)


def detail(req):
    return _list(req, detailed=True)


def show(req):
    microversion.require(req, MIN_VERSION)
    transfer = transfer_service.get(req.context, req.urlvars['transfer_id'])
    return wsgi.json_response(req, view.one(req, transfer))


def delete(req):
    microversion.require(req, MIN_VERSION)
    transfer_service.delete(req.context, req.urlvars['transfer_id'])
    return wsgi.empty_response(200)


def _clear_rules(data):
    value = data.get('clear_access_rules')
    if not value:
        return False
    if isinstance(value, bool):
        return value
    params = {'clear_access_rules': str(value)}
    return validation.boolean(params, 'clear_access_rules')


def accept(req):
    microversion.require(req, MIN_VERSION)
    context = req.context
    data = validation.validate(schema.accept, wsgi.read_json(req))['accept']
    clear = _clear_rules(data)
    share_id = transfer_service.accept(context, req.urlvars['transfer_id'],
                                       data['auth_key'], clear)
    if clear:
        access_service.apply_accepted(context, drivers.of_request(req),
                                      share_id)
    return wsgi.empty_response(202)


ROUTES = {
    '/share-transfers': {'GET': index, 'POST': create},
    '/share-transfers/detail': {'GET': detail},
    '/share-transfers/{transfer_id}': {'GET': show, 'DELETE': delete},
    '/share-transfers/{transfer_id}/accept': {'POST': accept},
}
