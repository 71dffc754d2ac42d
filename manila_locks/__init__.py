"""manila_locks: resource locks for OpenStack-style shared file systems."""
