"""JSON schemas of what the collections manila-ui reads besides shares
answer: availability zones, limits, quota sets, user messages, and the
collections this service has none of (always empty: maxItems 0), for the
OpenAPI document (manila_locks.host.openapi)."""
from manila_locks.api.schemas import responses as common
from manila_locks.api.schemas.responses import closed_object
from manila_locks.host.views import limits as limits_view

_STRING = {'type': 'string'}

AVAILABILITY_ZONES = closed_object({'availability_zones': {
    'type': 'array', 'items': closed_object({
        'id': _STRING, 'name': _STRING, 'created_at': common.TIMESTAMP,
        'updated_at': common.NULLABLE_TIMESTAMP})}})

LIMITS = closed_object({'limits': closed_object({
    'rate': {'type': 'array', 'maxItems': 0},
    'absolute': closed_object(
        {key: {'type': 'integer', 'minimum': -1}
         for key in limits_view.KEYS}, optional=limits_view.KEYS),
})})

_POOL = {'name': _STRING, 'host': _STRING, 'backend': _STRING,
         'pool': _STRING}
POOLS = closed_object({'pools': {
    'type': 'array', 'items': closed_object(_POOL)}})
POOLS_DETAIL = closed_object({'pools': {
    'type': 'array', 'items': closed_object(dict(
        _POOL, capabilities={'type': 'object'}))}})

_QUOTA = {'type': 'integer', 'minimum': -1}
QUOTA_SET = closed_object({'quota_set': {
    'type': 'object', 'properties': {'id': _STRING}, 'required': ['id'],
    'additionalProperties': {'anyOf': [_QUOTA, closed_object({
        'limit': _QUOTA, 'in_use': {'type': 'integer', 'minimum': 0},
        'reserved': {'type': 'integer', 'enum': [0]}})]}}})

QUOTA_CLASS_SET = closed_object({'quota_class_set': {
    'type': 'object', 'properties': {'id': _STRING}, 'required': ['id'],
    'additionalProperties': _QUOTA}})

MESSAGE_FIELDS = closed_object({
    'id': _STRING, 'project_id': _STRING, 'action_id': _STRING,
    'detail_id': common.NULLABLE_STRING,
    'message_level': {'type': 'string', 'enum': ['ERROR']},
    'created_at': common.TIMESTAMP, 'expires_at': common.TIMESTAMP,
    'request_id': common.NULLABLE_STRING, 'links': common.LINKS,
    'resource_type': common.NULLABLE_STRING,
    'resource_id': common.NULLABLE_STRING, 'user_message': _STRING,
})
MESSAGE = closed_object({'message': MESSAGE_FIELDS})
MESSAGES = closed_object({
    'messages': {'type': 'array', 'items': MESSAGE_FIELDS},
    'messages_links': common.NEXT_LINKS,
}, optional=('messages_links',))

_NONE = {'type': 'array', 'maxItems': 0}
SNAPSHOTS = closed_object({'snapshots': _NONE,
                           'count': {'type': 'integer', 'enum': [0]}},
                          optional=('count',))


def none_of(key):
    """{key: []}: a collection this service never has an item of."""
    return closed_object({key: _NONE})
