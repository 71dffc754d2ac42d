"""/shares/{share_id}/metadata[/{key}]: a share's metadata (Manila's
share metadata API; rules in share_metadata_service)."""
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host import metadata_limits
from manila_locks.host.schemas import shares as schema
from manila_locks.host import share_metadata_service as service


def _share_id(req):
    return req.urlvars['share_id']


def _items(req):
    """body['metadata'], checked as Manila checks it, or 400."""
    body = validation.validate(schema.metadata, wsgi.read_json(req))
    return metadata_limits.check(body['metadata'],
                                 req.conf.max_metadata_items)


def index(req):
    metadata = service.get_all(req.context, _share_id(req))
    return wsgi.json_response(req, {'metadata': metadata})


def show(req):
    key = req.urlvars['key']
    value = service.get_item(req.context, _share_id(req), key)
    return wsgi.json_response(req, {'meta': {key: value}})


def replace(req):
    """PUT: the body's metadata becomes all of the share's metadata."""
    items = _items(req)
    metadata = service.replace(req.context, _share_id(req), items,
                               req.conf.max_metadata_items,
                               req.conf.admin_only_metadata)
    return wsgi.json_response(req, {'metadata': metadata})


def merge(req):
    """POST: the body's items are added or overwritten."""
    items = _items(req)
    metadata = service.merge(req.context, _share_id(req), items,
                             req.conf.max_metadata_items,
                             req.conf.admin_only_metadata)
    return wsgi.json_response(req, {'metadata': metadata})


def set_item(req):
    """POST .../metadata/{key}: add or change the one item the URL names.

    Manila routes this (update_metadata_item) but its handler cannot work:
    it asks for a 'meta' body yet reads 'metadata', then counts the whole
    merged metadata as the body's items. Here the body is
    {"metadata": {key: value}} ({"meta": ...} is taken too, the shape a
    show answers), checked with Manila's messages, and the answer is the
    item."""
    body = validation.validate(schema.metadata_item, wsgi.read_json(req))
    items = body.get('metadata', body.get('meta'))
    items = metadata_limits.check(items, req.conf.max_metadata_items)
    key = req.urlvars['key']
    if key not in items:
        raise exception.Invalid('Request body and URI mismatch')
    if len(items) > 1:
        raise exception.Invalid('Request body contains too many items')
    metadata = service.merge(req.context, _share_id(req), items,
                             req.conf.max_metadata_items,
                             req.conf.admin_only_metadata)
    return wsgi.json_response(req, {'metadata': {key: metadata[key]}})


def delete(req):
    service.delete_item(req.context, _share_id(req), req.urlvars['key'],
                        req.conf.admin_only_metadata)
    return wsgi.empty_response(200)
