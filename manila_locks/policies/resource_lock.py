from oslo_policy import policy

from manila_locks.policies import base

PREFIX = 'resource_lock:%s'
COLLECTION = '/resource-locks'
MEMBER = '/resource-locks/{lock_id}'
RETENTION = MEMBER + '/retention'
LEGAL_HOLD = MEMBER + '/legal-hold'


def _rule(name, check, description, method, path, *more):
    return policy.DocumentedRuleDefault(
        name=PREFIX % name, check_str=check, description=description,
        operations=[{'method': m, 'path': p}
                    for m, p in ((method, path),) + more],
        scope_types=['project'])


rules = [
    _rule('get', base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
          'Get a resource lock, its retention and its legal hold.', 'GET',
          MEMBER, ('GET', RETENTION), ('GET', LEGAL_HOLD)),
    _rule('get_all', base.ADMIN_OR_SERVICE_OR_PROJECT_READER,
          'List resource locks.', 'GET', COLLECTION),
    _rule('get_all_projects', base.ADMIN_OR_SERVICE,
          'List resource locks of every project.', 'GET',
          COLLECTION + '?all_projects=1'),
    _rule('create', base.ADMIN_OR_SERVICE_OR_PROJECT_MEMBER,
          'Lock a resource. The target is the resource being locked.',
          'POST', COLLECTION),
    _rule('update', base.ADMIN_OR_SERVICE_OR_OWNER_USER,
          'Change a resource lock, or set, extend, shorten or remove its '
          'expiry and retention mode (a compliance retention is only '
          'ever extended, by anyone). The target is the lock.', 'PUT',
          MEMBER, ('PUT', RETENTION), ('DELETE', RETENTION)),
    _rule('delete', base.ADMIN_OR_SERVICE_OR_OWNER_USER,
          'Remove a resource lock. The target is the lock.', 'DELETE',
          MEMBER),
    _rule('bypass_locked_show_action', base.ADMIN_OR_SERVICE_OR_OWNER_USER,
          'See the fields of an access rule hidden by a visibility lock. '
          'The target is the visibility lock.', 'GET',
          '/share-access-rules/{rule_id}'),
    _rule('legal_hold', base.ADMIN,
          'Place or release the legal hold of a resource lock: while held, '
          'nobody can remove the lock, shorten its expiry or change its '
          'action, and it does not expire. The target is the lock.', 'PUT',
          LEGAL_HOLD, ('DELETE', LEGAL_HOLD)),
]


def list_rules():
    return rules
