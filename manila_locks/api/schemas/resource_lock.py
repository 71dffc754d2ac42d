"""JSON schemas of /resource-locks request bodies."""
from manila_locks.core import retention as retention_rules
from manila_locks.core import vocabulary as v

_reason = {'type': ['string', 'null'], 'maxLength': v.MAX_REASON_LENGTH}

create = {
    'type': 'object',
    'properties': {
        'resource_lock': {
            'type': 'object',
            'properties': {
                'resource_id': {'type': 'string', 'format': 'uuid'},
                'resource_type': {'type': ['string', 'null'],
                                  'enum': list(v.RESOURCE_TYPES) + [None]},
                'resource_action': {'type': ['string', 'null'],
                                    'enum': list(v.ACTIONS) + [None]},
                'lock_reason': _reason,
            },
            'required': ['resource_id'],
            'additionalProperties': False,
        },
    },
    'required': ['resource_lock'],
}

update = {
    'type': 'object',
    'properties': {
        'resource_lock': {
            'type': 'object',
            'properties': {
                'resource_action': {'type': ['string', 'null'],
                                    'enum': list(v.ACTIONS) + [None]},
                'lock_reason': _reason,
            },
            'additionalProperties': False,
        },
    },
    'required': ['resource_lock'],
}

# The /retention and /legal-hold sub-resources of a lock: keys that the
# lock body itself never takes (see api-ref, "Lock lifetimes").
_expires_at = {'type': 'string', 'minLength': 1, 'maxLength': 64}

retention = {
    'type': 'object',
    'properties': {
        'retention': {
            'type': 'object',
            'properties': {
                'expires_at': _expires_at,
                'duration': {'type': 'integer', 'minimum': 1,
                             'maximum': retention_rules.MAX_DURATION},
                'mode': {'type': ['string', 'null'],
                         'enum': list(retention_rules.MODES) + [None]},
            },
            'additionalProperties': False,
        },
    },
    'required': ['retention'],
}

legal_hold = {
    'type': 'object',
    'properties': {
        'legal_hold': {
            'type': 'object',
            'properties': {'reason': _reason},
            'additionalProperties': False,
        },
    },
    'required': ['legal_hold'],
}
