"""JSON schemas of what the host answers (shares, share types, export
locations, access rules), for the OpenAPI document
(manila_locks.host.openapi). Fields that only some microversions or only
administrators see are optional; no other field may appear.
"""
from manila_locks.api.schemas import responses as common
from manila_locks.api.schemas.responses import closed_object

_STRING = {'type': 'string'}
_BOOL = {'type': 'boolean'}
_TEXT = common.NULLABLE_STRING
_STRING_MAP = {'type': 'object', 'additionalProperties': _STRING}

SHARE_SUMMARY = closed_object({'id': _STRING, 'name': _TEXT,
                               'links': common.LINKS})

# The fields of a share at 2.0; later microversions add the others (a
# request without a version header is answered at 2.0).
_SHARE_BASE = {
    'id': _STRING, 'size': {'type': 'integer', 'minimum': 1},
    'availability_zone': _TEXT, 'created_at': common.TIMESTAMP,
    'status': _STRING, 'name': _TEXT, 'description': _TEXT,
    'project_id': _STRING, 'snapshot_id': _TEXT, 'share_network_id': _TEXT,
    'share_proto': _STRING, 'metadata': _STRING_MAP,
    'share_type': _STRING, 'volume_type': _STRING, 'links': common.LINKS,
    'is_public': _BOOL,
}
_SHARE_LATER = {
    # Below 2.9 only.
    'export_location': _TEXT,
    'export_locations': {'type': 'array', 'items': _STRING},
    'snapshot_support': _BOOL, 'task_state': _TEXT,
    'share_type_name': _STRING, 'access_rules_status': _STRING,
    'replication_type': _TEXT, 'has_replicas': _BOOL, 'user_id': _TEXT,
    'create_share_from_snapshot_support': _BOOL,
    'revert_to_snapshot_support': _BOOL, 'share_group_id': _TEXT,
    'source_share_group_snapshot_member_id': _TEXT,
    'mount_snapshot_support': _BOOL, 'progress': _STRING,
    'is_soft_deleted': _BOOL,
    'scheduled_to_be_deleted_at': common.NULLABLE_TIMESTAMP,
    'source_backup_id': _TEXT, 'encryption_key_ref': _TEXT,
    # Administrators only.
    'host': _TEXT, 'share_server_id': _TEXT,
}
SHARE_DETAIL = closed_object(dict(_SHARE_BASE, **_SHARE_LATER),
                             optional=_SHARE_LATER)
SHARE = closed_object({'share': SHARE_DETAIL})


def _share_list(item):
    return closed_object({'shares': {'type': 'array', 'items': item},
                          'count': {'type': 'integer', 'minimum': 0},
                          'shares_links': common.NEXT_LINKS},
                         optional=('count', 'shares_links'))


SHARES = _share_list(SHARE_SUMMARY)
SHARES_DETAIL = _share_list(SHARE_DETAIL)

# access_key from 2.21, timestamps from 2.33, metadata from 2.45; share_id
# only on a single rule.
ACCESS_RULE_FIELDS = closed_object({
    'id': _STRING, 'share_id': _STRING,
    'access_level': {'type': 'string', 'enum': ['rw', 'ro']},
    'access_to': _STRING, 'access_type': _STRING, 'state': _STRING,
    'access_key': _TEXT, 'created_at': common.TIMESTAMP,
    'updated_at': common.NULLABLE_TIMESTAMP, 'metadata': _STRING_MAP,
}, optional=('share_id', 'access_key', 'created_at', 'updated_at',
             'metadata'))
ACCESS_RULE = closed_object({'access': ACCESS_RULE_FIELDS})
ACCESS_LIST = closed_object({'access_list': {'type': 'array',
                                             'items': ACCESS_RULE_FIELDS}})
RULE_METADATA = closed_object({'metadata': _STRING_MAP})

_SPEC_MAP = {'type': 'object',
             'additionalProperties': {'type': ['string', 'boolean']}}
SHARE_TYPE_FIELDS = closed_object({
    'id': _STRING, 'name': _STRING, 'extra_specs': _SPEC_MAP,
    'required_extra_specs': _SPEC_MAP,
    'share_type_access:is_public': _BOOL,
    'os-share-type-access:is_public': _BOOL,
    'description': _TEXT, 'is_default': _BOOL,
}, optional=('share_type_access:is_public',
             'os-share-type-access:is_public', 'description', 'is_default'))
