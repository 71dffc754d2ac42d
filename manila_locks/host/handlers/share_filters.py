"""Query parameters of GET /shares and /shares/detail, as Manila reads them.

Parameters newer than the request's microversion are dropped; a non-admin's
unknown parameters (and all_tenants, project_id) are ignored, as in Manila.
"""
import re

from manila_locks.api import validation
from manila_locks.core import exception
from manila_locks.host.db import shares as shares_db
from manila_locks import policy

DB_MAX_INT = 0x7FFFFFFF
_INT = re.compile(r'^\s*-?\d{1,32}\s*$')

# Parameter -> first microversion that knows it.
_SINCE = {
    'export_location_id': '2.35', 'export_location_path': '2.35',
    'name~': '2.36', 'description~': '2.36', 'description': '2.36',
    'is_soft_deleted': '2.69', 'encryption_key_ref': '2.90',
    'availability_zone': '2.97',
}
# What a non-admin may filter by (Manila's list, in API names).
_MEMBER_PARAMS = {
    'name', 'status', 'share_server_id', 'volume_type_id', 'share_type_id',
    'snapshot_id', 'host', 'share_network_id', 'is_public', 'metadata',
    'extra_specs', 'sort_key', 'sort_dir', 'share_group_id',
    'share_group_snapshot_id', 'export_location_id', 'export_location_path',
    'name~', 'description~', 'description', 'limit', 'offset',
    'is_soft_deleted', 'mount_point_name', 'with_count',
    'encryption_key_ref', 'availability_zone',
}
# API parameter -> DB filter name, compared for equality.
_EXACT = {
    'name': 'display_name', 'description': 'display_description',
    'status': 'status', 'share_type_id': 'share_type_id',
    'volume_type_id': 'share_type_id', 'snapshot_id': 'snapshot_id',
    'share_network_id': 'share_network_id', 'host': 'host',
    'mount_point_name': 'mount_point_name',
    'availability_zone': 'availability_zone',
    # Admins may also filter by these (Manila lets them use any column).
    'user_id': 'user_id', 'share_proto': 'share_proto',
}
_POLICY_GUARDED = {'host': 'share:list_by_host',
                   'share_server_id': 'share:list_by_share_server_id'}


def _params(req, summary):
    params = dict(req.GET)
    for name, version in _SINCE.items():
        if not req.at_least(version):
            params.pop(name, None)
    if summary and not req.at_least('2.42'):
        # Manila drops with_count below 2.42 only on the summary list.
        params.pop('with_count', None)
    if not req.context.is_admin:
        params = {k: v for k, v in params.items() if k in _MEMBER_PARAMS}
    return params


def _int_param(params, name, default):
    if name not in params:
        return default
    text = params[name]
    if not _INT.match(text):
        raise exception.Invalid('%s param must be an integer' % name)
    value = int(text)
    if value < 0:
        raise exception.Invalid('%s param must be positive' % name)
    if value > DB_MAX_INT:
        raise exception.Invalid('%s param must be less than %d'
                                % (name, DB_MAX_INT + 1))
    return value


def _sorting(params):
    sort_key = params.get('sort_key', 'created_at')
    sort_dir = params.get('sort_dir', 'desc')
    for name, value in (('sort_key', sort_key), ('sort_dir', sort_dir)):
        if not value:
            raise exception.Invalid("Wrong %s filter provided: '%s'."
                                    % (name, value))
    if sort_key not in shares_db.SORT_KEYS:
        raise exception.Invalid("Wrong sorting key provided - '%s'."
                                % sort_key)
    if sort_dir.lower() not in ('asc', 'desc'):
        raise exception.Invalid(
            "Wrong sorting data provided: sort key is '%s' and sort "
            "direction is '%s'." % (sort_key, sort_dir))
    return sort_key, sort_dir.lower()


def literal_dict(params, name, label):
    """Manila takes dict filters as Python literals: {'key': 'value'}."""
    if name not in params:
        return {}
    text = params[name]
    value = validation.literal_dict(text)
    if value is None:
        raise exception.Invalid('Wrong %s filter provided: %s.'
                                % (label, text[:255]))
    value = {str(k): str(v) for k, v in value.items()}
    # Escapes such as '\x00' make characters the URL did not hold.
    validation.refuse_unstorable(value, "query parameter '%s'" % name)
    return value


def _authorize_guarded(context, params):
    for name, rule in _POLICY_GUARDED.items():
        if name in params:
            policy.authorize(context, rule)
    if 'extra_specs' in params:
        policy.authorize(context, 'share_types_extra_spec:index')


def _all_projects(context, params):
    # Non-admins' all_tenants was dropped with their other unknown params.
    return (validation.boolean(params, 'all_tenants') and
            policy.check(context, 'share:list_all_projects'))


def _text_filters(params, query):
    for name, column in _EXACT.items():
        if name in params:
            query.exact[column] = params[name]
    for name, column in (('name~', 'display_name'),
                         ('description~', 'display_description')):
        # An exact filter on the same field wins, as in Manila.
        if name in params and column not in query.exact:
            query.contains[column] = params[name]
    query.always_null = [name for name in shares_db.ALWAYS_NULL
                         if name in params]
    query.export_location_id = params.get('export_location_id')
    query.export_location_path = params.get('export_location_path')


def from_request(req, limit_cap, summary=False):
    """The ShareQuery a list request asks for, or a 400/403."""
    context = req.context
    params = _params(req, summary)
    limit = _int_param(params, 'limit', None)
    offset = _int_param(params, 'offset', 0)
    sort_key, sort_dir = _sorting(params)
    _authorize_guarded(context, params)
    query = shares_db.ShareQuery(
        all_projects=_all_projects(context, params),
        is_public=validation.boolean(params, 'is_public'),
        is_soft_deleted=validation.boolean(params, 'is_soft_deleted'),
        with_count=validation.boolean(params, 'with_count'),
        metadata=literal_dict(params, 'metadata', 'metadata'),
        extra_specs=literal_dict(params, 'extra_specs', 'extra specs'),
        sort_key=sort_key, sort_dir=sort_dir, offset=offset,
        # 0 or no limit: the most the service returns at once.
        limit=min(limit or limit_cap, limit_cap))
    if query.all_projects:
        query.project_id = params.get('project_id')
    _text_filters(params, query)
    return query
