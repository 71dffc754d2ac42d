"""Domain errors of the lock core and host. No HTTP in here: the classes
say what went wrong (not found, invalid input, a conflict, not allowed, a
state that does not allow the action), and ``manila_locks.api.faults``
gives each its status from one table."""


class ManilaLocksError(Exception):
    message = 'An unknown error occurred.'
    # A refusal by locks carries its lock history (core/history.refuse).
    refusal = None

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            message = self.message % kwargs if kwargs else self.message
        self.msg = message
        super().__init__(message)

    def __str__(self):
        return self.msg


class NotFound(ManilaLocksError):
    message = 'Resource could not be found.'


class ResourceLockNotFound(NotFound):
    message = 'Resource lock %(lock_id)s could not be found.'


class ReferenceNotFound(NotFound):
    """A resource a query parameter or the body names (not the path) does
    not exist: Manila answers these 400, not 404."""


class LockedResourceNotFound(ReferenceNotFound):
    message = 'No such resource found.'


class Invalid(ManilaLocksError):
    message = 'Invalid input received.'


class InvalidSortKey(Invalid):
    message = ('Invalid sort_key %(sort_key)s. It must be one of: '
               '%(allowed)s.')


class InvalidResourceType(Invalid):
    message = ("Resource type '%(resource_type)s' cannot be locked. "
               "Allowed: %(allowed)s.")


class ActionNotAllowed(Invalid):
    message = ("Resource action '%(action)s' is not allowed for resource "
               "type '%(resource_type)s'. Allowed: %(allowed)s.")


class InvalidFilter(Invalid):
    message = "Locks cannot be filtered by '%(key)s'."


class Conflict(ManilaLocksError):
    message = 'The request conflicts with the current state.'


class ResourceStateConflict(Conflict):
    message = ('Resource %(resource_id)s cannot be locked in its current '
               'state (%(state)s).')


class ResourceSoftDeleted(Conflict):
    message = 'Resource cannot be locked since it has been soft deleted.'


class VisibilityLockExists(Conflict):
    message = "Resource's visibility is already locked by other user."


class StateError(ManilaLocksError):
    """The resource's state does not allow the action. Manila answers these
    with different statuses (400, 403), so each class of this kind is
    listed in the fault table by itself."""
    message = 'The resource is in a state that does not allow the action.'


class Forbidden(ManilaLocksError):
    message = 'Not authorized.'


class PolicyNotAuthorized(Forbidden):
    message = "Policy doesn't allow %(action)s to be performed."


class LockManipulationDenied(Forbidden):
    message = ('Resource lock cannot be manipulated by user. Please contact '
               'the administrator.')


class ResourceLocked(Forbidden):
    """Deletion locks block the requested action.

    The message names the guarded action ('delete' for every path that
    removes a resource, as Manila words it) and only the lock ids the
    caller may see; ``lock_ids`` holds those visible ids.
    """

    message = 'Resource lock/s [%(lock_ids)s] prevent %(action)s action.'

    hidden_message = ('Resource lock/s placed by others prevent %(action)s '
                      'action.')

    def __init__(self, action, lock_ids):
        self.action = action
        self.lock_ids = list(lock_ids)
        if self.lock_ids:
            super().__init__(action=action,
                             lock_ids=', '.join(self.lock_ids))
        else:
            super().__init__(self.hidden_message % {'action': action})


class CompanionLockImmutable(Forbidden):
    message = ('Lock %(lock_id)s was placed by access lock %(parent_id)s and '
               'changes only with it.')
