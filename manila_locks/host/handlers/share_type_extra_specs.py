"""/types/{type_id}/extra_specs[/{key}]: a share type's extra specs."""
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import share_types as types_db
from manila_locks.host import extra_specs
from manila_locks.host.handlers import share_types as types_handler
from manila_locks.host.schemas import share_types as schema
from manila_locks import policy


def _specs(req, type_id):
    return types_db.extra_specs(req.context, [type_id])[type_id]


def index(req):
    policy.authorize(req.context, 'share_types_extra_spec:index')
    share_type = types_handler.get_type(req)
    return wsgi.json_response(req, {'extra_specs': extra_specs.visible(
        _specs(req, share_type.id), req.context.is_admin)})


def show(req):
    policy.authorize(req.context, 'share_types_extra_spec:show')
    share_type = types_handler.get_type(req)
    key = req.urlvars['key']
    specs = extra_specs.visible(_specs(req, share_type.id),
                                req.context.is_admin)
    if key not in specs:
        raise types_db.ExtraSpecNotFound(type_id=share_type.id, key=key)
    return wsgi.json_response(req, {key: specs[key]})


def _store(req, specs):
    """Check and save specs on the URL's type; the body is echoed back."""
    extra_specs.check(specs)
    share_type = types_handler.get_type(req)
    types_db.set_extra_specs(req.context, share_type.id, {
        k: extra_specs.as_text(v) for k, v in specs.items()})


def create(req):
    """POST: add or change several specs at once."""
    policy.authorize(req.context, 'share_types_extra_spec:create')
    body = validation.validate(schema.extra_specs, wsgi.read_json(req))
    _store(req, body['extra_specs'])
    return wsgi.json_response(req, {'extra_specs': body['extra_specs']})


def update(req):
    """PUT .../extra_specs/{key} with the body {key: value}."""
    policy.authorize(req.context, 'share_types_extra_spec:update')
    body = validation.validate(schema.one_extra_spec(req.urlvars['key']),
                               wsgi.read_json(req))
    _store(req, body)
    return wsgi.json_response(req, body)


def delete(req):
    policy.authorize(req.context, 'share_types_extra_spec:delete')
    key = req.urlvars['key']
    undeletable = set(extra_specs.REQUIRED)
    if not req.at_least('2.24'):
        undeletable.add(extra_specs.SNAPSHOT_SUPPORT)
    if key in undeletable:
        raise exception.Forbidden("Extra spec '%s' can't be deleted." % key)
    share_type = types_handler.get_type(req)
    types_db.delete_extra_spec(req.context, share_type.id, key)
    return wsgi.empty_response(202)
