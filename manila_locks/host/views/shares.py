"""Share representation, per microversion (Manila's share views)."""
from manila_locks.api import links
from manila_locks.api.views.timestamps import isotime

COLLECTION = 'shares'


def _capabilities(specs):
    def flag(key):
        return str(specs.get(key, 'False')).lower() in ('true', '<is> true')
    return flag


def detail(req, share, share_type, specs, metadata, exports):
    flag = _capabilities(specs)
    body = {
        'id': share.id,
        'size': share.size,
        'availability_zone': share.availability_zone,
        'created_at': isotime(share.created_at),
        'status': share.status,
        'name': share.display_name,
        'description': share.display_description,
        'project_id': share.project_id,
        'snapshot_id': share.snapshot_id,
        'share_network_id': share.share_network_id,
        'share_proto': share.share_proto,
        'metadata': metadata,
        'share_type': share_type.name,
        'volume_type': share_type.name,
        'links': links.resource_links(req, COLLECTION, share.id),
        'is_public': share.is_public,
    }
    if not req.at_least('2.9'):
        paths = [e.path for e in exports]
        body['export_location'] = paths[0] if paths else None
        body['export_locations'] = paths
    if req.at_least('2.2'):
        body['snapshot_support'] = flag('snapshot_support')
    if req.at_least('2.5'):
        body['task_state'] = share.task_state
    if req.at_least('2.6'):
        body['share_type'] = share_type.id
        body['share_type_name'] = share_type.name
    if req.at_least('2.10'):
        body['access_rules_status'] = share.access_rules_status
    if req.at_least('2.11'):
        body['replication_type'] = specs.get('replication_type')
        body['has_replicas'] = False
    if req.at_least('2.16'):
        body['user_id'] = share.user_id
    if req.at_least('2.24'):
        body['create_share_from_snapshot_support'] = flag(
            'create_share_from_snapshot_support')
    if req.at_least('2.27'):
        body['revert_to_snapshot_support'] = flag(
            'revert_to_snapshot_support')
    if req.at_least('2.31'):
        body['share_group_id'] = None
        body['source_share_group_snapshot_member_id'] = None
    if req.at_least('2.32'):
        body['mount_snapshot_support'] = flag('mount_snapshot_support')
    if req.at_least('2.54'):
        body['progress'] = '100%' if share.status == 'available' else '0%'
    if req.at_least('2.69'):
        body['is_soft_deleted'] = share.is_soft_deleted
        body['scheduled_to_be_deleted_at'] = isotime(
            share.scheduled_to_be_deleted_at)
    if req.at_least('2.80'):
        body['source_backup_id'] = None
    if req.at_least('2.90'):
        body['encryption_key_ref'] = None
    if req.context.is_admin:
        body['host'] = share.host
        body['share_server_id'] = None
    return body


def summary(req, share):
    return {'id': share.id, 'name': share.display_name,
            'links': links.resource_links(req, COLLECTION, share.id)}
