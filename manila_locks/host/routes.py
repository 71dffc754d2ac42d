"""Every route of the host, below /v2, in one table.

Literal segments come before {placeholders} that could swallow them
(``/shares/detail`` before ``/shares/{share_id}``).
"""
from manila_locks.api.handlers import resource_lock
from manila_locks.host.handlers import export_locations
from manila_locks.host.handlers import share_actions
from manila_locks.host.handlers import share_types
from manila_locks.host.handlers import shares

ROUTES = {
    '/types': {'GET': share_types.index, 'POST': share_types.create},
    '/types/default': {'GET': share_types.default},
    '/types/{type_id}': {'GET': share_types.show,
                         'DELETE': share_types.delete},
    '/types/{type_id}/extra_specs': {
        'GET': share_types.list_extra_specs,
        'POST': share_types.set_extra_specs},
    '/types/{type_id}/extra_specs/{key}': {
        'DELETE': share_types.delete_extra_spec},
    '/shares': {'GET': shares.index, 'POST': shares.create},
    '/shares/detail': {'GET': shares.detail},
    '/shares/{share_id}': {'GET': shares.show, 'PUT': shares.update,
                           'DELETE': shares.delete},
    '/shares/{share_id}/action': {'POST': share_actions.action},
    '/shares/{share_id}/export_locations': {
        'GET': export_locations.index},
    '/shares/{share_id}/export_locations/{export_location_id}': {
        'GET': export_locations.show},
    '/share-replicas/detail': {'GET': export_locations.replicas_detail},
}
ROUTES.update(resource_lock.ROUTES)
