from manila_locks.policies import base

REPLICAS = '/share-replicas'

rules = [
    base.documented('share_replica:get_all', base.ADMIN_OR_PROJECT_READER,
                    'Get all share replicas (always none).',
                    [('GET', REPLICAS), ('GET', REPLICAS + '/detail'),
                     ('GET', REPLICAS + '/detail?share_id={share_id}')]),
    base.documented('share_replica:show', base.ADMIN_OR_PROJECT_READER,
                    'Get details of a share replica (none exist).',
                    [('GET', REPLICAS + '/{share_replica_id}')]),
]


def list_rules():
    return rules
