"""JSON schemas of share request bodies. Checks whose message Manila words
its own way (size, name length, metadata, is_public) are in the handler."""

PROTOCOLS = ['NFS', 'CIFS', 'GLUSTERFS', 'HDFS', 'CEPHFS', 'MAPRFS']
# Sizes are GiB in a 32-bit signed column on every backend.
MAX_SIZE = 2 ** 31 - 1
DISPLAY_MAX = 255

_text = {'type': ['string', 'null']}
_id = {'type': ['string', 'null'], 'maxLength': 255}
METADATA_KEY_MAX = 255
METADATA_VALUE_MAX = 1023
# Metadata of other resources (access rules) is checked by this schema;
# share create checks its own with Manila's messages.
metadata = {
    'type': 'object',
    'propertyNames': {'minLength': 1, 'maxLength': METADATA_KEY_MAX},
    'additionalProperties': {'type': 'string', 'minLength': 1,
                             'maxLength': METADATA_VALUE_MAX},
}

create = {
    'type': 'object',
    'properties': {
        'share_proto': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'size': {'type': ['integer', 'string', 'null']},
        'name': _text, 'display_name': _text,
        'description': _text, 'display_description': _text,
        'share_type': _id, 'volume_type': _id,
        'availability_zone': _id,
        'metadata': {'type': ['object', 'null']},
        'is_public': {'type': ['boolean', 'string', 'null']},
        'snapshot_id': _id, 'share_network_id': _id, 'share_group_id': _id,
        'scheduler_hints': {'type': ['object', 'null']},
        'mount_point_name': {'type': ['string', 'null'],
                             'maxLength': DISPLAY_MAX},
        'encryption_key_ref': _id,
    },
    'required': ['share_proto'],
}

update = {
    'type': 'object',
    'properties': {
        'display_name': _text, 'display_description': _text,
        'is_public': {'type': ['boolean', 'string']},
    },
}

reset_status = {
    'type': 'object',
    'properties': {'status': {'type': 'string', 'maxLength': 255}},
    'required': ['status'],
}

# reset_task_state: checked by hand (share_actions, share_service.TASK_STATES),
# with Manila's messages; this documents it.
reset_task_state = {
    'type': 'object',
    'properties': {'task_state': {'type': ['string', 'null']}},
    'required': ['task_state'],
}

# Share metadata bodies (PUT and POST /shares/{id}/metadata): checked by
# hand (metadata_limits), with Manila's messages; this documents them.
metadata = {
    'type': 'object',
    'properties': {'metadata': {
        'type': 'object',
        'propertyNames': {'minLength': 1, 'maxLength': 255},
        'additionalProperties': {'type': 'string', 'minLength': 1,
                                 'maxLength': 1023}}},
    'required': ['metadata'],
}

# migration_start: the flags Manila requires from 2.29, and its optional
# one, each a boolean or a boolean string.
MIGRATION_FLAGS = ('writable', 'preserve_metadata', 'preserve_snapshots',
                   'nondisruptive', 'force_host_assisted_migration')
migration_start = {
    'type': 'object',
    'properties': dict(
        {'host': {'type': 'string', 'minLength': 1, 'maxLength': 255},
         'new_share_type_id': _id, 'new_share_network_id': _id},
        **{name: {'type': ['boolean', 'string']}
           for name in MIGRATION_FLAGS}),
    'required': ['host', 'writable', 'preserve_metadata',
                 'preserve_snapshots', 'nondisruptive'],
    'additionalProperties': False,
}
