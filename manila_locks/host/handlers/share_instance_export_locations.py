"""/share_instances/{instance_id}/export_locations[/{export_location_id}]
(2.9 and later): the export locations of one share instance, for
administrators. Each share here has one instance with the share's id, so
these are the share's export locations, admin-only ones included.

The policy is checked before the instance is looked up (a member gets 403
for any id, as in Manila); an unknown instance, or an export location of
another instance, is 404.
"""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import shares as shares_db
from manila_locks.host.views import export_locations as view
from manila_locks import policy

MIN_VERSION = '2.9'


def _exports(req, rule):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, rule)
    instance_id = req.urlvars['instance_id']
    missing = exception.NotFound("Share instance '%s' not found."
                                 % instance_id)
    if not validation.is_uuid(instance_id):
        raise missing
    shares_db.get(req.context, instance_id, missing=missing)
    return shares_db.export_locations(
        req.context, [instance_id], include_admin_only=True)[instance_id]


def index(req):
    items = _exports(req, 'share_instance_export_location:index')
    return wsgi.json_response(req, {'export_locations': [
        view.export_location(req, item) for item in items]})


def show(req):
    wanted = req.urlvars['export_location_id']
    for item in _exports(req, 'share_instance_export_location:show'):
        if item.id == wanted:
            return wsgi.json_response(req, {'export_location': (
                view.export_location(req, item, detail=True))})
    raise exception.NotFound('Export location %s could not be found.'
                             % wanted)
