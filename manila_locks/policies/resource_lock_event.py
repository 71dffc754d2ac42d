"""Reading the lock history. Which events a caller sees is decided as for
locks (resource_lock:get_all_projects widens a list to every project);
these rules decide whether the caller may read the history at all."""
from manila_locks.policies import base

PREFIX = 'resource_lock_event:%s'
COLLECTION = '/resource-lock-events'
MEMBER = '/resource-lock-events/{event_id}'

READERS = base.ADMIN_OR_SERVICE_OR_PROJECT_READER

rules = [
    base.documented(PREFIX % 'get_all', READERS,
                    'List the events of resource locks (the lock history).',
                    [('GET', COLLECTION)]),
    base.documented(PREFIX % 'get', READERS,
                    'Show one event of a resource lock.', [('GET', MEMBER)]),
]


def list_rules():
    return rules
