"""/share-replicas (2.11; experimental until 2.56): none. The back end
replicates nothing; clients (manila-ui's share pages) list a share's
replicas with GET /share-replicas/detail?share_id=..."""
from manila_locks.host.handlers import absent

MIN_VERSION = '2.11'
GRADUATED = '2.56'


def index(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    return absent.empty_list(req, 'share_replica:get_all', 'share_replicas')


def detail(req):
    return index(req)


def show(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    absent.not_found(req, 'share_replica:show', 'Replica %s not found.'
                     % req.urlvars['share_replica_id'])


ROUTES = {
    '/share-replicas': {'GET': index},
    '/share-replicas/detail': {'GET': detail},
    '/share-replicas/{share_replica_id}': {'GET': show},
}
