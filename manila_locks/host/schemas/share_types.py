"""JSON schemas of share type request bodies. Extra spec keys and values
are checked by manila_locks.host.extra_specs, with Manila's messages."""

_is_public = {'type': ['boolean', 'string']}

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
    'properties': {'extra_specs': {'type': 'object'}},
    'required': ['extra_specs'],
}

project_access = {
    'type': 'object',
    'properties': {'project': {'type': 'string', 'minLength': 1,
                               'maxLength': 255}},
    'required': ['project'],
}
