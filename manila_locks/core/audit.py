"""One log line per lock change and per refused action, in one format.

Operators search these by request id (to explain a user's error), by lock id
(to see who placed or removed it) or by resource id. Callers log through
``record`` exactly once per event.
"""
import logging

LOG = logging.getLogger(__name__)

PLACED = 'placed'
CHANGED = 'changed'
REMOVED = 'removed'
REFUSED = 'refused'


def record(context, event, lock_ids, action, resource_id, detail=''):
    """Log `event` ('placed', 'changed', 'removed', 'refused').

    `action` is what the locks guard, or for a refusal the operation that
    was refused ('delete', 'soft delete', 'unmanage', ...).
    """
    LOG.info('Lock %(event)s: request %(request)s user %(user)s project '
             '%(project)s action %(action)s resource %(resource)s locks '
             '%(locks)s%(detail)s',
             {'event': event, 'request': context.request_id,
              'user': context.user_id, 'project': context.project_id,
              'action': action, 'resource': resource_id,
              'locks': ','.join(lock_ids),
              'detail': ' (%s)' % detail if detail else ''})
