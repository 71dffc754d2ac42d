"""/share-networks: none. The back end handles no share servers, so no
share can use a share network (a share type with
driver_handles_share_servers=True is refused at share create). Manila
would record a share network without a back end's help; this service
answers 400 instead of keeping one nothing could use."""
import webob.exc

from manila_locks.host.handlers import absent

CREATE_REFUSED = (
    'Share networks are not supported by this service: its back end does '
    'not handle share servers (driver_handles_share_servers=False), so no '
    'share could use one.')


def index(req):
    return absent.empty_list(req, 'share_network:index', 'share_networks')


def detail(req):
    return absent.empty_list(req, 'share_network:detail', 'share_networks')


def show(req):
    absent.not_found(req, 'share_network:show',
                     'Share network %s could not be found.'
                     % req.urlvars['share_network_id'])


def create(req):
    absent.not_supported(req, 'share_network:create', 'share_network',
                         CREATE_REFUSED, webob.exc.HTTPUnprocessableEntity)


ROUTES = {
    '/share-networks': {'GET': index, 'POST': create},
    '/share-networks/detail': {'GET': detail},
    '/share-networks/{share_network_id}': {'GET': show},
}
