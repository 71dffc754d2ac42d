"""JSON schemas of share request bodies."""

PROTOCOLS = ['NFS', 'CIFS', 'GLUSTERFS', 'HDFS', 'CEPHFS', 'MAPRFS']
MAX_SIZE = 2 ** 31 - 1

_name = {'type': ['string', 'null'], 'maxLength': 255}
_metadata = {
    'type': 'object',
    'propertyNames': {'minLength': 1, 'maxLength': 255},
    'additionalProperties': {'type': 'string', 'minLength': 1,
                             'maxLength': 1023},
}
_size = {'type': ['integer', 'string'], 'pattern': r'^\s*\d{1,10}\s*$',
         'minimum': 1, 'maximum': MAX_SIZE}

create = {
    'type': 'object',
    'properties': {
        'share': {
            'type': 'object',
            'properties': {
                'share_proto': {'type': 'string', 'minLength': 1,
                                'maxLength': 255},
                'size': _size,
                'name': _name, 'display_name': _name,
                'description': _name, 'display_description': _name,
                'share_type': {'type': ['string', 'null'], 'maxLength': 255},
                'volume_type': {'type': ['string', 'null'],
                                'maxLength': 255},
                'availability_zone': {'type': ['string', 'null'],
                                      'maxLength': 255},
                'metadata': {'anyOf': [_metadata, {'type': 'null'}]},
                'is_public': {'type': ['boolean', 'string', 'null']},
                'snapshot_id': {'type': ['string', 'null']},
                'share_network_id': {'type': ['string', 'null']},
                'share_group_id': {'type': ['string', 'null']},
                'scheduler_hints': {'type': ['object', 'null']},
                'mount_point_name': {'type': ['string', 'null'],
                                     'maxLength': 255},
            },
            'required': ['share_proto', 'size'],
        },
    },
    'required': ['share'],
}

update = {
    'type': 'object',
    'properties': {
        'share': {
            'type': 'object',
            'properties': {
                'display_name': _name, 'display_description': _name,
                'name': _name, 'description': _name,
                'is_public': {'type': ['boolean', 'string']},
            },
        },
    },
    'required': ['share'],
}
