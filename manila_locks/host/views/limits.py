"""Limits, as Manila's view names them: (quota resource, limit key, usage
key), the later groups from the microversion that added them. The rate
limits are always empty: Manila's ratelimit middleware is not in its
default pipeline, and this service has none."""
import dataclasses

_ABSOLUTE = [
    ('2.0', [('gigabytes', 'maxTotalShareGigabytes',
              'totalShareGigabytesUsed'),
             ('snapshot_gigabytes', 'maxTotalSnapshotGigabytes',
              'totalSnapshotGigabytesUsed'),
             ('shares', 'maxTotalShares', 'totalSharesUsed'),
             ('snapshots', 'maxTotalShareSnapshots',
              'totalShareSnapshotsUsed'),
             ('share_networks', 'maxTotalShareNetworks',
              'totalShareNetworksUsed')]),
    ('2.53', [('share_replicas', 'maxTotalShareReplicas',
               'totalShareReplicasUsed'),
              ('replica_gigabytes', 'maxTotalReplicaGigabytes',
               'totalReplicaGigabytesUsed')]),
    ('2.58', [('share_groups', 'maxTotalShareGroups',
               'totalShareGroupsUsed'),
              ('share_group_snapshots', 'maxTotalShareGroupSnapshots',
               'totalShareGroupSnapshotsUsed')]),
    ('2.80', [('backups', 'maxTotalShareBackups', 'totalShareBackupsUsed'),
              ('backup_gigabytes', 'maxTotalBackupGigabytes',
               'totalBackupGigabytesUsed')]),
]

# Every key any microversion may show, for the response schema.
KEYS = [key for _, names in _ABSOLUTE for _, limit, used in names
        for key in (limit, used)]


def limits(req, limits_, usage):
    """`limits_`: {resource: limit}; `usage`: what the project uses
    (resources it has none of count 0)."""
    used = dataclasses.asdict(usage)
    absolute = {}
    for version, names in _ABSOLUTE:
        if not req.at_least(version):
            continue
        for resource, limit_key, used_key in names:
            absolute[limit_key] = limits_[resource]
            absolute[used_key] = used.get(resource, 0)
    return {'limits': {'rate': [], 'absolute': absolute}}
