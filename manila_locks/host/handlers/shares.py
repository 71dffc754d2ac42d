"""/shares: create, list, show, update, delete."""
import re

from manila_locks.api import links
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import availability_zones as zones_db
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import drivers
from manila_locks.host import extra_specs
from manila_locks.host.handlers import body_fields
from manila_locks.host.handlers import share_filters
from manila_locks.host.handlers import share_lookup
from manila_locks.host import metadata_limits
from manila_locks.host import placement
from manila_locks.host import quota
from manila_locks.host.schemas import shares as schema
from manila_locks.host import share_service
from manila_locks.host.views import shares as view
from manila_locks import policy

_MOUNT_POINT = re.compile(r'^[a-zA-Z0-9_-]*$')


def _render(req, shares):
    """Detail views of several shares with a fixed number of queries."""
    context = req.context
    type_ids = {s.share_type_id for s in shares}
    types = types_db.get_many(context, type_ids)
    specs = types_db.extra_specs(context, type_ids)
    share_ids = [s.id for s in shares]
    metadata = shares_db.metadata(context, share_ids)
    exports = shares_db.export_locations(
        context, share_ids, include_admin_only=context.is_admin)
    return [view.detail(req, s, types[s.share_type_id],
                        specs[s.share_type_id], metadata[s.id], exports[s.id])
            for s in shares]


def _refuse_missing_references(req, data):
    """This host has no snapshots, share networks or share groups, so any
    reference to one names something that does not exist."""
    names = [('snapshot_id', 'Snapshot'),
             ('share_network_id', 'Share network')]
    if req.at_least('2.31'):
        names.append(('share_group_id', 'Share group'))
    for key, label in names:
        if data.get(key):
            raise exception.NotFound('%s %s could not be found.'
                                     % (label, data[key]))


def _availability_zone(req, data):
    """The back end's zone, which a request may name by name or by id (as
    GET /availability-zones lists it); any other zone is a 404."""
    name = drivers.of_request(req).availability_zone
    wanted = data.get('availability_zone')
    if wanted in (None, '', name):
        return name
    if validation.is_uuid(wanted) and (
            zones_db.ensure(req.context, name).id == wanted):
        return name
    raise zones_db.ZoneNotFound(id=wanted)


def _check_type_zones(req, data, specs):
    """From 2.48 a share type's availability_zones extra spec lists the
    zones its shares may be created in."""
    zones = specs.get('availability_zones')
    if not (req.at_least('2.48') and data.get('availability_zone') and
            zones):
        return
    if drivers.of_request(req).availability_zone not in [
            zone.strip() for zone in zones.split(',')]:
        raise exception.Invalid(
            'Share type %s is not supported within the availability zone '
            'chosen %s.' % (data.get('share_type') or data.get(
                'volume_type'), drivers.of_request(req).availability_zone))


def _share_type(req, data):
    if 'share_type' in data and 'volume_type' in data:
        raise exception.Invalid('Cannot specify both share_type and '
                                'volume_type')
    wanted = data.get('share_type') or data.get('volume_type')
    missing = exception.NotFound('Share type not found.')
    if not wanted:
        return types_db.get_by_name(req.context,
                                    req.conf.default_share_type, missing)
    if validation.is_uuid(wanted):
        return types_db.get(req.context, wanted, missing)
    return types_db.get_by_name(req.context, wanted, missing)


def _mount_point_name(req, data, specs):
    name = data.get('mount_point_name') if req.at_least('2.84') else None
    if not name:
        return None
    if not extra_specs.is_true(specs, extra_specs.MOUNT_POINT_NAME):
        raise exception.Invalid('Setting a mount point name is not supported '
                                'by the share type.')
    prefix = specs.get('provisioning:mount_point_prefix',
                       req.context.project_id + '_')
    name = prefix + name
    if len(name) > schema.DISPLAY_MAX or not _MOUNT_POINT.match(name):
        raise exception.Invalid(
            'Mount point name %s is invalid: up to 255 letters, digits, '
            'underscores and hyphens.' % name)
    return name


