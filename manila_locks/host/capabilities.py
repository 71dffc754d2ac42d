"""What this host's one backend reports to a scheduler, as a Manila share
service reports its pool's capabilities, and whether a share type's extra
specs ask only for what it reports (Manila's capabilities filter and its
extra-spec operators)."""
import os

from manila_locks.host import extra_specs

# Extra specs that place a share but are no backend capability.
_NOT_CAPABILITIES = ('availability_zones', 'capabilities:availability_zones',
                     'default_qos_type')
_GIB = 1024 ** 3


def _capacity_gb(path):
    """(total, free) GiB of the file system that holds the shares."""
    while not os.path.exists(path):
        path = os.path.dirname(path)
    stats = os.statvfs(path)
    total = stats.f_blocks * stats.f_frsize / _GIB
    free = stats.f_bavail * stats.f_frsize / _GIB
    return round(total, 2), round(free, 2)


def pool(driver):
    """The backend's one pool: name host@backend#pool, and capabilities."""
    host, rest = driver.host.split('@', 1)
    backend, pool_name = rest.split('#', 1)
    total, free = _capacity_gb(driver.conf.state_path)
    return {
        'name': driver.host, 'host': host, 'backend': backend,
        'pool': pool_name,
        'capabilities': {
            'pool_name': pool_name,
            'share_backend_name': driver.backend_name,
            'vendor_name': 'manila_locks', 'driver_version': '1.0',
            'storage_protocol': 'NFS_CIFS',
            'total_capacity_gb': total, 'free_capacity_gb': free,
            'reserved_percentage': 0, 'reserved_snapshot_percentage': 0,
            'reserved_share_extend_percentage': 0,
            'driver_handles_share_servers': False,
            'snapshot_support': False,
            'create_share_from_snapshot_support': False,
            'revert_to_snapshot_support': False,
            'mount_snapshot_support': False,
            'replication_type': None, 'dedupe': False, 'compression': False,
            'thin_provisioning': False, 'qos': False,
            'ipv4_support': True, 'ipv6_support': False,
            'share_group_stats': {'consistent_snapshot_support': None},
        },
    }


def _number_op(compare):
    return lambda have, want: compare(float(have), float(want))


_OPERATORS = {
    '=': _number_op(lambda a, b: a >= b),
    '==': _number_op(lambda a, b: a == b),
    '!=': _number_op(lambda a, b: a != b),
    '>=': _number_op(lambda a, b: a >= b),
    '<=': _number_op(lambda a, b: a <= b),
    's==': lambda a, b: a == b, 's!=': lambda a, b: a != b,
    's<': lambda a, b: a < b, 's<=': lambda a, b: a <= b,
    's>': lambda a, b: a > b, 's>=': lambda a, b: a >= b,
    '<in>': lambda a, b: b in a,
    '<is>': lambda a, b: (extra_specs.is_true({'v': a}, 'v') ==
                          extra_specs.is_true({'v': b}, 'v')),
}


def _matches(have, want):
    """One reported value against one requirement such as 'True',
    '<is> True', '>= 10' or '<or> NFS <or> CIFS' (case-insensitive)."""
    have = have.lower() if isinstance(have, str) else have
    words = str(want).lower().split()
    if words and words[0] == '<or>':
        return have in words[1::2]
    if not words or words[0] not in _OPERATORS:
        if isinstance(have, bool):
            return have == extra_specs.is_true({'v': want}, 'v')
        return have == str(want).lower()
    if have is None or len(words) < 2:
        return False
    try:
        return _OPERATORS[words[0]](str(have).lower() if words[0].startswith(
            ('s', '<in>')) else have, words[1])
    except (TypeError, ValueError):
        return False


def satisfied(capabilities, specs):
    """Whether every unscoped (or capabilities:) spec names a reported
    capability whose value meets it; other scoped specs are ignored."""
    for key, want in specs.items():
        if key in _NOT_CAPABILITIES:
            continue
        scope = key.split(':')
        if len(scope) > 1 and scope[0] != 'capabilities':
            continue
        have = capabilities
        for part in scope[1:] if scope[0] == 'capabilities' else scope:
            have = have.get(part) if isinstance(have, dict) else None
            if have is None:
                return False
        if not any(_matches(value, want) for value in (
                have if isinstance(have, list) else [have])):
            return False
    return True
