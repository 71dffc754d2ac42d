"""/shares: create, list, show, update, delete."""
import webob.exc

from manila_locks.api import links
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host import share_api
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host.schemas import shares as schema
from manila_locks.host.views import shares as view
from manila_locks import policy

DRIVER_KEY = 'manila_locks.driver'


def _strict_bool(value, name):
    if isinstance(value, bool) or value is None:
        return bool(value)
    return validation.boolean({name: str(value)}, name)


def _render(req, shares):
    """Detail views of several shares with a fixed number of queries."""
    context = req.context
    type_ids = {s.share_type_id for s in shares}
    types = types_db.get_many(context, type_ids)
    specs = types_db.extra_specs(context, type_ids)
    share_ids = [s.id for s in shares]
    metadata = shares_db.metadata(context, share_ids)
    exports = shares_db.export_locations(context, share_ids)
    return [view.detail(req, s, types[s.share_type_id],
                        specs[s.share_type_id], metadata[s.id], exports[s.id])
            for s in shares]


def create(req):
    context = req.context
    body = validation.validate(schema.create, wsgi.read_json(req))['share']
    policy.authorize(context, 'share:create')
    size = int(body['size'])
    if size < 1 or size > schema.MAX_SIZE:
        raise wsgi.bad_request("Share size '%s' must be an integer and "
                               "greater than 0." % body['size'])
    proto = body['share_proto'].upper()
    if proto not in schema.PROTOCOLS:
        raise wsgi.bad_request(
            'Invalid share protocol provided: %s. Available protocols: %s.'
            % (body['share_proto'], ', '.join(schema.PROTOCOLS)))
    if body.get('share_type') and body.get('volume_type'):
        raise wsgi.bad_request('Cannot specify both share_type and '
                               'volume_type.')
    type_name = (body.get('share_type') or body.get('volume_type') or
                 req.conf.default_share_type)
    try:
        share_type = types_db.get_by_name_or_id(context, type_name)
    except exception.NotFound:
        raise webob.exc.HTTPNotFound(
            explanation='Share type %s not found.' % type_name)
    values = {
        'display_name': body.get('name', body.get('display_name')),
        'display_description': body.get(
            'description', body.get('display_description')),
        'size': size,
        'share_proto': proto,
        'share_type_id': share_type.id,
        'availability_zone': body.get('availability_zone') or 'nova',
        'is_public': _strict_bool(body.get('is_public'), 'is_public'),
        'host': 'localhost@local#local',
    }
    share = share_api.create(context, req.environ[DRIVER_KEY], values,
                             body.get('metadata') or {})
    return wsgi.json_response(req, {'share': _render(req, [share])[0]})


def _list_query(req):
    params = req.GET
    context = req.context
    sort_key = params.get('sort_key', 'created_at')
    if sort_key not in shares_db.SORT_KEYS:
        raise wsgi.bad_request("Wrong sorting key provided - '%s'." % sort_key)
    query = shares_db.ShareQuery(
        all_projects=(validation.boolean(params, 'all_tenants') and
                      policy.check(context, 'share:list_all_projects')),
        is_public=validation.boolean(params, 'is_public'),
        sort_key=sort_key,
        sort_dir=validation.one_of(params, 'sort_dir', ('asc', 'desc'),
                                   'desc'),
        limit=validation.non_negative_int(params, 'limit', None,
                                          req.conf.osapi_max_limit),
        offset=validation.non_negative_int(params, 'offset', 0),
    )
    if query.all_projects and 'project_id' in params:
        query.project_id = params['project_id']
    for param, column in (('name', 'display_name'), ('status', 'status'),
                          ('share_type_id', 'share_type_id'),
                          ('snapshot_id', 'snapshot_id'),
                          ('share_network_id', 'share_network_id')):
        if param in params:
            query.exact[column] = params[param]
    if req.at_least('2.36') and 'name~' in params:
        query.contains['display_name'] = params['name~']
    if req.at_least('2.42'):
        query.with_count = validation.boolean(params, 'with_count')
    if req.at_least('2.69'):
        query.is_soft_deleted = validation.boolean(params, 'is_soft_deleted')
    return query


def _list(req, render):
    policy.authorize(req.context, 'share:get_all')
    query = _list_query(req)
    page = shares_db.find(req.context, query)
    body = {'shares': render(req, page.shares)}
    if page.count is not None:
        body['count'] = page.count
    if query.limit and len(page.shares) == query.limit:
        body['shares_links'] = links.next_link(req, 'shares', query.offset,
                                               query.limit)
    return wsgi.json_response(req, body)


def index(req):
    return _list(req, lambda r, shares: [view.summary(r, s) for s in shares])


def detail(req):
    return _list(req, _render)


def get_visible(req, policy_rule='share:get'):
    if not validation.is_uuid(req.urlvars['share_id']):
        raise webob.exc.HTTPNotFound(
            explanation='Share %s could not be found.'
                        % req.urlvars['share_id'])
    share = shares_db.get(req.context, req.urlvars['share_id'])
    policy.authorize(req.context, policy_rule, share_api.target(share))
    return share


def show(req):
    share = get_visible(req)
    return wsgi.json_response(req, {'share': _render(req, [share])[0]})


def update(req):
    body = validation.validate(schema.update, wsgi.read_json(req))['share']
    share = get_visible(req, 'share:update')
    changes = {}
    for key, column in (('display_name', 'display_name'),
                        ('display_description', 'display_description'),
                        ('name', 'display_name'),
                        ('description', 'display_description')):
        if key in body:
            changes[column] = body[key]
    if 'is_public' in body:
        changes['is_public'] = _strict_bool(body['is_public'], 'is_public')
    share = share_api.update(req.context, share.id, changes)
    return wsgi.json_response(req, {'share': _render(req, [share])[0]})


def delete(req):
    share = get_visible(req, 'share:get')
    share_api.delete(req.context, req.environ[DRIVER_KEY], share.id)
    return wsgi.empty_response(202)
