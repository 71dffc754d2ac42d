from manila_locks.policies import base

INSTANCES = '/share_instances'
INSTANCE = '/share_instances/{share_instance_id}'


def _rule(name, description, operations):
    return base.documented('share_instance:%s' % name, base.ADMIN,
                           description, operations)


rules = [
    _rule('index', 'Get all share instances.',
          [('GET', INSTANCES), ('GET', INSTANCES + '?{query}'),
           ('GET', '/shares/{share_id}/instances')]),
    _rule('show', 'Get details of a share instance.', [('GET', INSTANCE)]),
    _rule('force_delete',
          'Force delete a share instance (here: its share; refused while '
          'a deletion lock holds the share or one of its rules).',
          [('POST', INSTANCE + '/action')]),
    _rule('reset_status', "Reset share instance's status.",
          [('POST', INSTANCE + '/action')]),
]


def list_rules():
    return rules
