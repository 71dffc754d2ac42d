from manila_locks.policies import base

GROUPS = '/share-groups'

rules = [
    base.documented('share_group:create', base.ADMIN_OR_PROJECT_MEMBER,
                    'Create share group (refused: no share group type '
                    'exists).', [('POST', GROUPS)]),
    base.documented('share_group:get', base.ADMIN_OR_PROJECT_READER,
                    'Get details of a share group (none exist).',
                    [('GET', GROUPS + '/{share_group_id}')]),
    base.documented('share_group:get_all', base.ADMIN_OR_PROJECT_READER,
                    'Get all share groups (always none).',
                    [('GET', GROUPS + '?{query}'),
                     ('GET', GROUPS + '/detail?{query}')]),
]


def list_rules():
    return rules
