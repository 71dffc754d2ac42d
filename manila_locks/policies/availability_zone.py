from manila_locks.policies import base

rules = [
    base.documented(
        'availability_zone:index', base.ADMIN_OR_PROJECT_READER,
        'List the availability zones.',
        [('GET', '/availability-zones'), ('GET', '/os-availability-zone')]),
]


def list_rules():
    return rules
