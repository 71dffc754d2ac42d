"""What the lock core needs to know about a resource, and how it asks.

The host (the service that owns shares and access rules) implements
``ResourceLookup``; the core never imports the host's models.
"""
import dataclasses
import typing


@dataclasses.dataclass(frozen=True)
class LockableResource:
    id: str
    type: str                  # vocabulary.SHARE or vocabulary.ACCESS_RULE
    project_id: str            # the project that owns the resource
    state: str                 # share status, or access rule state
    # True when the resource, or the share it belongs to, is in the
    # recycle bin: neither takes a new lock.
    soft_deleted: bool = False
    share_id: typing.Optional[str] = None   # an access rule's share
    # The status of the share the resource is, or belongs to (a rule's).
    share_state: typing.Optional[str] = None

    @property
    def container_id(self):
        """The resource this one goes with: removing or handing over the
        container removes or hands over this resource too."""
        return self.share_id or self.id


class ResourceLookup(typing.Protocol):
    def get_for_update(self, context, resource_type, resource_id):
        """Return the live resource as a LockableResource.

        Called inside the caller's write transaction; it must take a row
        lock on the resource (SELECT ... FOR UPDATE) so that a concurrent
        delete of the same resource waits for, or is refused by, the lock
        being placed. Raise ``exception.LockedResourceNotFound`` when the
        resource does not exist or the caller may not see it.
        """

    # Optional: a host may leave it out, and its share locks are then
    # placed through get_for_update in an ORM session (slower, as sound).
    def lock_share(self, connection, context, share_id):
        """get_for_update of a share, through `connection`: a Core
        connection in a write transaction of the lock core's own
        (core/locks.py places a share's deletion lock so, without an ORM
        session)."""
