"""Access rule representation, per microversion (Manila's share access
views).

``_fields`` builds every rule that leaves the service, on every endpoint and
at every version, and is the only place that applies redaction: a rule whose
id is in ``details.restricted`` shows ``******`` for access_to and
access_key.
"""
from manila_locks.api.views.timestamps import isotime
from manila_locks.core import vocabulary as v

# Rule states before 2.28 knew nothing of: shown there as 'new'.
_TRANSITIONAL = frozenset(['queued_to_apply', 'applying', 'queued_to_deny',
                           'denying', 'queued_to_update', 'updating'])


class _Shape:
    """What the request's microversion shows of a rule, decided once per
    response rather than once per field of every rule."""

    def __init__(self, req):
        self.all_states = req.at_least('2.28')
        self.access_key = req.at_least('2.21')
        self.timestamps = req.at_least('2.33')
        self.metadata = req.at_least('2.45')


def _fields(shape, rule, details, with_share_id):
    state = rule.state
    if not shape.all_states and state in _TRANSITIONAL:
        state = 'new'
    hidden = rule.id in details.restricted
    body = {'id': rule.id}
    if with_share_id:
        body['share_id'] = rule.share_id
    body['access_level'] = rule.access_level
    body['access_to'] = v.REDACTED if hidden else rule.access_to
    body['access_type'] = rule.access_type
    body['state'] = state
    if shape.access_key:
        body['access_key'] = v.REDACTED if hidden else rule.access_key
    if shape.timestamps:
        body['created_at'] = isotime(rule.created_at)
        body['updated_at'] = isotime(rule.updated_at)
    if shape.metadata:
        body['metadata'] = details.metadata.get(rule.id, {})
    return body


def one(req, details):
    """{"access": rule} for the single rule in `details`."""
    (rule,) = details.rules
    return {'access': _fields(_Shape(req), rule, details,
                              with_share_id=True)}


def many(req, details):
    """{"access_list": [rule, ...]}, without share_id as Manila lists."""
    shape = _Shape(req)
    return {'access_list': [_fields(shape, rule, details,
                                    with_share_id=False)
                            for rule in details.rules]}
