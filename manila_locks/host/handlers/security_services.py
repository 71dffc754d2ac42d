"""/security-services: none. A security service configures the share
servers of a share network, and this service has neither (see
share_networks), so creating one answers 400 rather than keeping a record
nothing could use."""
import webob.exc

from manila_locks.api import router
from manila_locks.host.handlers import absent

CREATE_REFUSED = (
    'Security services are not supported by this service: they configure '
    'share servers on share networks, and its back end handles neither.')


def index(req):
    return absent.empty_list(req, 'security_service:index',
                             'security_services')


def detail(req):
    return absent.empty_list(req, 'security_service:detail',
                             'security_services')


def show(req):
    # Manila's bare HTTPNotFound.
    absent.not_found(req, 'security_service:show', router.NOT_FOUND)


def create(req):
    absent.not_supported(req, 'security_service:create',
                         'security_service', CREATE_REFUSED,
                         webob.exc.HTTPUnprocessableEntity)


ROUTES = {
    '/security-services': {'GET': index, 'POST': create},
    '/security-services/detail': {'GET': detail},
    '/security-services/{security_service_id}': {'GET': show},
}
