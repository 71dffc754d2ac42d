"""Share instance representation, per microversion (Manila's share
instance view). This host keeps one instance per share, in the share's own
row: the instance id is the share id (export locations say so too)."""
from manila_locks.api.views.timestamps import isotime
from manila_locks.host.views import shares as share_view


def detail(req, share, exports):
    at = req.at_least
    status = share.status
    if status == 'creating_from_snapshot' and not at('2.54'):
        status = 'creating'
    body = {
        'id': share.id,
        'share_id': share.id,
        'availability_zone': share.availability_zone,
        'created_at': isotime(share.created_at),
        'host': share.host,
        'status': status,
        'share_network_id': share.share_network_id,
        'share_server_id': None,
    }
    if not at('2.9'):
        paths = [e.path for e in exports]
        body['export_location'] = paths[0] if paths else None
        body['export_locations'] = paths
    if at('2.10'):
        body['access_rules_status'] = share.access_rules_status
    if at('2.11'):
        body['replica_state'] = None
    if at('2.22'):
        body['share_type_id'] = share.share_type_id
    if at('2.30'):
        body['cast_rules_to_readonly'] = False
    if at('2.54'):
        body['progress'] = share_view.progress(share)
    if at('2.71'):
        body['updated_at'] = isotime(share.updated_at)
    return body
