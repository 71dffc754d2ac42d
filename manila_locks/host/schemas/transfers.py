"""JSON schemas of share transfer request bodies (2.77)."""
from manila_locks.api import validation

create = {
    'type': 'object',
    'properties': {
        'transfer': {
            'type': 'object',
            'properties': {
                'share_id': {
                    'type': 'string', 'minLength': 1, 'maxLength': 36,
                    'format': 'uuid', validation.MESSAGES: {
                        'format': "The 'share_id' attribute must be a "
                                  "uuid."}},
                'name': {'type': ['string', 'null'], 'maxLength': 255},
            },
            'required': ['share_id'],
        },
    },
    'required': ['transfer'],
}

# Manila reads clear_access_rules with oslo's bool_from_string, so the
# usual strings are accepted besides booleans (handlers/transfers.py).
accept = {
    'type': 'object',
    'properties': {
        'accept': {
            'type': 'object',
            'properties': {
                'auth_key': {'type': 'string', 'minLength': 1,
                             'maxLength': 255},
                'clear_access_rules': {
                    'type': ['boolean', 'string', 'integer', 'null']},
            },
            'required': ['auth_key'],
        },
    },
    'required': ['accept'],
}
