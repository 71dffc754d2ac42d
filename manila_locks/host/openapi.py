"""The OpenAPI document of the whole host API, served at GET
/v2/openapi.json without authentication (like the version documents) and
shipped as doc/openapi.json (tools/gen_openapi.py writes it; a test checks
the shipped copy is current).

OPERATIONS says, for every handler in routes.ROUTES, what it takes and
answers. Request schemas are the ones the handlers validate with
(manila_locks.host.schemas, manila_locks.api.schemas).
"""
import webob.dec

from manila_locks.api import microversion
from manila_locks.api import openapi
from manila_locks.api import wsgi
from manila_locks.host.db import messages as messages_db
from manila_locks.host.handlers import access_actions
from manila_locks.host.handlers import access_rules
from manila_locks.host.handlers import availability_zones
from manila_locks.host.handlers import export_locations
from manila_locks.host.handlers import limits
from manila_locks.host.handlers import messages
from manila_locks.host.handlers import quota_class_sets
from manila_locks.host.handlers import quota_sets
from manila_locks.host.handlers import scheduler_stats
from manila_locks.host.handlers import security_services
from manila_locks.host.handlers import share_actions
from manila_locks.host.handlers import share_group_snapshots
from manila_locks.host.handlers import share_group_types
from manila_locks.host.handlers import share_groups
from manila_locks.host.handlers import share_instance_export_locations
from manila_locks.host.handlers import share_instances
from manila_locks.host.handlers import share_metadata
from manila_locks.host.handlers import share_migration
from manila_locks.host.handlers import share_networks
from manila_locks.host.handlers import share_replicas
from manila_locks.host.handlers import share_servers
from manila_locks.host.handlers import share_snapshots
from manila_locks.host.handlers import share_type_extra_specs as specs
from manila_locks.host.handlers import share_types
from manila_locks.host.handlers import shares
from manila_locks.host.handlers import transfers
from manila_locks.host.handlers import versions
from manila_locks.host import routes
from manila_locks.host.schemas import access_rules as access_schema
from manila_locks.host.schemas import collections as c
from manila_locks.host.schemas import responses as r
from manila_locks.host.schemas import share_types as type_schema
from manila_locks.host.schemas import shares as share_schema
from manila_locks.host.schemas import transfers as transfer_schema

Op = openapi.Operation
P = openapi.Param
TITLE = 'manila_locks: Manila v2 shared file systems API with resource locks'

# Action handler -> its argument's schema, or a function(req) giving it.
# Actions with no argument take anything (clients send null or {}).
_ACTION_ARGUMENTS = {
    access_actions.allow_access: access_schema.allow,
    access_actions.deny_access: access_schema.deny,
    share_actions.reset_status: share_schema.reset_status,
    share_actions.reset_task_state: share_schema.reset_task_state,
    share_actions.extend: share_schema.resize_of,
    share_actions.shrink: share_schema.resize,
    share_migration.migration_start: share_schema.migration_start,
}


def share_action_body(req):
    """One of the actions the request's microversion knows: {name: arg}."""
    choices = []
    for name, (handler, minimum, maximum) in sorted(
            share_actions.ACTIONS.items()):
        if not req.at_least(minimum) or (
                maximum is not None and
                req.api_version > microversion.Version.parse(maximum)):
            continue
        argument = _ACTION_ARGUMENTS.get(handler, {})
        if callable(argument):
            argument = argument(req)
        choices.append({'type': 'object', 'properties': {name: argument},
                        'required': [name], 'additionalProperties': False})
    return {'oneOf': choices}


def _instance_action_body(req):
    choices = []
    for name, (handler, rule, minimum, maximum) in sorted(
            share_instances.ACTIONS.items()):
        if not req.at_least(minimum) or (
                maximum is not None and
                req.api_version > microversion.Version.parse(maximum)):
            continue
        argument = (share_schema.reset_status
                    if handler is share_instances.reset_status else {})
        choices.append({'type': 'object', 'properties': {name: argument},
                        'required': [name], 'additionalProperties': False})
    return {'oneOf': choices}


def _type_action_body(req):
    return {'oneOf': [
        dict(openapi.wrapped(name, type_schema.project_access),
             additionalProperties=False)
        for name in ('addProjectAccess', 'removeProjectAccess')]}


