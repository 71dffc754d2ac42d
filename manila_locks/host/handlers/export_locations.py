"""/shares/{share_id}/export_locations (2.9 and later)."""
from manila_locks.api import microversion
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import shares as shares_db
from manila_locks.host.handlers import share_lookup
from manila_locks.host import share_service
from manila_locks.host.views import export_locations as view
from manila_locks import policy


def _exports(req, rule):
    """The share's export locations the caller may see (admin-only ones
    for admins alone)."""
    microversion.require(req, '2.9')
    policy.authorize(req.context, rule)
    share = share_lookup.get_visible(req, missing=exception.NotFound(
        "Share '%s' not found." % req.urlvars['share_id']))
    policy.authorize(req.context, rule, share_service.target(share)
                     if not share.is_public else None)
    return shares_db.export_locations(
        req.context, [share.id], include_admin_only=True)[share.id]


def index(req):
    items = [item for item in _exports(req, 'share_export_location:index')
             if req.context.is_admin or not item.is_admin_only]
    return wsgi.json_response(req, {'export_locations': [
        view.export_location(req, item) for item in items]})


def show(req):
    wanted = req.urlvars['export_location_id']
    for item in _exports(req, 'share_export_location:show'):
        if item.id != wanted:
            continue
        if item.is_admin_only and not req.context.is_admin:
            raise exception.Forbidden(
                'Export location %s is for administrators only.' % wanted)
        body = view.export_location(req, item, detail=True)
        return wsgi.json_response(req, {'export_location': body})
    raise exception.NotFound("Export location '%s' not found." % wanted)
