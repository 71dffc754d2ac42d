"""POST /shares/{share_id}/action: one body key names the action.

Below 2.7 Manila spells several actions with an ``os-`` prefix; both
spellings reach the same function, each in its own version range. An
unknown action is a 400; a known one outside its versions is a 404, as in
Manila.
"""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.host import drivers
from manila_locks.host.handlers import access_actions
from manila_locks.host.handlers import body_fields
from manila_locks.host.handlers import share_lookup
from manila_locks.host.handlers import share_migration
from manila_locks.host import quota
from manila_locks.host.schemas import shares as schema
from manila_locks.host import share_service
from manila_locks import policy


def force_delete(req, share, body):
    share_service.delete(req.context, drivers.of_request(req), share.id,
                         force=True)
    return wsgi.empty_response(202)


def soft_delete(req, share, body):
    share_service.soft_delete(req.context, share.id,
                              req.conf.soft_deleted_share_retention_time)
    return wsgi.empty_response(202)


def restore(req, share, body):
    if share_service.restore(req.context, share.id):
        return wsgi.empty_response(202)
    # Manila answers a share that was not in the recycle bin with a bare
    # 200 (webob's default Response, text/html).
    return wsgi.bare_response(200)


def unmanage(req, share, body):
    share_service.unmanage(req.context, drivers.of_request(req), share.id)
    return wsgi.empty_response(202)


def _new_size(body, body_schema):
    validation.validate(body_schema, body)
    return body_fields.size_param(body['new_size'], schema.NEW_SIZE)


def extend(req, share, body):
    new_size = _new_size(body, schema.resize_of(req))
    force = False
    if req.at_least(schema.EXTEND_FORCE):
        force = validation.to_bool_value(body.get('force'))
    share_service.extend(req.context, drivers.of_request(req), share.id,
                         new_size, force=force, limits=quota.limits(req.conf))
    return wsgi.empty_response(202)


def shrink(req, share, body):
    share_service.shrink(req.context, drivers.of_request(req), share.id,
                         _new_size(body, schema.resize))
    return wsgi.empty_response(202)


def reset_status(req, share, body):
    validation.validate(schema.reset_status, body)
    share_service.reset_status(req.context, share.id, body['status'])
    return wsgi.empty_response(202)


def reset_task_state(req, share, body):
    """Experimental (the X-OpenStack-Manila-API-Experimental header) from
    2.22 until it graduated in 2.96, as in Manila."""
    if not req.at_least('2.96') and not microversion.experimental(
            req.headers):
        microversion.require(req, '2.96')
    validation.validate(schema.reset_task_state, body)
    share_service.reset_task_state(req.context, share.id, body['task_state'])
    return wsgi.empty_response(202)


# action name -> (handler, minimum version, maximum version or None)
ACTIONS = {
    'os-force_delete': (force_delete, '2.0', '2.6'),
    'force_delete': (force_delete, '2.7', None),
    'os-reset_status': (reset_status, '2.0', '2.6'),
    'reset_status': (reset_status, '2.7', None),
    'os-extend': (extend, '2.0', '2.6'),
    'extend': (extend, '2.7', None),
    'os-shrink': (shrink, '2.0', '2.6'),
    'shrink': (shrink, '2.7', None),
    'soft_delete': (soft_delete, '2.69', None),
    'restore': (restore, '2.69', None),
    'unmanage': (unmanage, '2.7', None),
    'reset_task_state': (reset_task_state, '2.22', None),
}
ACTIONS.update(access_actions.ACTIONS)
ACTIONS.update(share_migration.ACTIONS)

# Administrators' actions, authorised (for the caller's own project) before
# the share is looked up, as Manila's controllers do: a caller the policy
# refuses is told 403 whether or not the share exists, never 404. The rule
# is checked again against the share itself once it is found.
POLICY_FIRST = {
    force_delete: 'share:force_delete',
    reset_status: 'share:reset_status',
    reset_task_state: 'share:reset_task_state',
    share_migration.migration_start: 'share:migration_start',
    unmanage: 'share:unmanage',
}


def action(req):
    name, argument = wsgi.read_action(req, ACTIONS)
    handler, minimum, maximum = ACTIONS[name]
    microversion.require(req, minimum, maximum)
    if handler in POLICY_FIRST:
        policy.authorize(req.context, POLICY_FIRST[handler])
    share = share_lookup.get_visible(req)
    return handler(req, share, argument)


def legacy_unmanage(req):
    """POST /os-share-unmanage/{share_id}/unmanage, Manila's spelling of
    the unmanage action before 2.7."""
    microversion.require(req, '2.0', '2.6')
    policy.authorize(req.context, POLICY_FIRST[unmanage])
    share = share_lookup.get_visible(req)
    return unmanage(req, share, None)
