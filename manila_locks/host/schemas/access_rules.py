"""Request bodies and values of access rules, per microversion.

Manila reads the allow_access lock flags by truthiness (the string "false"
locks); here they must be JSON booleans. Keys a version does not know are
ignored, as Manila ignores them.
"""
import functools

from manila_locks.core import vocabulary as v

ACCESS_LEVELS = ('rw', 'ro')

# Rule metadata follows share metadata: keys up to 255, values up to 1023.
metadata = {
    'type': 'object',
    'propertyNames': {'minLength': 1, 'maxLength': 255},
    'additionalProperties': {'type': 'string', 'minLength': 1,
                             'maxLength': 1023},
}
_level = {'type': ['string', 'null'], 'enum': list(ACCESS_LEVELS) + [None]}
_reason = {'type': ['string', 'null'], 'maxLength': v.MAX_REASON_LENGTH}


def allow(req):
    """The allow_access body schema at the request's version."""
    return _allow(req.at_least('2.45'), req.at_least('2.82'))


@functools.lru_cache(maxsize=None)
def _allow(with_metadata, with_locks):
    # One schema object per variant: api/validation builds its validator
    # once per schema object.
    properties = {
        'access_type': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'access_to': {'type': 'string', 'maxLength': 255},
        'access_level': _level,
    }
    if with_metadata:
        properties['metadata'] = {'anyOf': [metadata,
                                            {'type': 'null'}]}
    if with_locks:
        properties['lock_visibility'] = {'type': 'boolean'}
        properties['lock_deletion'] = {'type': 'boolean'}
        properties['lock_reason'] = _reason
    return {'type': 'object', 'properties': properties,
            'required': ['access_type', 'access_to']}


def deny(req):
    """The deny_access body schema at the request's version."""
    return _deny(req.at_least('2.82'))


@functools.lru_cache(maxsize=None)
def _deny(with_unrestrict):
    properties = {'access_id': {'type': 'string', 'minLength': 1,
                                'maxLength': 255}}
    if with_unrestrict:
        properties['unrestrict'] = {'type': 'boolean'}
    return {'type': 'object', 'properties': properties,
            'required': ['access_id']}


update = {
    'type': 'object',
    'properties': {
        'update_access': {
            'type': 'object',
            'properties': {'access_level': {'type': 'string',
                                            'enum': list(ACCESS_LEVELS)}},
            'required': ['access_level'],
            'additionalProperties': False,
        },
    },
    'required': ['update_access'],
}

set_metadata = {
    'type': 'object',
    'properties': {'metadata': metadata},
    'required': ['metadata'],
}


def access_types(req):
    """Access types a request may name: cephx came in 2.13."""
    if req.at_least('2.13'):
        return ('ip', 'user', 'cert', 'cephx')
    return ('ip', 'user', 'cert')


def ipv6(req):
    """Whether ip rules may name IPv6 addresses (2.38 and later)."""
    return req.at_least('2.38')
