from manila_locks.policies import base

TYPES = '/types'
TYPE = '/types/{share_type_id}'


_rule = base.documented


rules = [
    _rule('share_type:create', base.ADMIN, 'Create a share type.',
          [('POST', TYPES)]),
    _rule('share_type:update', base.ADMIN, 'Update a share type.',
          [('PUT', TYPE)]),
    _rule('share_type:delete', base.ADMIN, 'Delete a share type.',
          [('DELETE', TYPE)]),
    _rule('share_type:show', base.ADMIN_OR_PROJECT_READER,
          'Show a share type.',
          [('GET', TYPE)]),
    _rule('share_type:index', base.ADMIN_OR_PROJECT_READER,
          'List share types.',
          [('GET', TYPES)]),
    _rule('share_type:default', base.ADMIN_OR_PROJECT_READER,
          'Show the default share type.', [('GET', TYPES + '/default')]),
    _rule('share_types_extra_spec:create', base.ADMIN,
          'Set extra specs of a share type.',
          [('POST', TYPE + '/extra_specs')]),
    _rule('share_type:list_project_access', base.ADMIN,
          'List the projects that may use a private share type.',
          [('GET', TYPE + '/share_type_access')]),
    _rule('share_type:add_project_access', base.ADMIN,
          'Let a project use a private share type.',
          [('POST', TYPE + '/action')]),
    _rule('share_type:remove_project_access', base.ADMIN,
          'Stop a project from using a private share type.',
          [('POST', TYPE + '/action')]),
    _rule('share_types_extra_spec:update', base.ADMIN,
          'Change one extra spec of a share type.',
          [('PUT', TYPE + '/extra_specs/{key}')]),
    _rule('share_types_extra_spec:index', base.ADMIN,
          'List extra specs of a share type.',
          [('GET', TYPE + '/extra_specs')]),
    _rule('share_types_extra_spec:show', base.ADMIN,
          'Show one extra spec of a share type.',
          [('GET', TYPE + '/extra_specs/{key}')]),
    _rule('share_types_extra_spec:delete', base.ADMIN,
          'Remove an extra spec from a share type.',
          [('DELETE', TYPE + '/extra_specs/{key}')]),
]


def list_rules():
    return rules
