from manila_locks.policies import base

RULES = '/share-access-rules'
RULE = '/share-access-rules/{rule_id}'


_rule = base.documented


rules = [
    _rule('share_access_rule:get', base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
          'Show an access rule.', [('GET', RULE)]),
    _rule('share_access_rule:index', base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
          'List the access rules of a share.', [('GET', RULES)]),
    _rule('share_access_rule:update', base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Change the access level of an access rule.', [('PUT', RULE)]),
    _rule('share_access_metadata:update',
          base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Set metadata of an access rule.', [('PUT', RULE + '/metadata')]),
    _rule('share_access_metadata:delete',
          base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Remove a metadata key of an access rule.',
          [('DELETE', RULE + '/metadata/{key}')]),
]


def list_rules():
    return rules
