"""Export location representation, per microversion."""
from manila_locks.api.views.timestamps import isotime


def export_location(req, item):
    body = {'id': item.id, 'path': item.path}
    if req.at_least('2.14'):
        body['preferred'] = item.preferred
    # python-manilaclient prints these columns for every user; with one
    # instance per share they reveal nothing the share id does not.
    body['share_instance_id'] = item.share_instance_id
    body['is_admin_only'] = item.is_admin_only
    body['created_at'] = isotime(item.created_at)
    body['updated_at'] = isotime(item.updated_at)
    if req.at_least('2.87'):
        body['metadata'] = {}
    return body
