"""/share-group-types (2.31; experimental until 2.55): none. The back end
cannot group shares, so no share group could use a type; Manila would
record one without a back end's help (administrators only), this service
answers 400 instead."""
from manila_locks.host.handlers import absent

MIN_VERSION = '2.31'
GRADUATED = '2.55'
CREATE_REFUSED = (
    'Share group types are not supported by this service: its back end '
    'cannot group shares, so no share group could use one.')


def _gate(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)


def index(req):
    _gate(req)
    return absent.empty_list(req, 'share_group_type:index',
                             'share_group_types')


def default(req):
    _gate(req)
    absent.not_found(req, 'share_group_type:default',
                     'Default share group type not found.')


def show(req):
    _gate(req)
    absent.not_found(req, 'share_group_type:show',
                     'Share group type with id %s not found.'
                     % req.urlvars['share_group_type_id'])


def create(req):
    _gate(req)
    absent.not_supported(req, 'share_group_type:create',
                         'share_group_type', CREATE_REFUSED)


ROUTES = {
    '/share-group-types': {'GET': index, 'POST': create},
    '/share-group-types/default': {'GET': default},
    '/share-group-types/{share_group_type_id}': {'GET': show},
}
