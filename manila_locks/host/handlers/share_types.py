"""/types: share types and their extra specs."""
import webob.exc

from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import share_types as types_db
from manila_locks.host.views import share_types as view
from manila_locks import policy


def _one(req, share_type):
    specs = types_db.extra_specs(req.context, [share_type.id])[share_type.id]
    return wsgi.json_response(req, view.one(req, share_type, specs))


def index(req):
    policy.authorize(req.context, 'share_type:index')
    is_public = None
    if 'is_public' in req.GET and req.GET['is_public'].lower() != 'all':
        is_public = validation.boolean(req.GET, 'is_public')
    items = types_db.get_all(req.context, is_public)
    specs = types_db.extra_specs(req.context, [t.id for t in items])
    return wsgi.json_response(req, view.many(req, items, specs))


def default(req):
    policy.authorize(req.context, 'share_type:default')
    try:
        share_type = types_db.get_by_name_or_id(req.context,
                                                req.conf.default_share_type)
    except exception.NotFound:
        raise webob.exc.HTTPNotFound(
            explanation='Default share type not found.')
    return _one(req, share_type)


def show(req):
    policy.authorize(req.context, 'share_type:show')
    return _one(req, types_db.get_by_name_or_id(req.context,
                                                req.urlvars['type_id']))


CREATE_SCHEMA = {
    'type': 'object',
    'properties': {
        'share_type': {
            'type': 'object',
            'properties': {
                'name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
                'description': {'type': ['string', 'null'],
                                'maxLength': 255},
                'extra_specs': {
                    'type': 'object',
                    'properties': {'driver_handles_share_servers': {
                        'type': ['string', 'boolean']}},
                    'required': ['driver_handles_share_servers'],
                    'additionalProperties': {'type': ['string', 'boolean'],
                                             'maxLength': 255},
                },
                'share_type_access:is_public': {'type': 'boolean'},
                'os-share-type-access:is_public': {'type': 'boolean'},
            },
            'required': ['name', 'extra_specs'],
        },
    },
    'required': ['share_type'],
}


def _spec_text(value):
    return str(value) if not isinstance(value, bool) else str(value)


def create(req):
    policy.authorize(req.context, 'share_type:create')
    body = validation.validate(CREATE_SCHEMA, wsgi.read_json(req))
    data = body['share_type']
    is_public = data.get('share_type_access:is_public',
                         data.get('os-share-type-access:is_public', True))
    specs = {k: _spec_text(v) for k, v in data['extra_specs'].items()}
    share_type = types_db.create(req.context, data['name'], specs,
                                 is_public, data.get('description'))
    return _one(req, share_type)


def delete(req):
    policy.authorize(req.context, 'share_type:delete')
    types_db.delete(req.context, req.urlvars['type_id'])
    return wsgi.empty_response(202)


def list_extra_specs(req):
    policy.authorize(req.context, 'share_types_extra_spec:index')
    share_type = types_db.get(req.context, req.urlvars['type_id'])
    specs = types_db.extra_specs(req.context, [share_type.id])[share_type.id]
    return wsgi.json_response(req, {'extra_specs': specs})


def set_extra_specs(req):
    policy.authorize(req.context, 'share_types_extra_spec:create')
    body = validation.validate({
        'type': 'object',
        'properties': {'extra_specs': {
            'type': 'object', 'minProperties': 1,
            'additionalProperties': {'type': ['string', 'boolean'],
                                     'maxLength': 255}}},
        'required': ['extra_specs']}, wsgi.read_json(req))
    specs = {k: _spec_text(v) for k, v in body['extra_specs'].items()}
    types_db.set_extra_specs(req.context, req.urlvars['type_id'], specs)
    return wsgi.json_response(req, {'extra_specs': specs})


def delete_extra_spec(req):
    policy.authorize(req.context, 'share_types_extra_spec:delete')
    key = req.urlvars['key']
    if key == 'driver_handles_share_servers':
        raise webob.exc.HTTPForbidden(
            explanation='Required extra specification can\'t be deleted.')
    types_db.delete_extra_spec(req.context, req.urlvars['type_id'], key)
    return wsgi.empty_response(202)
