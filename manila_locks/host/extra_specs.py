"""Share type extra specs: Manila's names, which ones tenants see, and how
their values are read and checked."""
import re

from manila_locks.core import exception

DHSS = 'driver_handles_share_servers'
SNAPSHOT_SUPPORT = 'snapshot_support'
CREATE_FROM_SNAPSHOT = 'create_share_from_snapshot_support'
REVERT_TO_SNAPSHOT = 'revert_to_snapshot_support'
MOUNT_SNAPSHOT = 'mount_snapshot_support'
MOUNT_POINT_NAME = 'mount_point_name_support'
SNAPSHOT_INHERIT_ACCESS = 'snapshot_inherit_share_access_support'
REPLICATION_TYPE = 'replication_type'
MAX_SIZE = 'provisioning:max_share_size'
MIN_SIZE = 'provisioning:min_share_size'
MAX_EXTEND_SIZE = 'provisioning:max_share_extend_size'
# Which backend may hold the type's shares (Manila's scheduler matches it
# against each backend's reported name).
BACKEND_NAME = 'share_backend_name'

REQUIRED = (DHSS,)
BOOLEAN = (DHSS, SNAPSHOT_SUPPORT, CREATE_FROM_SNAPSHOT, REVERT_TO_SNAPSHOT,
           MOUNT_SNAPSHOT, MOUNT_POINT_NAME, SNAPSHOT_INHERIT_ACCESS)
# Specs a non-admin sees in a type; the rest are the operator's business.
TENANT_VISIBLE = REQUIRED + (
    SNAPSHOT_SUPPORT, CREATE_FROM_SNAPSHOT, REVERT_TO_SNAPSHOT,
    REPLICATION_TYPE, MOUNT_SNAPSHOT, MOUNT_POINT_NAME,
    SNAPSHOT_INHERIT_ACCESS, 'availability_zones', 'encryption_support',
    MAX_SIZE, MIN_SIZE, MAX_EXTEND_SIZE, 'provisioning:mount_point_prefix',
    'default_qos_type')
# From 2.24 a non-admin sees these as False when a type does not set them;
# snapshot_inherit_share_access_support joined them in 2.99.
INFERRED_FALSE = (SNAPSHOT_SUPPORT, CREATE_FROM_SNAPSHOT, REVERT_TO_SNAPSHOT,
                  MOUNT_SNAPSHOT)
INFERRED_FALSE_2_99 = (SNAPSHOT_INHERIT_ACCESS,)

_TRUE = ('1', 't', 'true', 'on', 'y', 'yes')
_FALSE = ('0', 'f', 'false', 'off', 'n', 'no')
_KEY = re.compile(r'^[\w.\-:]+$')
_REPLICATION_TYPES = ('writable', 'readable', 'dr')
_SIZE_SPECS = (MAX_SIZE, MIN_SIZE, MAX_EXTEND_SIZE)


class InvalidExtraSpec(exception.Invalid):
    message = 'Invalid extra_spec: %(key)s: %(value)s.'


def _plain(value):
    return str(value).lower().replace('<is>', '').strip()


def is_true(specs, key):
    """Values are strings such as 'True' or '<is> True'."""
    return _plain(specs.get(key, '')) in _TRUE


def _is_boolean(value):
    return isinstance(value, bool) or _plain(value) in _TRUE + _FALSE


def as_text(value):
    """How a value is stored: booleans become 'True'/'False', numbers
    their JSON text."""
    return str(value)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check(specs, numbers=False):
    """Raise InvalidExtraSpec for the first spec Manila would refuse.

    Values are strings or booleans; `numbers`: JSON numbers too, as
    Manila takes them when a type is created (stored as text), though not
    when extra specs are set afterwards."""
    for key, value in specs.items():
        if not key:
            raise InvalidExtraSpec(key=key, value=value)
        if not isinstance(key, str) or not _KEY.match(key) or len(key) > 255:
            raise exception.Invalid(
                'Key names can only contain alphanumeric characters, '
                'underscores, periods, colons and hyphens.')
        if numbers and _is_number(value):
            value = as_text(value)
        if isinstance(value, str) and not 0 < len(value) <= 255:
            raise InvalidExtraSpec(key=key, value=value)
        if not isinstance(value, (str, bool)):
            raise InvalidExtraSpec(key=key, value=value)
        if key in BOOLEAN and not _is_boolean(value):
            raise InvalidExtraSpec(key=key, value=value)
        if key == REPLICATION_TYPE and value not in _REPLICATION_TYPES:
            raise InvalidExtraSpec(key=key, value=value)
        if key in _SIZE_SPECS and not str(value).isdigit():
            raise InvalidExtraSpec(key=key, value=value)


def check_required(specs):
    missing = [key for key in REQUIRED if key not in specs]
    if missing:
        raise exception.Invalid('Required extra specs are missing: %s.'
                                % ', '.join(missing))


def visible(specs, is_admin):
    if is_admin:
        return dict(specs)
    return {k: v for k, v in specs.items() if k in TENANT_VISIBLE}


def size_limits(specs):
    """(min, max, max for an administrator's extend) in GiB, each None
    when the type sets no such limit."""
    def limit(key):
        value = specs.get(key)
        return int(value) if value and str(value).isdigit() else None
    return limit(MIN_SIZE), limit(MAX_SIZE), limit(MAX_EXTEND_SIZE)
