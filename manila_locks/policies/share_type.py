from oslo_policy import policy

from manila_locks.policies import base

TYPES = '/types'
TYPE = '/types/{share_type_id}'


def _rule(name, check, description, operations):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check, description=description,
        operations=[{'method': m, 'path': p} for m, p in operations],
        scope_types=['project'])


rules = [
    _rule('share_type:create', base.ADMIN, 'Create a share type.',
          [('POST', TYPES)]),
    _rule('share_type:update', base.ADMIN, 'Update a share type.',
          [('PUT', TYPE)]),
    _rule('share_type:delete', base.ADMIN, 'Delete a share type.',
          [('DELETE', TYPE)]),
    _rule('share_type:show', 'rule:everyone', 'Show a share type.',
          [('GET', TYPE)]),
    _rule('share_type:index', 'rule:everyone', 'List share types.',
          [('GET', TYPES)]),
    _rule('share_type:default', 'rule:everyone',
          'Show the default share type.', [('GET', TYPES + '/default')]),
    _rule('share_types_extra_spec:create', base.ADMIN,
          'Set extra specs of a share type.',
          [('POST', TYPE + '/extra_specs')]),
    _rule('share_types_extra_spec:index', 'rule:everyone',
          'List extra specs of a share type.',
          [('GET', TYPE + '/extra_specs')]),
    _rule('share_types_extra_spec:show', 'rule:everyone',
          'Show one extra spec of a share type.',
          [('GET', TYPE + '/extra_specs/{key}')]),
    _rule('share_types_extra_spec:delete', base.ADMIN,
          'Remove an extra spec from a share type.',
          [('DELETE', TYPE + '/extra_specs/{key}')]),
]


def list_rules():
    return rules
