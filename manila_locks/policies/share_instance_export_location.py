from manila_locks.policies import base

LOCATIONS = '/share_instances/{share_instance_id}/export_locations'


rules = [
    base.documented('share_instance_export_location:index', base.ADMIN,
                    'List the export locations of a share instance.',
                    [('GET', LOCATIONS)]),
    base.documented('share_instance_export_location:show', base.ADMIN,
                    'Show one export location of a share instance.',
                    [('GET', LOCATIONS + '/{export_location_id}')]),
]


def list_rules():
    return rules
