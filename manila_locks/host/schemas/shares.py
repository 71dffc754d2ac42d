"""JSON schemas of share request bodies: the handlers validate with them,
Manila's own wording given by validation.MESSAGES. Checks against limits
from the configuration or the values of a size (host/handlers/body_fields,
host/metadata_limits) follow the schema."""
from manila_locks.api import validation

MALFORMED = 'Malformed request body'
NEW_SIZE = 'New share size must be specified as an integer.'

PROTOCOLS = ['NFS', 'CIFS', 'GLUSTERFS', 'HDFS', 'CEPHFS', 'MAPRFS']
# Sizes are GiB in a 32-bit signed column on every backend.
MAX_SIZE = 2 ** 31 - 1
DISPLAY_MAX = 255

_text = {'type': ['string', 'null']}
_id = {'type': ['string', 'null'], 'maxLength': 255}
METADATA_KEY_MAX = 255
METADATA_VALUE_MAX = 1023


def _display(message_name):
    """A name or description, refused past DISPLAY_MAX characters with
    Manila's message, which names the field `message_name`."""
    return {'type': ['string', 'null'], 'maxLength': DISPLAY_MAX,
            validation.MESSAGES: {
                'maxLength': '%s can only be %d characters long.'
                             % (message_name, DISPLAY_MAX)}}


def _display_fallback(api_name, db_name):
    """Create takes `db_name` (display_name) only when `api_name` (name)
    is missing, null or empty; only then is its length checked, and the
    message names `api_name`, as Manila's does."""
    return {'if': {'properties': {api_name: {'type': 'string',
                                             'minLength': 1}},
                   'required': [api_name]},
            'else': {'properties': {db_name: _display(api_name)}}}


create = {
    'type': 'object',
    'properties': {
        'share_proto': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'size': {'type': ['integer', 'string', 'null']},
        'name': _display('name'), 'display_name': _text,
        'description': _display('description'),
        'display_description': _text,
        'share_type': _id, 'volume_type': _id,
        'availability_zone': _id,
        'metadata': {'type': ['object', 'null']},
        'is_public': validation.lenient_bool(['boolean', 'string', 'null'],
                                             'is_public'),
        'snapshot_id': _id, 'share_network_id': _id, 'share_group_id': _id,
        'scheduler_hints': {'type': ['object', 'null']},
        'mount_point_name': {'type': ['string', 'null'],
                             'maxLength': DISPLAY_MAX},
        'encryption_key_ref': _id,
    },
    'required': ['share_proto'],
    'allOf': [_display_fallback('name', 'display_name'),
              _display_fallback('description', 'display_description')],
}

update = {
    'type': 'object',
    'properties': {
        'display_name': _display('display_name'),
        'display_description': _display('display_description'),
        'is_public': validation.lenient_bool(['boolean', 'string'],
                                             'is_public'),
    },
}

# The bodies the handlers validate: the share object under 'share'.
create_body = {'type': 'object', 'properties': {'share': create}}
update_body = {'type': 'object', 'properties': {'share': update}}

_MUST_STATUS = "Must specify 'status'"
reset_status = {
    'type': 'object',
    'properties': {'status': {'type': 'string', 'maxLength': 255}},
    'required': ['status'],
    validation.MESSAGES: {'type': _MUST_STATUS, 'required': _MUST_STATUS},
}

# The value is one of share_service.TASK_STATES (null among them), which
# the service checks with Manila's message.
_MUST_TASK_STATE = "Must specify 'task_state'"
reset_task_state = {
    'type': 'object',
    'properties': {'task_state': {
        'description': 'A task state, or null to clear it.'}},
    'required': ['task_state'],
    validation.MESSAGES: {'type': _MUST_TASK_STATE,
                          'required': _MUST_TASK_STATE},
}

# extend and shrink. The size's value (digits, at least 1, at most
# MAX_SIZE) is checked by body_fields.size_param, as share create's is.
resize = {
    'type': 'object',
    'properties': {
        'new_size': {'type': ['integer', 'string'],
                     validation.MESSAGES: {'type': NEW_SIZE}},
        'force': {'description': 'extend, 2.64 and later: a boolean, or a '
                                 'string oslo reads as one.'},
    },
    'required': ['new_size'],
    validation.MESSAGES: {'type': NEW_SIZE, 'required': NEW_SIZE},
}

# extend from 2.64, when Manila reads its force flag.
EXTEND_FORCE = '2.64'
extend = dict(resize, properties=dict(resize['properties'],
                                      force=dict(validation.any_bool('force'),
                                                 description='A boolean, or '
                                                 'a value oslo reads as '
                                                 'one.')))


def resize_of(req):
    """The schema of the request's extend body."""
    return extend if req.at_least(EXTEND_FORCE) else resize


# Share metadata bodies (PUT and POST /shares/{id}/metadata). Key and value
# lengths and the item count are checked against the configuration by
# metadata_limits, with Manila's messages.
metadata = {
    'type': 'object',
    'properties': {'metadata': {
        'type': 'object', validation.MESSAGES: {'type': MALFORMED}}},
    'required': ['metadata'],
    validation.MESSAGES: {'required': MALFORMED},
}

# POST .../metadata/{key}: {"metadata": {...}}, or {"meta": {...}} when
# there is no 'metadata' key. Whether it holds just the URL's key is
# checked after metadata_limits, so that a bad key or value is refused
# first.
_items = {'type': 'object', validation.MESSAGES: {'type': MALFORMED}}
metadata_item = {
    'type': 'object',
    'if': {'required': ['metadata']},
    'then': {'properties': {'metadata': _items}},
    'else': {'properties': {'meta': _items}, 'required': ['meta'],
             validation.MESSAGES: {'required': MALFORMED}},
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
        **{name: validation.lenient_bool(['boolean', 'string'], name)
           for name in MIGRATION_FLAGS}),
    'required': ['host', 'writable', 'preserve_metadata',
                 'preserve_snapshots', 'nondisruptive'],
    'additionalProperties': False,
    validation.MESSAGES: {'type': MALFORMED},
}
