"""/availability-zones (2.7 and later) and /os-availability-zone (2.0 to
2.6): the one zone of this service's back end, [DEFAULT]
storage_availability_zone."""
from manila_locks.api import microversion
from manila_locks.api import wsgi
from manila_locks.host.db import availability_zones as zones_db
from manila_locks.host import drivers
from manila_locks.host.views import availability_zones as view
from manila_locks import policy


def _zones(req):
    policy.authorize(req.context, 'availability_zone:index')
    zone = zones_db.ensure(req.context,
                           drivers.of_request(req).availability_zone)
    return wsgi.json_response(req, view.zones([zone]))


def index(req):
    microversion.require(req, '2.7')
    return _zones(req)


def index_legacy(req):
    microversion.require(req, '2.0', '2.6')
    return _zones(req)
