"""/share-groups (2.31; experimental until 2.55): none. No share group
type exists here (see share_group_types), so a create is refused as Manila
refuses one naming no type, or a type that does not exist."""
from manila_locks.api import validation
from manila_locks.core import exception
from manila_locks.host.handlers import absent
from manila_locks import policy

MIN_VERSION = '2.31'
GRADUATED = '2.55'
FIELDS = ('name', 'description', 'share_types', 'share_group_type_id',
          'source_share_group_snapshot_id', 'share_network_id',
          'availability_zone')


def index(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    return absent.empty_list(req, 'share_group:get_all', 'share_groups')


def detail(req):
    return index(req)


def show(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    absent.not_found(req, 'share_group:get', 'Share group %s not found.'
                     % req.urlvars['share_group_id'])


def create(req):
    absent.require_experimental(req, MIN_VERSION, GRADUATED)
    policy.authorize(req.context, 'share_group:create')
    data = absent.entity(req, 'share_group')
    invalid = sorted(set(data) - set(FIELDS))
    if invalid:
        raise exception.Invalid('The fields {%s} are invalid.' % ', '.join(
            repr(name) for name in invalid))
    type_id = data.get('share_group_type_id')
    if type_id is None:
        raise exception.Invalid('Must specify a share group type as a default '
                                'share group type has not been configured.')
    if not validation.is_uuid(type_id):
        raise exception.Invalid("The 'share_group_type_id' attribute must be "
                                "a uuid.")
    raise exception.Invalid('Invalid input received: The specified share '
                            'group type %s does not exist.' % type_id)


ROUTES = {
    '/share-groups': {'GET': index, 'POST': create},
    '/share-groups/detail': {'GET': detail},
    '/share-groups/{share_group_id}': {'GET': show},
}
