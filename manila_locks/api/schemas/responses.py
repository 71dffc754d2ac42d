"""JSON schemas of what the /resource-locks extension answers, and of the
fault body every endpoint answers with. They feed the OpenAPI document
(manila_locks.api.openapi) and the fuzz run checks responses against them.
"""
from manila_locks.api import faults
from manila_locks.core import history
from manila_locks.core import retention
from manila_locks.core import vocabulary as v

TIMESTAMP = {'type': 'string',
             'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$'}
NULLABLE_TIMESTAMP = {'anyOf': [TIMESTAMP, {'type': 'null'}]}
NULLABLE_STRING = {'type': ['string', 'null']}


def closed_object(properties, optional=()):
    """An object with exactly `properties`; the keys in `optional` may be
    missing (admin-only fields, for instance)."""
    return {'type': 'object', 'properties': properties,
            'required': sorted(set(properties) - set(optional)),
            'additionalProperties': False}


LINK = closed_object({'rel': {'type': 'string'},
                      'href': {'type': 'string'}})
LINKS = {'type': 'array', 'items': LINK}
# A page's "next" link is written only when the page is full.
NEXT_LINKS = {'type': 'array', 'items': LINK, 'maxItems': 1}

_FAULT_BODY = closed_object({'code': {'type': 'integer'},
                             'message': {'type': 'string'}})
# {"itemNotFound": {"code": 404, "message": "..."}}: exactly one key.
FAULT = {'type': 'object',
         'properties': {
             name: _FAULT_BODY for name in sorted(
                 set(faults.FAULT_NAMES.values()) | {'computeFault'})},
         'minProperties': 1, 'maxProperties': 1,
         'additionalProperties': False}

RESOURCE_LOCK_FIELDS = closed_object({
    'id': {'type': 'string', 'format': 'uuid'},
    'user_id': {'type': 'string'},
    'project_id': {'type': 'string'},
    'lock_context': {'type': 'string', 'enum': list(v.LOCK_CONTEXTS)},
    'resource_type': {'type': 'string', 'enum': list(v.RESOURCE_TYPES)},
    'resource_id': {'type': 'string'},
    'resource_action': {'type': 'string', 'enum': list(v.ACTIONS)},
    'lock_reason': {'type': ['string', 'null'],
                    'maxLength': v.MAX_REASON_LENGTH},
    'created_at': TIMESTAMP,
    'updated_at': NULLABLE_TIMESTAMP,
    'links': LINKS,
})

RESOURCE_LOCK = closed_object({'resource_lock': RESOURCE_LOCK_FIELDS})

_ID = {'type': 'string'}
_NULLABLE_ID = NULLABLE_STRING
_SNAPSHOT = {'anyOf': [{'type': 'null'}, {
    'type': 'object',
    'properties': {'resource_action': {'type': 'string',
                                       'enum': list(v.ACTIONS)},
                   'lock_reason': {'type': ['string', 'null']},
                   # A change of the lock's lifetime (its sub-resources).
                   'expires_at': NULLABLE_STRING,
                   'retention_mode': {'type': ['string', 'null'],
                                      'enum': list(retention.MODES) + [None]},
                   'legal_hold': {'type': 'boolean'},
                   'legal_hold_reason': NULLABLE_STRING},
    'additionalProperties': False}]}

RESOURCE_LOCK_EVENT_FIELDS = closed_object({
    'id': {'type': 'string', 'format': 'uuid'},
    'created_at': TIMESTAMP,
    'event': {'type': 'string', 'enum': list(history.EVENTS)},
    'operation': NULLABLE_STRING,
    'lock_id': {'type': 'string', 'format': 'uuid'},
    'lock_user_id': _ID,
    'lock_project_id': _ID,
    'lock_context': {'type': 'string', 'enum': list(v.LOCK_CONTEXTS)},
    'resource_project_id': _ID,
    'resource_id': _ID,
    'resource_type': {'type': 'string', 'enum': list(v.RESOURCE_TYPES)},
    'resource_action': {'type': 'string', 'enum': list(v.ACTIONS)},
    'user_id': _NULLABLE_ID,
    'project_id': _NULLABLE_ID,
    'requester_context': {'type': ['string', 'null'],
                          'enum': list(v.LOCK_CONTEXTS) + [None]},
    'service_user_id': _NULLABLE_ID,
    'service_project_id': _NULLABLE_ID,
    'request_id': _NULLABLE_ID,
    'global_request_id': _NULLABLE_ID,
    'before': _SNAPSHOT,
    'after': _SNAPSHOT,
    'links': LINKS,
})

RESOURCE_LOCK_EVENT = closed_object(
    {'resource_lock_event': RESOURCE_LOCK_EVENT_FIELDS})

RESOURCE_LOCK_EVENTS = closed_object({
    'resource_lock_events': {'type': 'array',
                             'items': RESOURCE_LOCK_EVENT_FIELDS},
    'resource_lock_events_links': NEXT_LINKS,
}, optional=('resource_lock_events_links',))

RESOURCE_LOCKS = closed_object({
    'resource_locks': {'type': 'array', 'items': RESOURCE_LOCK_FIELDS},
    'count': {'type': 'integer', 'minimum': 0},
    'resource_locks_links': NEXT_LINKS,
}, optional=('count', 'resource_locks_links'))

RETENTION = closed_object({'retention': closed_object({
    'lock_id': {'type': 'string', 'format': 'uuid'},
    'expires_at': NULLABLE_TIMESTAMP,
    'mode': {'type': ['string', 'null'],
             'enum': list(retention.MODES) + [None]},
    'binding_from': NULLABLE_TIMESTAMP,
})})

LEGAL_HOLD = closed_object({'legal_hold': closed_object({
    'lock_id': {'type': 'string', 'format': 'uuid'},
    'held': {'type': 'boolean'},
    'held_since': NULLABLE_TIMESTAMP,
    'reason': {'type': ['string', 'null'], 'maxLength': v.MAX_REASON_LENGTH},
    'user_id': NULLABLE_STRING,
})})
