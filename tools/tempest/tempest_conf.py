"""tempest.conf for manila-tempest-plugin against this service.

The [share] section describes the host as a real Manila with this one
backend would be described: one local, single-tenant (DHSS=False) NFS
backend in one availability zone, without snapshots, replication, share
groups, migration, manage/unmanage of snapshots or backups. Every flag set
False below is one a Manila operator with such a backend sets False too;
the tests it turns off are skipped by the plugin itself, with its reason.
"""

TEMPLATE = """\
[DEFAULT]
log_file = {workdir}/tempest.log
debug = true

[auth]
use_dynamic_credentials = true
admin_username = admin
admin_password = {admin_password}
admin_project_name = admin
admin_domain_name = Default
# No Neutron: the tests' projects get no networks.
create_isolated_networks = false

[identity]
uri_v3 = {auth_url}
auth_version = v3
region = {region}
admin_role = admin

[identity-feature-enabled]
api_v2 = false

[service_available]
manila = true
# Only Keystone and the share service run here.
cinder = false
glance = false
neutron = false
nova = false
swift = false

[enforce_scope]
# The service's policies are the project-scoped defaults.
manila = false

[share]
catalog_type = sharev2
endpoint_type = public
region = {region}
# What the service's versions document says.
min_api_microversion = {min_version}
max_api_microversion = {max_version}
# One backend that does not handle share servers (DHSS=False): no share
# networks, share servers or security services.
multitenancy_enabled = false
create_networks_when_multitenancy_enabled = false
# The local driver exports directories for NFS; it serves no CIFS.
enable_protocols = nfs
enable_ip_rules_for_protocols = nfs
enable_user_rules_for_protocols =
enable_cert_rules_for_protocols =
enable_cephx_rules_for_protocols =
enable_ro_access_level_for_protocols = nfs
capability_storage_protocol = NFS
# The backend reports snapshot_support = False, so every snapshot
# capability is off and the snapshot tests skip themselves.
capability_snapshot_support = false
capability_create_share_from_snapshot_support = false
run_snapshot_tests = false
run_revert_to_snapshot_tests = false
run_mount_snapshot_tests = false
run_manage_unmanage_snapshot_tests = false
run_create_share_from_snapshot_in_another_pool_or_az_tests = false
# No replication, share groups, migration or backups on this backend.
backend_replication_type = none
run_replication_tests = false
run_multiple_share_replicas_tests = false
run_share_group_tests = false
run_host_assisted_migration_tests = false
run_driver_assisted_migration_tests = false
run_migration_with_preserve_snapshots_tests = false
run_driver_assisted_backup_tests = false
run_share_server_migration_tests = false
run_share_server_multiple_subnet_tests = false
run_network_allocation_update_tests = false
# Manage/unmanage of shares is an admin path the selected tests do not
# use; it would leave orphaned directories behind.
run_manage_unmanage_tests = false
# One backend: the multi-backend tests need two.
multi_backend = false
run_ipv6_tests = false
# Shares are created synchronously; short polls keep the run quick.
build_interval = 1
build_timeout = 60
"""


def render(workdir, auth_url, admin_password, region, min_version,
           max_version):
    return TEMPLATE.format(workdir=workdir, auth_url=auth_url,
                           admin_password=admin_password, region=region,
                           min_version=min_version, max_version=max_version)
