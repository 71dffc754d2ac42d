"""JSON schemas of /resource-locks request bodies."""
from manila_locks.api import validation
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
            # The lock's only changeable fields.
            'additionalProperties': False,
            validation.ONLY_KEYS_OF: 'resource_lock',
        },
    },
    'required': ['resource_lock'],
}
