"""Which resource states accept a new lock."""
from manila_locks.core import exception
from manila_locks.core import vocabulary as v


def ensure_lockable(resource, action):
    """Raise a Conflict when `resource` may not get a lock for `action`."""
    if resource.soft_deleted:
        raise exception.ResourceSoftDeleted()
    if action == v.DELETE and resource.state in v.UNLOCKABLE_STATES.get(
            resource.type, ()):
        raise exception.ResourceStateConflict(resource_id=resource.id,
                                              state=resource.state)
