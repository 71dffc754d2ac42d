"""Policy defaults in code, one module per resource, as Manila names them."""
import itertools

from manila_locks.policies import availability_zone
from manila_locks.policies import base
from manila_locks.policies import message
from manila_locks.policies import quota_class_set
from manila_locks.policies import quota_set
from manila_locks.policies import resource_lock
from manila_locks.policies import resource_lock_event
from manila_locks.policies import scheduler_stats
from manila_locks.policies import security_service
from manila_locks.policies import share
from manila_locks.policies import share_access
from manila_locks.policies import share_group
from manila_locks.policies import share_group_snapshot
from manila_locks.policies import share_group_type
from manila_locks.policies import share_instance
from manila_locks.policies import share_instance_export_location
from manila_locks.policies import share_network
from manila_locks.policies import share_replica
from manila_locks.policies import share_server
from manila_locks.policies import share_snapshot
from manila_locks.policies import share_transfer
from manila_locks.policies import share_type


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        resource_lock.list_rules(),
        resource_lock_event.list_rules(),
        share.list_rules(),
        share_access.list_rules(),
        share_instance.list_rules(),
        share_instance_export_location.list_rules(),
        share_transfer.list_rules(),
        share_type.list_rules(),
        availability_zone.list_rules(),
        message.list_rules(),
        quota_set.list_rules(),
        quota_class_set.list_rules(),
        scheduler_stats.list_rules(),
        share_snapshot.list_rules(),
        share_network.list_rules(),
        share_server.list_rules(),
        security_service.list_rules(),
        share_group.list_rules(),
        share_group_type.list_rules(),
        share_group_snapshot.list_rules(),
        share_replica.list_rules(),
    ))
