from manila_locks.policies import base

TRANSFERS = '/share-transfers'
TRANSFER = '/share-transfers/{transfer_id}'

_rule = base.documented

rules = [
    _rule('share_transfer:get_all', base.ADMIN_OR_PROJECT_READER,
          'List share transfers of the project.',
          [('GET', TRANSFERS), ('GET', TRANSFERS + '/detail')]),
    _rule('share_transfer:get_all_tenant', base.ADMIN,
          'List share transfers of every project (all_tenants).',
          [('GET', TRANSFERS), ('GET', TRANSFERS + '/detail')]),
    _rule('share_transfer:get', base.ADMIN_OR_PROJECT_READER,
          'Show a share transfer.', [('GET', TRANSFER)]),
    _rule('share_transfer:create', base.ADMIN_OR_PROJECT_MEMBER,
          'Offer a share to another project (refused while the share or '
          'one of its access rules holds a resource lock).',
          [('POST', TRANSFERS)]),
    _rule('share_transfer:accept', base.ADMIN_OR_PROJECT_MEMBER,
          'Accept a share transfer with its auth key.',
          [('POST', TRANSFER + '/accept')]),
    _rule('share_transfer:delete', base.ADMIN_OR_PROJECT_MEMBER,
          'Cancel a share transfer.', [('DELETE', TRANSFER)]),
]


def list_rules():
    return rules
