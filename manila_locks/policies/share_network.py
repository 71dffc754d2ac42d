from manila_locks.policies import base

NETWORKS = '/share-networks'

rules = [
    base.documented('share_network:create', base.ADMIN_OR_PROJECT_MEMBER,
                    'Create share network (refused: not supported).',
                    [('POST', NETWORKS)]),
    base.documented('share_network:show', base.ADMIN_OR_PROJECT_READER,
                    'Get details of a share network (none exist).',
                    [('GET', NETWORKS + '/{share_network_id}')]),
    base.documented('share_network:index', base.ADMIN_OR_PROJECT_READER,
                    'Get all share networks (always none).',
                    [('GET', NETWORKS + '?{query}')]),
    base.documented('share_network:detail', base.ADMIN_OR_PROJECT_READER,
                    'Get details of share networks (always none).',
                    [('GET', NETWORKS + '/detail?{query}')]),
]


def list_rules():
    return rules
