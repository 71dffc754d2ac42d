"""The codes of user messages, as Manila numbers and words them
(manila/message/message_field.py): a message stores an action id and a
detail id, and its user_message is "<action>: <detail>".

Only the entries this service records are here; an id it does not know
reads as Manila reads one: 'unknown action', and the unknown error."""

ERROR = 'ERROR'


class Resource:
    SHARE = 'SHARE'


class Action:
    CREATE = ('002', 'create')
    UPDATE_ACCESS_RULES = ('010', 'update access rules')
    ALL = (CREATE, UPDATE_ACCESS_RULES)


class Detail:
    UNKNOWN_ERROR = ('001', 'An unknown error occurred.')
    ALL = (UNKNOWN_ERROR,)


def translate_action(action_id):
    return dict(Action.ALL).get(action_id, 'unknown action')


def translate_detail(detail_id):
    return dict(Detail.ALL).get(detail_id, Detail.UNKNOWN_ERROR[1])


def user_message(action_id, detail_id):
    return '%s: %s' % (translate_action(action_id),
                       translate_detail(detail_id))
