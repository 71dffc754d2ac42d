"""Who an access rule may grant access to: the access types and the form
of `access_to` each takes, with Manila's checks and wording. Which types
and address families a request may use depends on its microversion; the
caller says (host/schemas/access_rules.py)."""
import ipaddress
import re
import string

from manila_locks.core import exception

# access_to of 'user' rules: 4 to 255 characters, none of these.
_USER_RE = re.compile(r'^[^"/\\\[\]:;|=,+*?<>]{4,255}$')
_MAX_CN = 64


def check_type(access_type, allowed):
    if access_type not in allowed:
        raise exception.Invalid(
            "Access type '%s' is not supported. Supported: %s."
            % (access_type, ', '.join(allowed)))


def check(access_type, access_to, allowed, ipv6):
    """Raise Invalid unless `access_type` is one of `allowed` and
    `access_to` is well formed for it (`ipv6`: IPv6 addresses too)."""
    check_type(access_type, allowed)
    if access_type == 'ip':
        _check_ip(access_to, ipv6)
    else:
        {'user': _check_user, 'cert': _check_cert,
         'cephx': _check_cephx}[access_type](access_to)


def _check_ip(access_to, ipv6):
    # Host bits must be zero (10.0.0.0/24, not 10.0.0.5/24), as in Manila.
    parse = ipaddress.ip_network if ipv6 else ipaddress.IPv4Network
    try:
        parse(access_to)
    except ValueError as error:
        family = 'IPv4 or IPv6' if ipv6 else 'IPv4'
        raise exception.Invalid("Invalid ip access_to '%s': an %s address "
                                "or CIDR is required (%s)."
                                % (access_to, family, error))


def _check_user(access_to):
    if not access_to.strip(' .'):
        raise exception.Invalid('Invalid user or group name: it cannot '
                                'consist solely of periods or spaces.')
    if not _USER_RE.match(access_to):
        raise exception.Invalid(
            'Invalid user or group name %r: it must be 4 to 255 characters '
            'long and contain none of " / \\ [ ] : ; | = , + * ? < >.'
            % access_to)


def _check_cert(access_to):
    if not 1 <= len(access_to.strip()) <= _MAX_CN:
        raise exception.Invalid('Invalid certificate common name: it must '
                                'be 1 to %d characters long.' % _MAX_CN)


def _check_cephx(access_to):
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
