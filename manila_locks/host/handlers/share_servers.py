"""/share-servers (administrators): none, since the back end handles no
share servers (driver_handles_share_servers=False)."""
from manila_locks.host.handlers import absent


def index(req):
    return absent.empty_list(req, 'share_server:index', 'share_servers')


def show(req):
    absent.not_found(req, 'share_server:show',
                     'Share server %s could not be found.'
                     % req.urlvars['share_server_id'])


ROUTES = {
    '/share-servers': {'GET': index},
    '/share-servers/{share_server_id}': {'GET': show},
}
