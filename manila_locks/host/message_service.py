"""User messages: recorded when a share or its access rules go to error
after the request was accepted, so the user can learn why (GET
/v2/messages), as Manila's share manager records them."""
import datetime
import logging

from manila_locks.db import base
from manila_locks.host.db import messages as messages_db
from manila_locks.host import message_field

LOG = logging.getLogger(__name__)


def record(context, ttl, action, share, detail=message_field.Detail.
           UNKNOWN_ERROR):
    """Record an error message about `share` for the share's project,
    living `ttl` seconds; it joins the caller's transaction."""
    LOG.info('Recording user message (%s: %s) about share %s for request '
             '%s', action[1], detail[1], share.id, context.request_id)
    now = base.utcnow()
    return messages_db.create(context, {
        'created_at': now,
        'project_id': share.project_id,
        'request_id': context.request_id,
        'resource_type': message_field.Resource.SHARE,
        'resource_id': share.id,
        'action_id': action[0],
        'detail_id': detail[0],
        'message_level': message_field.ERROR,
        'expires_at': now + datetime.timedelta(seconds=ttl),
    })


def purge_expired(context):
    """Delete the messages past their expires_at; how many."""
    return messages_db.delete_expired(context, base.utcnow())
