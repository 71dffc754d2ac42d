from manila_locks.policies import base

TYPES = '/share-group-types'

rules = [
    base.documented('share_group_type:create', base.ADMIN,
                    'Create a new share group type (refused: not '
                    'supported).', [('POST', TYPES)]),
    base.documented('share_group_type:index', base.ADMIN_OR_PROJECT_READER,
                    'Get the list of share group types (always none).',
                    [('GET', TYPES + '?is_public=all')]),
    base.documented('share_group_type:show', base.ADMIN_OR_PROJECT_READER,
                    'Get details regarding the specified share group type '
                    '(none exist).',
                    [('GET', TYPES + '/{share_group_type_id}')]),
    base.documented('share_group_type:default',
                    base.ADMIN_OR_PROJECT_READER,
                    'Get the default share group type (none).',
                    [('GET', TYPES + '/default')]),
]


def list_rules():
    return rules
