"""/share-group-snapshots (2.31; experimental until 2.55): none, since
there are no share groups; a create names a share group that cannot be
found, and is refused as Manila refuses that."""
from manila_locks.api import validation
from manila_locks.core import exception
from manila_locks.host.handlers import absent
from manila_locks import policy

MIN_VERSION = '2.31'
GRADUATED = '2.55'


def index(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    return absent.empty_list(req, 'share_group_snapshot:get_all',
                             'share_group_snapshots')


def detail(req):
    return index(req)


def show(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    absent.not_found(req, 'share_group_snapshot:get',
                     'Share group snapshot %s not found.'
                     % req.urlvars['share_group_snapshot_id'])


def create(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    policy.authorize(req.context, 'share_group_snapshot:create')
    data = absent.entity(req, 'share_group_snapshot')
    group_id = data.get('share_group_id')
    if not group_id:
        raise exception.Invalid("Must supply 'share_group_id' attribute.")
    if not validation.is_uuid(group_id):
        raise exception.Invalid("The 'share_group_id' attribute must be a "
                                "uuid.")
    raise exception.Invalid('Share group %s could not be found.' % group_id)


ROUTES = {
    '/share-group-snapshots': {'GET': index, 'POST': create},
    '/share-group-snapshots/detail': {'GET': detail},
    '/share-group-snapshots/{share_group_snapshot_id}': {'GET': show},
}
