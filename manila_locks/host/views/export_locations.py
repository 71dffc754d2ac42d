"""Export location representation, per microversion (Manila's view)."""
from manila_locks.api.views.timestamps import isotime


def export_location(req, item, detail=False):
    body = {'id': item.id, 'path': item.path}
    if req.at_least('2.14'):
        body['preferred'] = item.preferred
    if req.at_least('2.87'):
        # Export location metadata (2.87) is not stored by this host.
        body['metadata'] = {}
    if req.context.is_admin:
        body['share_instance_id'] = item.share_instance_id
        body['is_admin_only'] = item.is_admin_only
    if detail:
        body['created_at'] = isotime(item.created_at)
        # Locations recorded before updated_at was stamped at creation:
        # their backend last reported them when they were created.
        body['updated_at'] = isotime(item.updated_at or item.created_at)
    return body
