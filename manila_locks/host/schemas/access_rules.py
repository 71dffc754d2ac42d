"""Request bodies and values of access rules, per microversion.

Manila reads the allow_access lock flags by truthiness (the string "false"
locks); here they must be JSON booleans. Keys a version does not know are
ignored, as Manila ignores them.
"""
import ipaddress
import re
import string

from manila_locks.core import exception
from manila_locks.core import vocabulary as v

ACCESS_LEVELS = ('rw', 'ro')

# access_to of 'user' rules: 4 to 255 characters, none of these.
_USER_RE = re.compile(r'^[^"/\\\[\]:;|=,+*?<>]{4,255}$')
_MAX_CN = 64

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
    properties = {
        'access_type': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'access_to': {'type': 'string', 'maxLength': 255},
        'access_level': _level,
    }
    if req.at_least('2.45'):
        properties['metadata'] = {'anyOf': [metadata,
                                            {'type': 'null'}]}
    if req.at_least('2.82'):
        properties['lock_visibility'] = {'type': 'boolean'}
        properties['lock_deletion'] = {'type': 'boolean'}
        properties['lock_reason'] = _reason
    return {'type': 'object', 'properties': properties,
            'required': ['access_type', 'access_to']}


def deny(req):
    properties = {'access_id': {'type': 'string', 'minLength': 1,
                                'maxLength': 255}}
    if req.at_least('2.82'):
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


def check_access_type(req, access_type):
    allowed = access_types(req)
    if access_type not in allowed:
        raise exception.Invalid(
            "Access type '%s' is not supported. Supported: %s."
            % (access_type, ', '.join(allowed)))


def check_access_to(req, access_type, access_to):
    """Raise Invalid unless `access_to` is well formed for `access_type`."""
    check_access_type(req, access_type)
    {'ip': _check_ip, 'user': _check_user, 'cert': _check_cert,
     'cephx': _check_cephx}[access_type](req, access_to)


def _check_ip(req, access_to):
    # Before 2.38 only IPv4. Host bits must be zero (10.0.0.0/24, not
    # 10.0.0.5/24), as in Manila.
    parse = ipaddress.ip_network if req.at_least('2.38') else (
        ipaddress.IPv4Network)
    try:
        parse(access_to)
    except ValueError as error:
        family = 'IPv4 or IPv6' if req.at_least('2.38') else 'IPv4'
        raise exception.Invalid("Invalid ip access_to '%s': an %s address "
                                "or CIDR is required (%s)."
                                % (access_to, family, error))


def _check_user(req, access_to):
    if not access_to.strip(' .'):
        raise exception.Invalid('Invalid user or group name: it cannot '
                                'consist solely of periods or spaces.')
    if not _USER_RE.match(access_to):
        raise exception.Invalid(
            'Invalid user or group name %r: it must be 4 to 255 characters '
            'long and contain none of " / \\ [ ] : ; | = , + * ? < >.'
            % access_to)


def _check_cert(req, access_to):
    if not 1 <= len(access_to.strip()) <= _MAX_CN:
        raise exception.Invalid('Invalid certificate common name: it must '
                                'be 1 to %d characters long.' % _MAX_CN)


def _check_cephx(req, access_to):
    if not access_to:
        raise exception.Invalid('Ceph IDs may not be empty.')
    if not set(access_to) <= set(string.printable) or (
            set(access_to) & set(string.whitespace) - {' '}):
        raise exception.Invalid('Ceph IDs must consist of printable ASCII '
                                'characters.')
    if '.' in access_to:
        # Periods would let users write "client.foo" and get
        # "client.client.foo".
        raise exception.Invalid('Ceph IDs may not contain periods; give the '
                                'ID without the "client." prefix.')
