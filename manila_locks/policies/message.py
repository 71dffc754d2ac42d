from manila_locks.policies import base

MESSAGES = '/messages'
MESSAGE = '/messages/{message_id}'

rules = [
    base.documented('message:get', base.ADMIN_OR_PROJECT_READER,
                    'Get details of a given message.', [('GET', MESSAGE)]),
    base.documented('message:get_all', base.ADMIN_OR_PROJECT_READER,
                    'Get all messages.',
                    [('GET', MESSAGES), ('GET', MESSAGES + '?{query}')]),
    base.documented('message:delete', base.ADMIN_OR_PROJECT_MEMBER,
                    'Delete a message.', [('DELETE', MESSAGE)]),
]


def list_rules():
    return rules