_SHARE_LIST_QUERY = tuple(
    P(name) for name in ('name', 'name~', 'description', 'description~',
                         'status', 'share_type_id', 'metadata',
                         'extra_specs', 'export_location_id',
                         'export_location_path', 'project_id', 'user_id',
                         'sort_key')) + (
    P('sort_dir', {'type': 'string', 'enum': ['asc', 'desc']}),
    P('limit', {'type': 'integer', 'minimum': 0}),
    P('offset', {'type': 'integer', 'minimum': 0}),
    P('with_count', {'type': 'boolean'}),
    P('is_public', {'type': 'boolean'}),
    P('is_soft_deleted', {'type': 'boolean'}),
    P('all_tenants', {'type': 'boolean'}))
_RULE_LIST_QUERY = (
    P('share_id', required=True), P('metadata'), P('access_type'),
    P('access_to'), P('access_key'),
    P('access_level', {'type': 'string',
                       'enum': list(access_schema.ACCESS_LEVELS)}))
_TRANSFER_LIST_QUERY = tuple(
    P(name) for name in ('all_tenants', 'name', 'name~', 'id',
                         'resource_type', 'resource_id', 'source_project_id',
                         'destination_project_id')) + (
    P('sort_key', {'type': 'string',
                   'enum': sorted(transfers.transfers_db.SORT_KEYS)}),
    P('sort_dir', {'type': 'string', 'enum': ['asc', 'desc']}),
    P('limit', {'type': 'integer', 'minimum': 0}),
    P('offset', {'type': 'integer', 'minimum': 0}))
_TRANSFERS = dict(min_version=transfers.MIN_VERSION)
_LEGACY = dict(min_version='2.0', max_version='2.6')
_RULES = dict(min_version=access_rules.MIN_VERSION)
_INSTANCES = dict(min_version=share_instances.MIN_VERSION)

