from manila_locks.policies import base

QUOTA_CLASS_SET = '/quota-class-sets/{class_name}'

rules = [
    base.documented('quota_class_set:update', base.ADMIN,
                    'Update quota class (refused: the [quota] options are '
                    "every class's).", [('PUT', QUOTA_CLASS_SET)]),
    base.documented('quota_class_set:show', base.ADMIN_OR_PROJECT_READER,
                    'Get quota class (administrators only: no token '
                    'carries a quota class).', [('GET', QUOTA_CLASS_SET)]),
]


def list_rules():
    return rules
