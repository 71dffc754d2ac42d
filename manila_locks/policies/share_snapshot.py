from manila_locks.policies import base

SNAPSHOTS = '/snapshots'

rules = [
    base.documented(
        'share_snapshot:get_all_snapshots', base.ADMIN_OR_PROJECT_READER,
        'List share snapshots (always none: the back end takes no '
        'snapshots).',
        [('GET', SNAPSHOTS + '?{query}'),
         ('GET', SNAPSHOTS + '/detail?{query}')]),
    base.documented(
        'share_snapshot:get_snapshot', base.ADMIN_OR_PROJECT_READER,
        'Get share snapshot (always not found).',
        [('GET', SNAPSHOTS + '/{snapshot_id}')]),
    base.documented(
        'share:create_snapshot', base.ADMIN_OR_PROJECT_MEMBER,
        'Create share snapshot (refused: no share type has '
        'snapshot_support).', [('POST', SNAPSHOTS)]),
]


def list_rules():
    return rules
