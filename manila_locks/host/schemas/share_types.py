"""JSON schemas of share type request bodies. Extra spec keys and values
are checked by manila_locks.host.extra_specs, with Manila's messages."""
from manila_locks.api import validation

_EMPTY = 'Request body empty'

_is_public = {'type': ['boolean', 'string']}

# The body of create and update: {"share_type": {...}}, or the older
# {"volume_type": {...}} when there is no share_type key.
entity = {
    'type': 'object',
    'anyOf': [
        {'required': ['share_type'],
         'properties': {'share_type': {'type': 'object'}}},
        {'not': {'required': ['share_type']},
         'required': ['volume_type'],
         'properties': {'volume_type': {'type': 'object'}}},
    ],
    validation.MESSAGES: {'anyOf': "Malformed request body: a 'share_type' "
                                   "object is required."},
}

create = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string'},
        'description': {'type': ['string', 'null']},
        'extra_specs': {'type': 'object'},
        'share_type_access:is_public': _is_public,
        'os-share-type-access:is_public': _is_public,
    },
    'required': ['name'],
}

update = {
    'type': 'object',
    'properties': {
        'name': {'type': ['string', 'null']},
        'description': {'type': ['string', 'null']},
        'share_type_access:is_public': _is_public,
    },
}

extra_specs = {
    'type': 'object',
    'properties': {'extra_specs': {
        'type': 'object', 'minProperties': 1,
        validation.MESSAGES: {'minProperties': _EMPTY}}},
    'required': ['extra_specs'],
}


def one_extra_spec(key):
    """PUT .../extra_specs/{key}: the body {key: value}. The keywords are
    checked in this order, as Manila checks them."""
    return {
        'type': 'object',
        'minProperties': 1,
        'required': [key],
        'maxProperties': 1,
        validation.MESSAGES: {
            'minProperties': _EMPTY,
            'required': 'Request body and URI mismatch',
            'maxProperties': 'Request body contains too many items'},
    }


project_access = {
    'type': 'object',
    'properties': {'project': {'type': 'string', 'minLength': 1,
                               'maxLength': 255}},
    'required': ['project'],
}
