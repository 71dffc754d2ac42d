from manila_locks.policies import base

QUOTA_SET = '/quota-sets/{project_id}'

rules = [
    base.documented('quota_set:update', base.ADMIN,
                    "Update the quotas for a project/user and/or share type "
                    "(refused: the [quota] options are every project's).",
                    [('PUT', QUOTA_SET)]),
    base.documented('quota_set:show', base.ADMIN_OR_PROJECT_READER,
                    'List the quotas for a tenant/user.',
                    [('GET', QUOTA_SET), ('GET', QUOTA_SET + '/detail'),
                     ('GET', QUOTA_SET + '/defaults')]),
]


def list_rules():
    return rules
