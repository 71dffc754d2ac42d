from manila_locks.policies import base

SHARES = '/shares'
SHARE = '/shares/{share_id}'
ACTION = '/shares/{share_id}/action'


def _rule(name, check, description, operations):
    return base.documented('share:%s' % name, check, description, operations)


rules = [
    _rule('create', base.ADMIN_OR_PROJECT_MEMBER, 'Create a share.',
          [('POST', SHARES)]),
    _rule('create_public_share', base.ADMIN,
          'Create a share visible to every project (is_public true).',
          [('POST', SHARES)]),
    _rule('get', base.ADMIN_OR_SERVICE_OR_PROJECT_READER, 'Show a share.',
          [('GET', SHARE)]),
    _rule('get_all', base.ADMIN_OR_SERVICE_OR_PROJECT_READER, 'List shares.',
          [('GET', SHARES), ('GET', SHARES + '/detail')]),
    _rule('list_all_projects', base.ADMIN,
          'List the shares of every project.',
          [('GET', SHARES + '?all_tenants=1')]),
    _rule('list_by_host', base.ADMIN,
          'Filter the share list by host.',
          [('GET', SHARES + '?host=...')]),
    _rule('list_by_share_server_id', base.ADMIN,
          'Filter the share list by share server.',
          [('GET', SHARES + '?share_server_id=...')]),
    _rule('update', base.ADMIN_OR_PROJECT_MEMBER, 'Update a share.',
          [('PUT', SHARE)]),
    _rule('set_public_share', base.ADMIN,
          'Make a share visible to every project (is_public true).',
          [('PUT', SHARE)]),
    _rule('delete', base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Delete a share.', [('DELETE', SHARE)]),
    _rule('force_delete', base.ADMIN, 'Force-delete a share.',
          [('POST', ACTION)]),
    _rule('migration_start', base.ADMIN,
          'Migrate a share to the specified host (here: refused by a '
          'backend that cannot migrate).', [('POST', ACTION)]),
    _rule('soft_delete', base.ADMIN_OR_PROJECT_MEMBER,
          'Move a share to the recycle bin.', [('POST', ACTION)]),
    _rule('restore', base.ADMIN_OR_PROJECT_MEMBER,
          'Restore a share from the recycle bin.', [('POST', ACTION)]),
    _rule('unmanage', base.ADMIN, 'Unmanage a share.',
          [('POST', ACTION),
           ('POST', '/os-share-unmanage/{share_id}/unmanage')]),
    _rule('extend', base.ADMIN_OR_PROJECT_MEMBER, 'Extend a share.',
          [('POST', ACTION)]),
    _rule('force_extend', base.ADMIN,
          'Extend a share with force (2.64), bypassing the scheduler.',
          [('POST', ACTION)]),
    _rule('extend_beyond_max_share_size_spec', base.ADMIN,
          "Extend a share beyond its type's provisioning:max_share_size "
          "(up to provisioning:max_share_extend_size).",
          [('POST', ACTION)]),
    _rule('shrink', base.ADMIN_OR_PROJECT_MEMBER, 'Shrink a share.',
          [('POST', ACTION)]),
    _rule('reset_status', base.ADMIN, 'Reset the status of a share.',
          [('POST', ACTION)]),
    _rule('reset_task_state', base.ADMIN,
          'Reset the task state of a share.', [('POST', ACTION)]),
    _rule('allow_access', base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Grant access to a share.', [('POST', ACTION)]),
    _rule('deny_access', base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Revoke access to a share.', [('POST', ACTION)]),
    _rule('access_get_all', base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
          'List a share\'s access rules (legacy access_list action).',
          [('POST', ACTION)]),
    _rule('get_share_metadata', base.ADMIN_OR_PROJECT_READER,
          'Get share metadata.',
          [('GET', SHARE + '/metadata'), ('GET', SHARE + '/metadata/{key}')]),
    _rule('update_share_metadata', base.ADMIN_OR_PROJECT_MEMBER,
          'Update share metadata.',
          [('PUT', SHARE + '/metadata'), ('POST', SHARE + '/metadata')]),
    _rule('delete_share_metadata', base.ADMIN_OR_PROJECT_MEMBER,
          'Delete share metadata.', [('DELETE', SHARE + '/metadata/{key}')]),
    _rule('update_admin_only_metadata', base.ADMIN,
          'Update metadata items that are considered "admin only" by the '
          'service ([DEFAULT] admin_only_metadata).',
          [('PUT', SHARE + '/metadata'), ('POST', SHARE + '/metadata'),
           ('DELETE', SHARE + '/metadata/{key}')]),
    base.documented('share_export_location:index',
                    base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
                    'List the export locations of a share.',
                    [('GET', SHARE + '/export_locations')]),
    base.documented('share_export_location:show',
                    base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
                    'Show one export location of a share.',
                    [('GET', SHARE + '/export_locations/{el_id}')]),
]


def list_rules():
    return rules
