"""/shares/{share_id}/export_locations (2.9 and later)."""
import webob.exc

from manila_locks.api import microversion
from manila_locks.api import wsgi
from manila_locks.host.db import shares as shares_db
from manila_locks.host.handlers import shares as shares_handler
from manila_locks.host.views import export_locations as view
from manila_locks import policy
from manila_locks.host import share_api


def _exports(req):
    microversion.require(req, '2.9')
    share = shares_handler.get_visible(req)
    policy.authorize(req.context, 'share_export_location:index',
                     share_api.target(share))
    return shares_db.export_locations(req.context, [share.id])[share.id]


def index(req):
    items = _exports(req)
    return wsgi.json_response(req, {'export_locations': [
        view.export_location(req, item) for item in items]})


def show(req):
    for item in _exports(req):
        if item.id == req.urlvars['export_location_id']:
            return wsgi.json_response(
                req, {'export_location': view.export_location(req, item)})
    raise webob.exc.HTTPNotFound(
        explanation='Export location %s not found.'
                    % req.urlvars['export_location_id'])


def replicas_detail(req):
    """Share replicas are not offered; clients probe this list."""
    return wsgi.json_response(req, {'share_replicas': []})
