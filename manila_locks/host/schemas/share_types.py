"""JSON schemas of share type request bodies. Extra spec keys and values
are checked by manila_locks.host.extra_specs, with Manila's messages."""
import functools

from manila_locks.api import validation

_EMPTY = 'Request body empty'
BAD_NAME = 'Type name or description is not valid.'
NAME_MAX = 255
DESCRIPTION_VERSION = '2.41'
_NO_DESCRIPTION = (
    "'description' key is not supported by this microversion. Use 2.41 "
    "or greater microversion to be able to use 'description' in share "
    "type.")
# Text with a character other than whitespace (str.isspace's).
_NOT_BLANK = r'\S'

_is_public = {'type': ['boolean', 'string']}
_ACCESS = 'share_type_access:is_public'
_OS_ACCESS = 'os-share-type-access:is_public'

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


def _create(description):
    return {
        'type': 'object',
        'properties': {
            'name': {'type': 'string', 'pattern': _NOT_BLANK,
                     'maxLength': NAME_MAX,
                     validation.MESSAGES: {'pattern': BAD_NAME,
                                           'maxLength': BAD_NAME}},
            'description': description,
            'extra_specs': {'type': 'object'},
            _ACCESS: validation.lenient_bool(_is_public['type'], _ACCESS),
            _OS_ACCESS: _is_public,
        },
        'required': ['name'],
        # The older spelling is read only when the newer one is absent.
        'if': {'required': [_ACCESS]},
        'else': {'properties': {
            _OS_ACCESS: validation.lenient_bool(_is_public['type'],
                                                _OS_ACCESS)}},
    }


# Before 2.41 a type has no description: any text is refused.
create_before_description = _create({
    'type': ['string', 'null'], 'not': {'type': 'string'},
    validation.MESSAGES: {'not': _NO_DESCRIPTION}})
create = _create({
    'type': ['string', 'null'], 'maxLength': NAME_MAX,
    validation.MESSAGES: {'maxLength': BAD_NAME}})


def create_of(req):
    """The schema of the request's share type create body."""
    return (create if req.at_least(DESCRIPTION_VERSION)
            else create_before_description)


def _too_long(what):
    return ('Share type %s cannot be greater than %d characters in length.'
            % (what, NAME_MAX))


# A null field changes nothing. 'pattern' is listed before 'maxLength':
# a long blank name is refused as empty, as Manila refuses it.
update = {
    'type': 'object',
    'properties': {
        'name': {'type': ['string', 'null'], 'pattern': _NOT_BLANK,
                 'maxLength': NAME_MAX,
                 validation.MESSAGES: {
                     'pattern': 'Share type name cannot be empty.',
                     'maxLength': _too_long('name')}},
        'description': {'type': ['string', 'null'], 'maxLength': NAME_MAX,
                        validation.MESSAGES: {
                            'maxLength': _too_long('description')}},
        _ACCESS: dict(_is_public, pattern=validation.BOOL_STRING, **{
            validation.MESSAGES: {
                'pattern': '%s has a non-boolean value.' % _ACCESS}}),
    },
}

extra_specs = {
    'type': 'object',
    'properties': {'extra_specs': {
        'type': 'object', 'minProperties': 1,
        validation.MESSAGES: {'minProperties': _EMPTY}}},
    'required': ['extra_specs'],
}


# The key comes from the URL: a bounded cache, so that api/validation
# finds the same schema object (and its validator) for a key used again.
@functools.lru_cache(maxsize=64)
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
