"""Every route of the host, below /v2, in one table.

Literal segments come before {placeholders} that could swallow them
(``/shares/detail`` before ``/shares/{share_id}``).
"""
from manila_locks.api.handlers import resource_lock
from manila_locks.api.handlers import resource_lock_event
from manila_locks.host.handlers import access_rules
from manila_locks.host.handlers import availability_zones
from manila_locks.host.handlers import export_locations
from manila_locks.host.handlers import limits
from manila_locks.host.handlers import messages
from manila_locks.host.handlers import quota_class_sets
from manila_locks.host.handlers import quota_sets
from manila_locks.host.handlers import scheduler_stats
from manila_locks.host.handlers import security_services
from manila_locks.host.handlers import share_actions
from manila_locks.host.handlers import share_group_snapshots
from manila_locks.host.handlers import share_group_types
from manila_locks.host.handlers import share_groups
from manila_locks.host.handlers import share_instance_export_locations
from manila_locks.host.handlers import share_instances
from manila_locks.host.handlers import share_metadata
from manila_locks.host.handlers import share_networks
from manila_locks.host.handlers import share_replicas
from manila_locks.host.handlers import share_servers
from manila_locks.host.handlers import share_snapshots
from manila_locks.host.handlers import share_type_extra_specs
from manila_locks.host.handlers import share_types
from manila_locks.host.handlers import shares
from manila_locks.host.handlers import transfers
from manila_locks.host.handlers import versions

ROUTES = {
    # /v2/{project_id} alone: the versions document, as for /v2.
    '/': {'GET': versions.document},
    '/types': {'GET': share_types.index, 'POST': share_types.create},
    '/types/default': {'GET': share_types.default},
    '/types/{type_id}': {'GET': share_types.show,
                         'PUT': share_types.update,
                         'DELETE': share_types.delete},
    '/types/{type_id}/action': {'POST': share_types.action},
    '/types/{type_id}/share_type_access': {
        'GET': share_types.list_access},
    '/types/{type_id}/os-share-type-access': {
        'GET': share_types.list_access_legacy},
    '/types/{type_id}/extra_specs': {
        'GET': share_type_extra_specs.index,
        'POST': share_type_extra_specs.create},
    '/types/{type_id}/extra_specs/{key}': {
        'GET': share_type_extra_specs.show,
        'PUT': share_type_extra_specs.update,
        'DELETE': share_type_extra_specs.delete},
    '/shares': {'GET': shares.index, 'POST': shares.create},
    '/shares/detail': {'GET': shares.detail},
    '/shares/{share_id}': {'GET': shares.show, 'PUT': shares.update,
                           'DELETE': shares.delete},
    '/shares/{share_id}/action': {'POST': share_actions.action},
    '/shares/{share_id}/metadata': {'GET': share_metadata.index,
                                    'PUT': share_metadata.replace,
                                    'POST': share_metadata.merge},
    '/shares/{share_id}/metadata/{key}': {'GET': share_metadata.show,
                                          'POST': share_metadata.set_item,
                                          'DELETE': share_metadata.delete},
    '/shares/{share_id}/instances': {'GET': share_instances.of_share},
    '/share_instances': {'GET': share_instances.index},
    '/share_instances/{instance_id}': {'GET': share_instances.show},
    '/share_instances/{instance_id}/action': {
        'POST': share_instances.action},
    '/share_instances/{instance_id}/export_locations': {
        'GET': share_instance_export_locations.index},
    '/share_instances/{instance_id}/export_locations/{export_location_id}': {
        'GET': share_instance_export_locations.show},
    '/shares/{share_id}/export_locations': {
        'GET': export_locations.index},
    '/shares/{share_id}/export_locations/{export_location_id}': {
        'GET': export_locations.show},
    '/os-share-unmanage/{share_id}/unmanage': {
        'POST': share_actions.legacy_unmanage},
    '/share-access-rules': {'GET': access_rules.index},
    '/share-access-rules/{rule_id}': {'GET': access_rules.show,
                                      'PUT': access_rules.update},
    '/share-access-rules/{rule_id}/metadata': {
        'PUT': access_rules.set_metadata},
    '/share-access-rules/{rule_id}/metadata/{key}': {
        'DELETE': access_rules.delete_metadata},
}
ROUTES.update(transfers.ROUTES)
ROUTES.update(resource_lock.ROUTES)
ROUTES.update(resource_lock_event.ROUTES)
# What manila-ui reads besides shares: the zone, the project's limits,
# quotas and user messages, and the collections this service has none of.
ROUTES.update({
    '/availability-zones': {'GET': availability_zones.index},
    '/os-availability-zone': {'GET': availability_zones.index_legacy},
    '/limits': {'GET': limits.index},
    '/scheduler-stats/pools': {'GET': scheduler_stats.index},
    '/scheduler-stats/pools/detail': {'GET': scheduler_stats.detail},
})
ROUTES.update(quota_sets.ROUTES)
ROUTES.update(quota_class_sets.ROUTES)
ROUTES.update(messages.ROUTES)
ROUTES.update(share_snapshots.ROUTES)
ROUTES.update(share_replicas.ROUTES)
ROUTES.update(share_networks.ROUTES)
ROUTES.update(share_servers.ROUTES)
ROUTES.update(security_services.ROUTES)
ROUTES.update(share_groups.ROUTES)
ROUTES.update(share_group_types.ROUTES)
ROUTES.update(share_group_snapshots.ROUTES)
