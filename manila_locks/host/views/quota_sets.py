"""Quota sets, as Manila's view writes them: the resources each
microversion shows; for a share type, no share networks or groups."""
import dataclasses

_BY_VERSION = [
    ('2.7', ('shares', 'gigabytes', 'snapshots', 'snapshot_gigabytes')),
    ('2.40', ('share_groups', 'share_group_snapshots')),
    ('2.53', ('share_replicas', 'replica_gigabytes')),
    ('2.62', ('per_share_gigabytes',)),
    ('2.80', ('backups', 'backup_gigabytes')),
    ('2.90', ('encryption_keys',)),
]
_NOT_FOR_SHARE_TYPES = ('share_networks', 'share_groups',
                        'share_group_snapshots')


def _resources(req, for_share_type):
    names = [name for version, group in _BY_VERSION
             if req.at_least(version) for name in group]
    names.insert(4, 'share_networks')
    if for_share_type:
        names = [name for name in names if name not in _NOT_FOR_SHARE_TYPES]
    return names


def quota_set(req, project_id, limits, usage=None, for_share_type=False):
    """{resource: limit}, or with `usage` (the detail) {resource: {limit,
    in_use, reserved}}; resources this service has none of are 0 in use,
    and nothing is ever reserved."""
    used = dataclasses.asdict(usage) if usage is not None else None
    body = {'id': project_id}
    for name in _resources(req, for_share_type):
        if used is None:
            body[name] = limits[name]
        else:
            body[name] = {'limit': limits[name],
                          'in_use': used.get(name, 0), 'reserved': 0}
    return {'quota_set': body}


def quota_class_set(req, class_name, limits):
    """A quota class: the same resources as a project's quota set."""
    body = {'id': class_name}
    body.update({name: limits[name] for name in _resources(req, False)})
    return {'quota_class_set': body}
