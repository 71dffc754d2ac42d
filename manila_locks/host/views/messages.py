"""User messages, as Manila's messages view writes them."""
from manila_locks.api import links
from manila_locks.api.views.timestamps import isotime
from manila_locks.host import message_field

COLLECTION = 'messages'


def detail(req, message):
    return {
        'id': message.id,
        'project_id': message.project_id,
        'action_id': message.action_id,
        'detail_id': message.detail_id,
        'message_level': message.message_level,
        'created_at': isotime(message.created_at),
        'expires_at': isotime(message.expires_at),
        'request_id': message.request_id,
        'links': links.resource_links(req, COLLECTION, message.id),
        'resource_type': message.resource_type,
        'resource_id': message.resource_id,
        'user_message': message_field.user_message(message.action_id,
                                                   message.detail_id),
    }


def many(req, messages, query):
    body = {'messages': [detail(req, message) for message in messages]}
    if query.limit and len(messages) == query.limit:
        body['messages_links'] = links.next_link(req, COLLECTION,
                                                 query.offset, query.limit)
    return body
