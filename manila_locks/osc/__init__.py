"""The OpenStack client plugin: `openstack share lock history` and the
other commands manila_locks adds to `openstack`.

A client, not part of the service: it imports nothing else of
manila_locks, and what it needs (python-openstackclient, which brings
osc-lib, cliff and keystoneauth1) is the `osc` extra, not a requirement of
the service.
"""
