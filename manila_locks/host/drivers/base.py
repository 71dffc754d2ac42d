"""The interface every share backend implements. Calls are synchronous:
when they return, the backend has done the work."""
import abc


class ShareDriver(abc.ABC):
    # Where the backend's shares live, as Manila reports them: its
    # host@backend#pool, and its availability zone (below).
    host = 'localhost@local#local'
    # The name the backend reports to the scheduler (the share_backend_name
    # extra spec of a type must match it); [DEFAULT] share_backend_name
    # overrides it.
    default_backend_name = None

    def __init__(self, conf):
        self.conf = conf

    @property
    def availability_zone(self):
        """The zone of this back end, as Manila's share service takes it
        from [DEFAULT] storage_availability_zone."""
        return self.conf.storage_availability_zone

    @property
    def backend_name(self):
        return self.conf.share_backend_name or self.default_backend_name

    @abc.abstractmethod
    def create_share(self, share):
        """Provision the share; return its export path."""

    @abc.abstractmethod
    def delete_share(self, share):
        """Remove the share and its data."""

    def unmanage_share(self, share):
        """Stop managing the share, leaving its data in place."""

    def extend_share(self, share, new_size):
        """Grow the share to new_size GiB."""

    def shrink_share(self, share, new_size):
        """Shrink the share to new_size GiB."""

    def update_access(self, share, rules):
        """Make the backend's access list equal `rules` (all live rules)."""