def _check_type_support(req, data, specs):
    if extra_specs.is_true(specs, extra_specs.DHSS):
        raise exception.Invalid('Share network must be set when the '
                                'driver_handles_share_servers is true.')
    if req.at_least('2.90') and data.get('encryption_key_ref'):
        raise exception.Invalid(
            "Share type extra-specs 'encryption_support' is missing valid "
            "value e.g. share, share_server.")


def _create_values(req, data):
    context = req.context
    size = body_fields.size_param(
        data.get('size'),
        "Share size '%(value)s' must be an integer and greater than 0")
    proto = data['share_proto'].upper()
    if proto not in schema.PROTOCOLS:
        raise exception.Invalid(
            'Invalid share protocol provided: %s. It is either disabled or '
            'unsupported. Available protocols: %s.'
            % (data['share_proto'], ', '.join(schema.PROTOCOLS)))
    is_public = validation.to_bool_value(data.get('is_public'))
    if is_public and not policy.check(context, 'share:create_public_share'):
        raise share_service.PublicShareNotAllowed()
    zone = _availability_zone(req, data)
    _refuse_missing_references(req, data)
    share_type = _share_type(req, data)
    specs = types_db.extra_specs(context, [share_type.id])[share_type.id]
    _check_type_support(req, data, specs)
    _check_type_zones(req, data, specs)
    placement.check_size(share_type, specs, size)
    return specs, {
        'display_name': data.get('name') or data.get('display_name'),
        'display_description': (data.get('description') or
                                data.get('display_description')),
        'size': size, 'share_proto': proto, 'share_type_id': share_type.id,
        'availability_zone': zone, 'is_public': is_public,
        'host': drivers.of_request(req).host,
        'mount_point_name': _mount_point_name(req, data, specs),
    }


def create(req):
    policy.authorize(req.context, 'share:create')
    data = body_fields.entity(req, 'share')
    validation.validate(schema.create_body, {'share': data})
    specs, values = _create_values(req, data)
    metadata = metadata_limits.check(data.get('metadata'),
                                     req.conf.max_metadata_items)
    share = share_service.create(req.context, drivers.of_request(req),
                                 values, metadata, specs,
                                 limits=quota.limits(req.conf))
    return wsgi.json_response(req, {'share': _render(req, [share])[0]})


def _list(req, render, summary):
    policy.authorize(req.context, 'share:get_all')
    query = share_filters.from_request(req, req.conf.osapi_max_limit,
                                       summary=summary)
    page = shares_db.find(req.context, query)
    body = {'shares': render(req, page.shares)}
    if page.count is not None:
        body['count'] = page.count
    if page.shares and len(page.shares) == query.limit:
        body['shares_links'] = links.next_link(req, 'shares', query.offset,
                                               query.limit)
    return wsgi.json_response(req, body)


def index(req):
    return _list(req, lambda r, shares: [view.summary(r, s) for s in shares],
                 summary=True)


def detail(req):
    return _list(req, _render, summary=False)


def show(req):
    share = share_lookup.get_visible(req)
    return wsgi.json_response(req, {'share': _render(req, [share])[0]})


def update(req):
    """Manila's v2 update honours only display_name, display_description
    and is_public; `name`/`description` are ignored, as there."""
    data = body_fields.entity(req, 'share')
    validation.validate(schema.update_body, {'share': data})
    changes = {key: data[key] for key in ('display_name',
                                          'display_description')
               if key in data}
    if 'is_public' in data:
        changes['is_public'] = validation.to_bool_value(data['is_public'])
    share = share_lookup.get_visible(req)
    share = share_service.update(req.context, share.id, changes)
    return wsgi.json_response(req, {'share': _render(req, [share])[0]})


def delete(req):
    # One transaction: share_service.delete finds the share with the same
    # visibility rule get_visible uses (own project, or public), row-locks
    # it, checks share:delete, then the locks.
    share_id = req.urlvars['share_id']
    if not validation.is_uuid(share_id):
        raise shares_db.ShareNotFound(share_id=share_id)
    share_service.delete(req.context, drivers.of_request(req), share_id)
    return wsgi.empty_response(202)
