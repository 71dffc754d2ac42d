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
REPLICATION_TYPE = 'replication_type'

REQUIRED = (DHSS,)
BOOLEAN = (DHSS, SNAPSHOT_SUPPORT, CREATE_FROM_SNAPSHOT, REVERT_TO_SNAPSHOT,
           MOUNT_SNAPSHOT, MOUNT_POINT_NAME)
# Specs a non-admin sees in a type; the rest are the operator's business.
TENANT_VISIBLE = REQUIRED + (
    SNAPSHOT_SUPPORT, CREATE_FROM_SNAPSHOT, REVERT_TO_SNAPSHOT,
    REPLICATION_TYPE, MOUNT_SNAPSHOT, MOUNT_POINT_NAME, 'availability_zones',
    'encryption_support', 'provisioning:max_share_size',
    'provisioning:min_share_size', 'provisioning:max_share_extend_size',
    'provisioning:mount_point_prefix', 'default_qos_type')
# From 2.24 a non-admin sees these as False when a type does not set them.
INFERRED_FALSE = (SNAPSHOT_SUPPORT, CREATE_FROM_SNAPSHOT, REVERT_TO_SNAPSHOT,
                  MOUNT_SNAPSHOT)

_TRUE = ('1', 't', 'true', 'on', 'y', 'yes')
_FALSE = ('0', 'f', 'false', 'off', 'n', 'no')
_KEY = re.compile(r'^[\w.\-:]+$')
_REPLICATION_TYPES = ('writable', 'readable', 'dr')
_SIZE_SPECS = ('provisioning:max_share_size', 'provisioning:min_share_size',
               'provisioning:max_share_extend_size')


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
    """How a value is stored: booleans become 'True'/'False'."""
    return str(value)


def check(specs):
    """Raise InvalidExtraSpec for the first spec Manila would refuse."""
    for key, value in specs.items():
        if not isinstance(key, str) or not _KEY.match(key) or len(key) > 255:
            raise exception.Invalid(
                'Key names can only contain alphanumeric characters, '
                'underscores, periods, colons and hyphens.')
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