OPERATIONS = dict(openapi.OPERATIONS)
OPERATIONS.update({
    versions.document: Op('The version document (also at /v2)',
                          {200: r.VERSIONS}),
    share_types.index: Op('List share types', {200: r.SHARE_TYPES},
                          query=(P('is_public'), P('extra_specs'))),
    share_types.create: Op(
        'Create a share type', {200: r.SHARE_TYPE},
        body=openapi.wrapped('share_type', type_schema.create),
        errors=(409,)),
    share_types.default: Op('Show the default share type',
                            {200: r.SHARE_TYPE}),
    share_types.show: Op('Show a share type', {200: r.SHARE_TYPE}),
    share_types.update: Op(
        'Update a share type', {200: r.SHARE_TYPE},
        body=openapi.wrapped('share_type', type_schema.update),
        errors=(409,), min_version='2.50'),
    share_types.delete: Op('Delete a share type', {202: None},
                           errors=(409,)),
    share_types.action: Op('Grant or revoke a project access to a type',
                           {202: None}, body=_type_action_body,
                           errors=(409,)),
    share_types.list_access: Op('List the projects of a private type',
                                {200: r.SHARE_TYPE_ACCESS},
                                min_version='2.7'),
    share_types.list_access_legacy: Op(
        'List the projects of a private type (before 2.7)',
        {200: r.SHARE_TYPE_ACCESS}, **_LEGACY),
    specs.index: Op('List extra specs of a type', {200: r.EXTRA_SPECS}),
    specs.create: Op('Set extra specs of a type', {200: r.EXTRA_SPECS},
                     body=type_schema.extra_specs, errors=(409,)),
    specs.show: Op('Show one extra spec', {200: r.ONE_EXTRA_SPEC}),
    specs.update: Op('Change one extra spec', {200: r.ONE_EXTRA_SPEC},
                     body=r.ONE_EXTRA_SPEC, errors=(409,)),
    specs.delete: Op('Delete one extra spec', {202: None}, errors=(409,)),
    shares.index: Op('List shares', {200: r.SHARES},
                     query=_SHARE_LIST_QUERY),
    shares.detail: Op('List shares with details', {200: r.SHARES_DETAIL},
                      query=_SHARE_LIST_QUERY),
    shares.create: Op('Create a share', {200: r.SHARE},
                      body=openapi.wrapped('share', share_schema.create),
                      errors=(409, 413, 422)),
    shares.show: Op('Show a share', {200: r.SHARE}),
    shares.update: Op('Update a share', {200: r.SHARE},
                      body=openapi.wrapped('share', share_schema.update),
                      errors=(409, 422)),
    shares.delete: Op('Delete a share (refused while a deletion lock holds '
                      'it)', {202: None}, errors=(409,)),
    share_actions.action: Op(
        'Act on a share: force_delete, extend, shrink, reset_status, '
        'reset_task_state, soft_delete, restore, unmanage, allow_access, '
        'deny_access, migration_start (answered as by a backend that '
        'cannot migrate)',
        # allow_access answers the rule; restore of a share not in the
        # recycle bin answers a bare 200, as Manila does.
        {200: openapi.OrBare(r.ACCESS_RULE), 202: None},
        body=share_action_body, errors=(409, 413)),
    share_metadata.index: Op("List a share's metadata",
                             {200: r.SHARE_METADATA}),
    share_metadata.show: Op('Show one metadata item of a share',
                            {200: r.SHARE_METADATA_ITEM}),
    share_metadata.replace: Op(
        "Replace a share's metadata (admin-only keys the caller may not "
        "change are kept)", {200: r.SHARE_METADATA},
        body=share_schema.metadata, errors=(409, 413)),
    share_metadata.merge: Op("Add or change items of a share's metadata",
                             {200: r.SHARE_METADATA},
                             body=share_schema.metadata, errors=(409, 413)),
    share_metadata.set_item: Op(
        'Add or change the one metadata item the URL names',
        {200: r.SHARE_METADATA}, body=share_schema.metadata_item,
        errors=(409, 413)),
    share_metadata.delete: Op('Delete one metadata item of a share',
                              {200: None}, errors=(409,)),
    share_instances.index: Op(
        'List share instances (administrators)', {200: r.SHARE_INSTANCES},
        query=(P('host'), P('export_location_id'),
               P('export_location_path'),
               P('is_soft_deleted', {'type': 'boolean'})), **_INSTANCES),
    share_instances.of_share: Op("List a share's instances (one)",
                                 {200: r.SHARE_INSTANCES}, **_INSTANCES),
    share_instances.show: Op('Show a share instance',
                             {200: r.SHARE_INSTANCE}, **_INSTANCES),
    share_instances.action: Op(
        'Reset the status of, or force-delete, a share instance (force '
        'delete is refused while a deletion lock holds the share or one of '
        'its rules)', {202: None}, body=_instance_action_body,
        errors=(409,), **_INSTANCES),
    share_instance_export_locations.index: Op(
        'List export locations of a share instance (administrators)',
        {200: r.EXPORT_LOCATIONS}, min_version='2.9'),
    share_instance_export_locations.show: Op(
        'Show an export location of a share instance (administrators)',
        {200: r.EXPORT_LOCATION}, min_version='2.9'),
    share_actions.legacy_unmanage: Op('Unmanage a share (before 2.7)',
                                      {202: None}, errors=(409,), **_LEGACY),
    export_locations.index: Op('List export locations of a share',
                               {200: r.EXPORT_LOCATIONS}, min_version='2.9'),
    export_locations.show: Op('Show an export location',
                              {200: r.EXPORT_LOCATION}, min_version='2.9'),
    access_rules.index: Op('List the access rules of a share',
                           {200: r.ACCESS_LIST}, query=_RULE_LIST_QUERY,
                           **_RULES),
    access_rules.show: Op('Show an access rule', {200: r.ACCESS_RULE},
                          **_RULES),
    access_rules.update: Op(
        'Change the access level of a rule', {200: r.ACCESS_RULE},
        body=access_schema.update, errors=(409,),
        min_version=access_rules.UPDATE_VERSION),
    access_rules.set_metadata: Op('Set metadata of a rule',
                                  {200: r.RULE_METADATA},
                                  body=access_schema.set_metadata,
                                  errors=(409,), **_RULES),
    access_rules.delete_metadata: Op('Delete a metadata key of a rule',
                                     {200: None}, errors=(409,), **_RULES),
    transfers.create: Op(
        'Offer a share to another project (refused while the share or its '
        'rules hold a lock)', {202: r.TRANSFER_CREATED},
        body=transfer_schema.create, **_TRANSFERS),
    transfers.index: Op('List share transfers', {200: r.TRANSFERS},
                        query=_TRANSFER_LIST_QUERY, **_TRANSFERS),
    transfers.detail: Op('List share transfers with details',
                         {200: r.TRANSFERS_DETAIL},
                         query=_TRANSFER_LIST_QUERY, **_TRANSFERS),
    transfers.show: Op('Show a share transfer', {200: r.TRANSFER},
                       **_TRANSFERS),
    transfers.delete: Op('Cancel a share transfer', {200: None},
                         **_TRANSFERS),
    transfers.accept: Op('Accept a share transfer', {202: None},
                         body=transfer_schema.accept, **_TRANSFERS),
})

