"""The host's side of the lock core's ResourceLookup interface."""
from manila_locks.core import exception
from manila_locks.core import lookup
from manila_locks.core import vocabulary as v
from manila_locks.host.db import access_rules as access_db
from manila_locks.host.db import shares as shares_db


class HostLookup:
    def get_for_update(self, context, resource_type, resource_id):
        try:
            if resource_type == v.SHARE:
                return _share(shares_db.lock_for_update(context, resource_id))
            rule, share = access_db.get_for_update(context, resource_id)
            return lookup.LockableResource(
                id=rule.id, type=v.ACCESS_RULE, project_id=share.project_id,
                state=rule.state, soft_deleted=share.is_soft_deleted,
                share_id=share.id, share_state=share.status)
        except exception.NotFound:
            raise exception.LockedResourceNotFound()

    def lock_share(self, connection, context, share_id):
        try:
            return _share(shares_db.lock_row(connection, context, share_id))
        except exception.NotFound:
            raise exception.LockedResourceNotFound()


def _share(share):
    return lookup.LockableResource(
        id=share.id, type=v.SHARE, project_id=share.project_id,
        state=share.status, soft_deleted=share.is_soft_deleted,
        share_state=share.status)
