"""Availability zones, as Manila's view writes them."""
from manila_locks.api.views.timestamps import isotime


def zone(row):
    return {'id': row.id, 'name': row.name,
            'created_at': isotime(row.created_at),
            'updated_at': isotime(row.updated_at)}


def zones(rows):
    return {'availability_zones': [zone(row) for row in rows]}
