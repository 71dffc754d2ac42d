"""Share representation, per microversion (Manila's share views)."""
from manila_locks.api import links
from manila_locks.api.views.timestamps import isotime
from manila_locks.host import extra_specs as es

COLLECTION = 'shares'


def _status(req, share):
    if share.status == 'creating_from_snapshot' and not req.at_least('2.54'):
        return 'creating'
    return share.status


def progress(share):
    # The local driver provisions synchronously: done, or not at all.
    return '100%' if share.status == 'available' else '0%'


def _access_rules_status(req, share):
    # 2.28 introduced transitional rule states; older clients know the
    # share's "syncing" as "out_of_sync".
    if share.access_rules_status == 'syncing' and not req.at_least('2.28'):
        return 'out_of_sync'
    return share.access_rules_status


def _base(req, share, share_type, metadata):
    return {
        'id': share.id,
        'size': share.size,
        'availability_zone': share.availability_zone,
        'created_at': isotime(share.created_at),
        'status': _status(req, share),
        'name': share.display_name,
        'description': share.display_description,
        'project_id': share.project_id,
        'snapshot_id': share.snapshot_id,
        'share_network_id': share.share_network_id,
        'share_proto': share.share_proto,
        'metadata': metadata,
        # Before 2.6 share_type is the type's name; volume_type always is.
        'share_type': share_type.name,
        'volume_type': share_type.name,
        'links': links.resource_links(req, COLLECTION, share.id),
        'is_public': share.is_public,
    }


def _versioned(req, body, share, share_type, specs):
    """The fields Manila adds (or changes) from each microversion on."""
    at = req.at_least
    if at('2.2'):
        body['snapshot_support'] = es.is_true(specs, es.SNAPSHOT_SUPPORT)
    if at('2.5'):
        body['task_state'] = share.task_state
    if at('2.6'):
        body['share_type'] = share_type.id
        body['share_type_name'] = share_type.name
    if at('2.10'):
        body['access_rules_status'] = _access_rules_status(req, share)
    if at('2.11'):
        body['replication_type'] = specs.get(es.REPLICATION_TYPE)
        body['has_replicas'] = False
    if at('2.16'):
        body['user_id'] = share.user_id
    if at('2.24'):
        body['create_share_from_snapshot_support'] = es.is_true(
            specs, es.CREATE_FROM_SNAPSHOT)
    if at('2.27'):
        body['revert_to_snapshot_support'] = es.is_true(
            specs, es.REVERT_TO_SNAPSHOT)
    if at('2.31'):
        body['share_group_id'] = None
        body['source_share_group_snapshot_member_id'] = None
    if at('2.32'):
        body['mount_snapshot_support'] = es.is_true(specs, es.MOUNT_SNAPSHOT)
    if at('2.54'):
        body['progress'] = progress(share)
    if at('2.69'):
        body['is_soft_deleted'] = share.is_soft_deleted
        body['scheduled_to_be_deleted_at'] = isotime(
            share.scheduled_to_be_deleted_at)
    if at('2.80'):
        body['source_backup_id'] = None
    if at('2.90'):
        body['encryption_key_ref'] = None


def detail(req, share, share_type, specs, metadata, exports):
    body = _base(req, share, share_type, metadata)
    if not req.at_least('2.9'):
        # Export locations left the share view in 2.9 (own API since).
        paths = [e.path for e in exports]
        body['export_location'] = paths[0] if paths else None
        body['export_locations'] = paths
    _versioned(req, body, share, share_type, specs)
    if req.context.is_admin:
        body['host'] = share.host
        body['share_server_id'] = None
    return body


def summary(req, share):
    return {'id': share.id, 'name': share.display_name,
            'links': links.resource_links(req, COLLECTION, share.id)}
