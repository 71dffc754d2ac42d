from manila_locks.policies import base

SNAPSHOTS = '/share-group-snapshots'

rules = [
    base.documented('share_group_snapshot:create',
                    base.ADMIN_OR_PROJECT_MEMBER,
                    'Create a new share group snapshot (refused: there are '
                    'no share groups).', [('POST', SNAPSHOTS)]),
    base.documented('share_group_snapshot:get', base.ADMIN_OR_PROJECT_READER,
                    'Get details of a share group snapshot (none exist).',
                    [('GET', SNAPSHOTS + '/{share_group_snapshot_id}')]),
    base.documented('share_group_snapshot:get_all',
                    base.ADMIN_OR_PROJECT_READER,
                    'Get all share group snapshots (always none).',
                    [('GET', SNAPSHOTS + '?{query}'),
                     ('GET', SNAPSHOTS + '/detail?{query}')]),
]


def list_rules():
    return rules
