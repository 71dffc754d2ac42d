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


def _state(req, rule):
    if req.at_least('2.28') or rule.state not in _TRANSITIONAL:
        return rule.state
    return 'new'


def _fields(req, rule, details, with_share_id):
    body = {'id': rule.id}
    if with_share_id:
        body['share_id'] = rule.share_id
    body.update({
        'access_level': rule.access_level,
        'access_to': rule.access_to,
        'access_type': rule.access_type,
        'state': _state(req, rule),
    })
    if req.at_least('2.21'):
        body['access_key'] = rule.access_key
    if req.at_least('2.33'):
        body['created_at'] = isotime(rule.created_at)
        body['updated_at'] = isotime(rule.updated_at)
    if req.at_least('2.45'):
        body['metadata'] = details.metadata.get(rule.id, {})
    if rule.id in details.restricted:
        for secret in ('access_to', 'access_key'):
            if secret in body:
                body[secret] = v.REDACTED
    return body


def one(req, details):
    """{"access": rule} for the single rule in `details`."""
    (rule,) = details.rules
    return {'access': _fields(req, rule, details, with_share_id=True)}


def many(req, details):
    """{"access_list": [rule, ...]}, without share_id as Manila lists."""
    return {'access_list': [_fields(req, rule, details, with_share_id=False)
                            for rule in details.rules]}
