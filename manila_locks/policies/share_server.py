from manila_locks.policies import base

SERVERS = '/share-servers'

rules = [
    base.documented('share_server:index', base.ADMIN,
                    'Get share servers (always none).',
                    [('GET', SERVERS + '?{query}')]),
    base.documented('share_server:show', base.ADMIN,
                    'Show share server (none exist).',
                    [('GET', SERVERS + '/{server_id}')]),
]


def list_rules():
    return rules
