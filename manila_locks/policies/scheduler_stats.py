from manila_locks.policies import base

rules = [
    base.documented('scheduler_stats:pools:index', base.ADMIN,
                    'Get information regarding backends (and storage '
                    'pools) known to the scheduler.',
                    [('GET', '/scheduler-stats/pools?{query}')]),
    base.documented('scheduler_stats:pools:detail', base.ADMIN,
                    'Get detailed information regarding backends (and '
                    'storage pools) known to the scheduler.',
                    [('GET', '/scheduler-stats/pools/detail?{query}')]),
]


def list_rules():
    return rules