# The collections manila-ui reads besides shares.
_MESSAGE_LIST_QUERY = tuple(P(name) for name in messages_db.FILTERS) + (
    P('sort_key', {'type': 'string',
                   'enum': sorted(messages_db.SORT_KEYS)}),
    P('sort_dir', {'type': 'string', 'enum': ['asc', 'desc']}),
    P('limit', {'type': 'integer', 'minimum': 0}),
    P('offset', {'type': 'integer', 'minimum': 0}),
    P('created_since'), P('created_before'))
_MESSAGES = dict(min_version=messages.MIN_VERSION)
_QUOTA_QUERY = (P('user_id'), P('share_type'))
_POOL_QUERY = (P('host'), P('backend'), P('pool'), P('share_type'))
_GROUPS = dict(min_version=share_groups.GRADUATED)
_REPLICAS = dict(min_version=share_replicas.GRADUATED)
_NOT_SUPPORTED = {'type': 'object'}
OPERATIONS.update({
    availability_zones.index: Op('List availability zones',
                                 {200: c.AVAILABILITY_ZONES},
                                 min_version='2.7'),
    availability_zones.index_legacy: Op(
        'List availability zones (before 2.7)', {200: c.AVAILABILITY_ZONES},
        **_LEGACY),
    limits.index: Op("Show the project's limits and usage",
                     {200: c.LIMITS}),
    scheduler_stats.index: Op(
        "List the backend's storage pools (administrators)",
        {200: c.POOLS}, query=_POOL_QUERY),
    scheduler_stats.detail: Op(
        "List the backend's storage pools with their capabilities "
        "(administrators)", {200: c.POOLS_DETAIL}, query=_POOL_QUERY),
    quota_sets.show: Op("Show a project's quotas (the [quota] options)",
                        {200: c.QUOTA_SET}, query=_QUOTA_QUERY,
                        min_version=quota_sets.MIN_VERSION),
    quota_sets.detail: Op("Show a project's quotas and usage",
                          {200: c.QUOTA_SET}, query=_QUOTA_QUERY,
                          min_version=quota_sets.DETAIL_VERSION),
    quota_sets.defaults: Op('Show the default quotas', {200: c.QUOTA_SET},
                            min_version=quota_sets.MIN_VERSION),
    quota_sets.update: Op(
        "Update a project's quotas (refused: not supported)",
        {200: c.QUOTA_SET},
        body=openapi.wrapped('quota_set', {'type': 'object'}),
        min_version=quota_sets.MIN_VERSION),
    quota_class_sets.show: Op(
        'Show a quota class (the [quota] options; administrators)',
        {200: c.QUOTA_CLASS_SET}, min_version=quota_class_sets.MIN_VERSION),
    quota_class_sets.update: Op(
        'Update a quota class (refused: not supported)',
        {200: c.QUOTA_CLASS_SET},
        body=openapi.wrapped('quota_class_set', {'type': 'object'}),
        min_version=quota_class_sets.MIN_VERSION),
    messages.index: Op('List user messages', {200: c.MESSAGES},
                       query=_MESSAGE_LIST_QUERY, **_MESSAGES),
    messages.show: Op('Show a user message', {200: c.MESSAGE},
                      **_MESSAGES),
    messages.delete: Op('Delete a user message', {204: None}, **_MESSAGES),
    share_snapshots.index: Op('List share snapshots (none)',
                              {200: c.SNAPSHOTS},
                              query=(P('with_count', {'type': 'boolean'}),)),
    share_snapshots.detail: Op('List share snapshots with details (none)',
                               {200: c.SNAPSHOTS},
                               query=(P('with_count', {'type': 'boolean'}),)),
    share_snapshots.show: Op('Show a share snapshot (none exist)',
                             {200: _NOT_SUPPORTED}),
    share_snapshots.create: Op(
        'Create a share snapshot (refused: no share type has '
        'snapshot_support)', {202: _NOT_SUPPORTED},
        body=openapi.wrapped('snapshot', {'type': 'object'}),
        errors=(422,)),
    share_replicas.index: Op('List share replicas (none)',
                             {200: c.none_of('share_replicas')},
                             query=(P('share_id'),), **_REPLICAS),
    share_replicas.detail: Op('List share replicas with details (none)',
                              {200: c.none_of('share_replicas')},
                              query=(P('share_id'),), **_REPLICAS),
    share_replicas.show: Op('Show a share replica (none exist)',
                            {200: _NOT_SUPPORTED}, **_REPLICAS),
    share_networks.index: Op('List share networks (none)',
                             {200: c.none_of('share_networks')}),
    share_networks.detail: Op('List share networks with details (none)',
                              {200: c.none_of('share_networks')}),
    share_networks.show: Op('Show a share network (none exist)',
                            {200: _NOT_SUPPORTED}),
    share_networks.create: Op(
        'Create a share network (refused: not supported)',
        {200: _NOT_SUPPORTED},
        body=openapi.wrapped('share_network', {'type': 'object'}),
        errors=(422,)),
    share_servers.index: Op('List share servers (none)',
                            {200: c.none_of('share_servers')}),
    share_servers.show: Op('Show a share server (none exist)',
                           {200: _NOT_SUPPORTED}),
    security_services.index: Op('List security services (none)',
                                {200: c.none_of('security_services')}),
    security_services.detail: Op(
        'List security services with details (none)',
        {200: c.none_of('security_services')}),
    security_services.show: Op('Show a security service (none exist)',
                               {200: _NOT_SUPPORTED}),
    security_services.create: Op(
        'Create a security service (refused: not supported)',
        {200: _NOT_SUPPORTED},
        body=openapi.wrapped('security_service', {'type': 'object'}),
        errors=(422,)),
    share_groups.index: Op('List share groups (none)',
                           {200: c.none_of('share_groups')}, **_GROUPS),
    share_groups.detail: Op('List share groups with details (none)',
                            {200: c.none_of('share_groups')}, **_GROUPS),
    share_groups.show: Op('Show a share group (none exist)',
                          {200: _NOT_SUPPORTED}, **_GROUPS),
    share_groups.create: Op(
        'Create a share group (refused: no share group type exists)',
        {202: _NOT_SUPPORTED},
        body=openapi.wrapped('share_group', {'type': 'object'}), **_GROUPS),
    share_group_types.index: Op('List share group types (none)',
                                {200: c.none_of('share_group_types')},
                                query=(P('is_public'),), **_GROUPS),
    share_group_types.default: Op(
        'Show the default share group type (none)', {200: _NOT_SUPPORTED},
        **_GROUPS),
    share_group_types.show: Op('Show a share group type (none exist)',
                               {200: _NOT_SUPPORTED}, **_GROUPS),
    share_group_types.create: Op(
        'Create a share group type (refused: not supported)',
        {200: _NOT_SUPPORTED},
        body=openapi.wrapped('share_group_type', {'type': 'object'}),
        **_GROUPS),
    share_group_snapshots.index: Op(
        'List share group snapshots (none)',
        {200: c.none_of('share_group_snapshots')}, **_GROUPS),
    share_group_snapshots.detail: Op(
        'List share group snapshots with details (none)',
        {200: c.none_of('share_group_snapshots')}, **_GROUPS),
    share_group_snapshots.show: Op(
        'Show a share group snapshot (none exist)', {200: _NOT_SUPPORTED},
        **_GROUPS),
    share_group_snapshots.create: Op(
        'Create a share group snapshot (refused: there are no share '
        'groups)', {202: _NOT_SUPPORTED},
        body=openapi.wrapped('share_group_snapshot', {'type': 'object'}),
        **_GROUPS),
})


def document():
    return openapi.build(routes.ROUTES, OPERATIONS, TITLE)


@webob.dec.wsgify
def serve(req):
    """GET /v2/openapi.json."""
    return wsgi.json_response(req, document())
