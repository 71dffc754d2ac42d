"""Share transfer representation, as Manila's transfers view writes it
(links use the singular collection name 'share-transfer', as Manila's do)."""
from manila_locks.api import links
from manila_locks.api.views.timestamps import isotime

COLLECTION = 'share-transfer'
LIST_COLLECTION = 'share-transfers'


def summary(req, transfer):
    return {
        'id': transfer.id,
        'name': transfer.display_name,
        'resource_type': transfer.resource_type,
        'resource_id': transfer.resource_id,
        'links': links.resource_links(req, COLLECTION, transfer.id),
    }


def detail(req, transfer):
    return {
        'id': transfer.id,
        'created_at': isotime(transfer.created_at),
        'name': transfer.display_name,
        'resource_type': transfer.resource_type,
        'resource_id': transfer.resource_id,
        'source_project_id': transfer.source_project_id,
        'destination_project_id': transfer.destination_project_id,
        'accepted': transfer.accepted,
        'expires_at': isotime(transfer.expires_at),
        'links': links.resource_links(req, COLLECTION, transfer.id),
    }


def created(req, transfer, auth_key):
    return {'transfer': dict(detail(req, transfer), auth_key=auth_key)}


def one(req, transfer):
    return {'transfer': detail(req, transfer)}


def many(req, transfers, query, detailed):
    build = detail if detailed else summary
    body = {'transfers': [build(req, transfer) for transfer in transfers]}
    if query.limit and len(transfers) == query.limit:
        body['transfers_links'] = links.next_link(
            req, LIST_COLLECTION + ('/detail' if detailed else ''),
            query.offset, query.limit)
    return body
