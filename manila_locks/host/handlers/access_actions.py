"""Share actions on access rules: allow_access, deny_access, access_list.

The table below is merged into share_actions.ACTIONS; each handler gets the
share already fetched and visible to the caller.
"""
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import rule_locks
from manila_locks.host import access_service
from manila_locks.host import drivers
from manila_locks.host import grantees
from manila_locks.host import metadata_limits
from manila_locks.host.schemas import access_rules as schema
from manila_locks.host.views import access_rules as view


def _lock_request(req, data):
    """The lock flags of an allow_access body; below 2.82 they are ignored."""
    if not req.at_least('2.82'):
        return rule_locks.LockRequest()
    return rule_locks.LockRequest(deletion=data.get('lock_deletion', False),
                                  visibility=data.get('lock_visibility',
                                                      False),
                                  reason=data.get('lock_reason'))


def allow_access(req, share, body):
    data = validation.validate(schema.allow(req), body)
    grantees.check(data['access_type'], data['access_to'],
                   schema.access_types(req), schema.ipv6(req))
    metadata = data.get('metadata') if req.at_least('2.45') else None
    grant = access_service.Grant(
        access_type=data['access_type'], access_to=data['access_to'],
        access_level=data.get('access_level') or 'rw',
        metadata=metadata_limits.check(metadata,
                                       req.conf.max_metadata_items))
    context = req.context
    lookup = req.environ[wsgi.LOCK_SERVICE_KEY].lookup
    accepted = access_service.allow(context, lookup, share.id, grant,
                                    _lock_request(req, data))
    access_service.apply_accepted(context, drivers.of_request(req),
                                  share.id)
    # The rule as accepted (queued_to_apply), as Manila answers.
    return wsgi.json_text_response(req, view.one(req, accepted))


def deny_access(req, share, body):
    data = validation.validate(schema.deny(req), body)
    unrestrict = data.get('unrestrict', False) if req.at_least('2.82') else (
        False)
    context = req.context
    access_service.deny(context, share.id, data['access_id'], unrestrict)
    access_service.apply_accepted(context, drivers.of_request(req),
                                  share.id)
    return wsgi.empty_response(202)


def access_list(req, share, body):
    details = access_service.list_rules(req.context, share.id,
                                        policy_rule='share:access_get_all')
    return wsgi.json_text_response(req, view.many(req, details))


# action name -> (handler, minimum version, maximum version or None)
ACTIONS = {
    'os-allow_access': (allow_access, '2.0', '2.6'),
    'allow_access': (allow_access, '2.7', None),
    'os-deny_access': (deny_access, '2.0', '2.6'),
    'deny_access': (deny_access, '2.7', None),
    'os-access_list': (access_list, '2.0', '2.6'),
    'access_list': (access_list, '2.7', '2.44'),
}