SHARE_TYPE = closed_object({'share_type': SHARE_TYPE_FIELDS,
                            'volume_type': SHARE_TYPE_FIELDS})
_TYPE_LIST = {'type': 'array', 'items': SHARE_TYPE_FIELDS}
SHARE_TYPES = closed_object({'share_types': _TYPE_LIST,
                             'volume_types': _TYPE_LIST})
SHARE_TYPE_ACCESS = closed_object({'share_type_access': {
    'type': 'array', 'items': closed_object({'share_type_id': _STRING,
                                             'project_id': _STRING})}})
EXTRA_SPECS = closed_object({'extra_specs': _STRING_MAP})
# GET/PUT /types/{id}/extra_specs/{key}: {key: value}, one key.
ONE_EXTRA_SPEC = {'type': 'object', 'additionalProperties': _STRING,
                  'minProperties': 1, 'maxProperties': 1}

SHARE_METADATA = closed_object({'metadata': _STRING_MAP})
# GET /shares/{id}/metadata/{key}: {"meta": {key: value}}, one key.
SHARE_METADATA_ITEM = closed_object({'meta': {
    'type': 'object', 'additionalProperties': _STRING,
    'minProperties': 1, 'maxProperties': 1}})

# One instance per share here (the share's id); fields per Manila's
# share instance view, the later ones optional.
_INSTANCE_LATER = {
    'export_location': _TEXT,                       # below 2.9
    'export_locations': {'type': 'array', 'items': _STRING},
    'access_rules_status': _STRING, 'replica_state': _TEXT,
    'share_type_id': _STRING, 'cast_rules_to_readonly': _BOOL,
    'progress': _STRING, 'updated_at': common.NULLABLE_TIMESTAMP,
}
SHARE_INSTANCE_FIELDS = closed_object(dict({
    'id': _STRING, 'share_id': _STRING, 'availability_zone': _TEXT,
    'created_at': common.TIMESTAMP, 'host': _TEXT, 'status': _STRING,
    'share_network_id': _TEXT, 'share_server_id': _TEXT,
}, **_INSTANCE_LATER), optional=_INSTANCE_LATER)
SHARE_INSTANCE = closed_object({'share_instance': SHARE_INSTANCE_FIELDS})
SHARE_INSTANCES = closed_object({'share_instances': {
    'type': 'array', 'items': SHARE_INSTANCE_FIELDS}})

EXPORT_LOCATION_FIELDS = closed_object({
    'id': _STRING, 'path': _STRING, 'preferred': _BOOL,
    'metadata': {'type': 'object'},
    'share_instance_id': _STRING, 'is_admin_only': _BOOL,
    'created_at': common.TIMESTAMP,
    'updated_at': common.NULLABLE_TIMESTAMP,
}, optional=('share_instance_id', 'is_admin_only', 'created_at',
             'updated_at'))
EXPORT_LOCATION = closed_object({'export_location': EXPORT_LOCATION_FIELDS})
EXPORT_LOCATIONS = closed_object({'export_locations': {
    'type': 'array', 'items': EXPORT_LOCATION_FIELDS}})

VERSIONS = closed_object({'versions': {'type': 'array', 'items': {
    'type': 'object', 'required': ['id', 'status', 'version',
                                   'min_version', 'links']}}})

# Share transfers (2.77).
_TRANSFER_SUMMARY_FIELDS = {'id': _STRING, 'name': _TEXT,
                            'resource_type': _STRING,
                            'resource_id': _STRING, 'links': common.LINKS}
_TRANSFER_DETAIL_FIELDS = dict(
    _TRANSFER_SUMMARY_FIELDS, created_at=common.TIMESTAMP,
    source_project_id=_STRING, destination_project_id=_TEXT,
    accepted=_BOOL, expires_at=common.TIMESTAMP)
TRANSFER_CREATED = closed_object({'transfer': closed_object(dict(
    _TRANSFER_DETAIL_FIELDS, auth_key=_STRING))})
TRANSFER = closed_object({'transfer': closed_object(_TRANSFER_DETAIL_FIELDS)})


def _transfer_list(item):
    return closed_object({
        'transfers': {'type': 'array', 'items': closed_object(item)},
        'transfers_links': common.NEXT_LINKS,
    }, optional=('transfers_links',))


TRANSFERS = _transfer_list(_TRANSFER_SUMMARY_FIELDS)
TRANSFERS_DETAIL = _transfer_list(_TRANSFER_DETAIL_FIELDS)
