"""Which resources accept which locks, and in which states."""
from manila_locks.core import exception
from manila_locks.core import vocabulary as v


def ensure_action_allowed(resource_type, action):
    """Raise Invalid unless `action` can be locked on `resource_type`
    (a visibility lock, 'show', exists only for access rules)."""
    if resource_type not in v.ACTIONS_BY_TYPE:
        raise exception.InvalidResourceType(
            resource_type=resource_type,
            allowed=', '.join(v.RESOURCE_TYPES))
    allowed = v.ACTIONS_BY_TYPE[resource_type]
    if action not in allowed:
        raise exception.ActionNotAllowed(action=action,
                                         resource_type=resource_type,
                                         allowed=', '.join(allowed))


def ensure_lockable(resource, action):
    """Raise a Conflict when `resource` may not get a lock for `action`.

    Soft-deleted resources take no lock at all, nor does a share in a
    frozen state (on offer to another project) or any of its rules; a
    deletion lock is also refused while the resource is on its way out.
    Visibility locks have no other state restriction.
    """
    if resource.soft_deleted:
        raise exception.ResourceSoftDeleted()
    if resource.share_state in v.FROZEN_SHARE_STATES:
        raise exception.ResourceStateConflict(
            resource_id=resource.id, state='share ' + resource.share_state)
    if action == v.DELETE and resource.state in v.UNLOCKABLE_STATES.get(
            resource.type, ()):
        raise exception.ResourceStateConflict(resource_id=resource.id,
                                              state=resource.state)
