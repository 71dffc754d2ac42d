"""/types: share types and which projects may use the private ones.
Extra specs are in share_type_extra_specs.py."""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import share_types as types_db
from manila_locks.host import extra_specs
from manila_locks.host.handlers import share_filters
from manila_locks.host.schemas import share_types as schema
from manila_locks.host.views import share_types as view
from manila_locks import policy


def one(req, share_type, status=200):
    specs = types_db.extra_specs(req.context, [share_type.id])[share_type.id]
    return wsgi.json_response(req, view.one(req, share_type, specs),
                              status=status)


def get_type(req):
    """The type named in the URL by id (or by name), or 404."""
    return types_db.get_by_name_or_id(req.context, req.urlvars['type_id'])


def _list_filters(req):
    is_public = None
    if req.context.is_admin:
        # Admins list public types unless they ask for all or private ones.
        text = req.GET.get('is_public', 'true')
        if text.lower() != 'all':
            is_public = validation.to_bool(text)
            if is_public is None:
                raise exception.Invalid('Invalid is_public filter [%s]' % text)
    specs = None
    if 'extra_specs' in req.GET:
        if not req.at_least('2.43'):
            raise exception.Invalid(
                "Filter by 'extra_specs' is not supported by this "
                "microversion. Use 2.43 or greater microversion to be able "
                "to use filter search by 'extra_specs'.")
        specs = share_filters.literal_dict(req.GET, 'extra_specs',
                                           'extra specs')
    return is_public, specs


def index(req):
    policy.authorize(req.context, 'share_type:index')
    is_public, specs = _list_filters(req)
    items = types_db.get_all(req.context, is_public, specs)
    specs = types_db.extra_specs(req.context, [t.id for t in items])
    return wsgi.json_response(req, view.many(req, items, specs))


def default(req):
    policy.authorize(req.context, 'share_type:default')
    share_type = types_db.get_by_name(
        req.context, req.conf.default_share_type,
        missing=exception.NotFound('Default share type not found'))
    return one(req, share_type)


def show(req):
    policy.authorize(req.context, 'share_type:show')
    return one(req, get_type(req))


def _entity(req):
    body = validation.validate(schema.entity, wsgi.read_json(req))
    return body.get('share_type', body.get('volume_type'))


def _is_public(data, *keys):
    for key in keys:
        if key in data:
            return validation.to_bool_value(data[key])
    return True


def _create_specs(req, data):
    specs = data.get('extra_specs') or {}
    extra_specs.check(specs, numbers=True)
    extra_specs.check_required(specs)
    if not req.at_least('2.24'):
        # Before 2.24 a type could always snapshot unless it said not.
        specs.setdefault(extra_specs.SNAPSHOT_SUPPORT, True)
    return {k: extra_specs.as_text(v) for k, v in specs.items()}


def create(req):
    policy.authorize(req.context, 'share_type:create')
    data = _entity(req)
    validation.validate(schema.create_of(req), data)
    share_type = types_db.create(
        req.context, data['name'].strip(), _create_specs(req, data),
        _is_public(data, 'share_type_access:is_public',
                   'os-share-type-access:is_public'),
        data.get('description'))
    return one(req, share_type)


def _update_changes(data):
    """What an update (its schema passed) changes: a null field changes
    nothing; an empty description unsets it."""
    changes = {}
    name, description = data.get('name'), data.get('description')
    if name is not None:
        changes['name'] = name.strip()
    if description is not None:
        changes['description'] = description or None
    value = data.get('share_type_access:is_public')
    if value is not None:
        changes['is_public'] = validation.to_bool_value(value)
    if not changes:
        raise exception.Invalid(
            'Specify share type name, description, '
            'share_type_access:is_public or a combination thereof.')
    return changes


def update(req):
    microversion.require(req, '2.50')
    policy.authorize(req.context, 'share_type:update')
    data = _entity(req)
    validation.validate(schema.update, data)
    changes = _update_changes(data)
    return one(req, types_db.update(req.context, get_type(req).id, changes))


def delete(req):
    policy.authorize(req.context, 'share_type:delete')
    types_db.delete(req.context, get_type(req).id)
    return wsgi.empty_response(202)


def list_access(req):
    """GET /types/{id}/share_type_access: the projects that may use a
    private type."""
    microversion.require(req, '2.7')
    return _list_access(req)


def list_access_legacy(req):
    """The same below 2.7, at /types/{id}/os-share-type-access."""
    microversion.require(req, '2.0', '2.6')
    return _list_access(req)


def _list_access(req):
    policy.authorize(req.context, 'share_type:list_project_access')
    share_type = get_type(req)
    if share_type.is_public:
        raise exception.NotFound(
            'Access list not available for public share types.')
    return wsgi.json_response(req, view.project_access(
        share_type.id, types_db.projects(req.context, share_type.id)))


def _change_access(req, data, add):
    rule = ('share_type:add_project_access' if add
            else 'share_type:remove_project_access')
    policy.authorize(req.context, rule)
    validation.validate(schema.project_access, data)
    share_type = get_type(req)
    if share_type.is_public:
        raise exception.Conflict(
            'Invalid share type: Type access modification is not '
            'applicable to public share type.')
    change = types_db.add_project if add else types_db.remove_project
    change(req.context, share_type.id, data['project'])
    return wsgi.empty_response(202)


def action(req):
    """POST /types/{id}/action: addProjectAccess or removeProjectAccess."""
    name, data = wsgi.read_action(req, ('addProjectAccess',
                                        'removeProjectAccess'))
    if not isinstance(data, dict):
        raise exception.Invalid("Missing required argument(s): project")
    return _change_access(req, data, name == 'addProjectAccess')
