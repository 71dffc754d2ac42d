"""Policy defaults in code, one module per resource, as Manila names them."""
import itertools

from manila_locks.policies import base
from manila_locks.policies import resource_lock
from manila_locks.policies import share
from manila_locks.policies import share_access
from manila_locks.policies import share_instance
from manila_locks.policies import share_transfer
from manila_locks.policies import share_type


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        resource_lock.list_rules(),
        share.list_rules(),
        share_access.list_rules(),
        share_instance.list_rules(),
        share_transfer.list_rules(),
        share_type.list_rules(),
    ))
