"""Share migration, as a Manila whose only backend cannot migrate answers
it: that backend has no driver-assisted migration and no Manila data
service runs here for a host-assisted one.

The checks Manila's API makes come first, with its messages. A request to
stay where the share is ends at once with task_state migration_success
(200, as Manila). Any other destination on this host is accepted (202)
and, the migration being impossible, the share is left where it was with
task_state migration_error, as Manila's scheduler and share manager leave
it; a host that runs no share service is 404.
"""
from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import share_service
from manila_locks import policy

RULE = 'share:migration_start'
SUCCESS, ERROR = 'migration_success', 'migration_error'


class InvalidShare(exception.Invalid):
    message = 'Invalid share: %(reason)s'


class HostBinaryNotFound(exception.NotFound):
    message = 'Could not find binary manila-share on host %(host)s.'


class NoSuchTarget(exception.Invalid):
    message = '%(kind)s %(id)s not found.'


def _check_movable(share):
    if share.is_soft_deleted:
        raise InvalidShare(reason="Migration cannot start for share '%s' "
                                  "since it has been soft deleted." % share.id)
    if share.status != 'available':
        raise InvalidShare(reason=(
            'Share instance %s status must be available, but current '
            'status is: %s.' % (share.id, share.status)))
    if share.access_rules_status != 'active':
        raise InvalidShare(reason=(
            'Share instance %s access rules status must be active, but '
            'current status is: %s.' % (share.id,
                                        share.access_rules_status)))


@db_api.writer
def start(context, driver, share_id, dest_host, new_share_type_id=None,
          new_share_network_id=None):
    """200 if the share is already there, 202 once the (failed) migration
    is recorded."""
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, RULE, share_service.target(share))
    if new_share_network_id:
        # This backend handles no share servers: no share network exists.
        raise NoSuchTarget(kind='Share network', id=new_share_network_id)
    type_id = share.share_type_id
    if new_share_type_id:
        try:
            type_id = types_db.get_by_name_or_id(context,
                                                 new_share_type_id).id
        except exception.NotFound:
            raise NoSuchTarget(kind='Share type', id=new_share_type_id)
    _check_movable(share)
    if dest_host.split('@')[0] != driver.host.split('@')[0]:
        raise HostBinaryNotFound(host=dest_host.split('@')[0])
    stays = dest_host == share.host and type_id == share.share_type_id
    share.task_state = SUCCESS if stays else ERROR
    share.updated_at = base.utcnow()
    return 200 if stays else 202
