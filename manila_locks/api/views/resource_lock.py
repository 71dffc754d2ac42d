"""The resource lock representation: exactly the 11 fields Manila returns."""
from manila_locks.api import links
from manila_locks.api.views.timestamps import isotime

COLLECTION = 'resource-locks'


def _fields(req, lock):
    return {
        'id': lock.id,
        'user_id': lock.user_id,
        'project_id': lock.project_id,
        'lock_context': lock.lock_context,
        'resource_type': lock.resource_type,
        'resource_id': lock.resource_id,
        'resource_action': lock.resource_action,
        'lock_reason': lock.lock_reason,
        'created_at': isotime(lock.created_at),
        'updated_at': isotime(lock.updated_at),
        'links': links.resource_links(req, COLLECTION, lock.id),
    }


def one(req, lock):
    return {'resource_lock': _fields(req, lock)}


def page(req, found, query):
    """A list response; `count` whenever asked for (also when 0), and a next
    link whenever the page is full."""
    body = {'resource_locks': [_fields(req, lock) for lock in found.locks]}
    if found.count is not None:
        body['count'] = found.count
    if query.limit and len(found.locks) == query.limit:
        body['resource_locks_links'] = links.next_link(
            req, COLLECTION, query.offset, query.limit)
    return body
