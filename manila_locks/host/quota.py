"""Project quotas: the [quota] options (Manila's names and defaults) are
every project's limits; a share create or extend that would go past one
is refused, with Manila's errors.

The check counts what the project has in the transaction that adds to
it. On SQLite that transaction runs alone, so the limits are exact; on
PostgreSQL and MariaDB two requests racing for the project's last unit
can both pass (Manila's reservations would refuse one of them).
"""
from manila_locks.core import exception
from manila_locks.host.db import usage as usage_db

# Manila's quota resources, in the [quota] group. -1 is unlimited.
RESOURCES = ('shares', 'gigabytes', 'snapshots', 'snapshot_gigabytes',
             'share_networks', 'share_replicas', 'replica_gigabytes',
             'share_groups', 'share_group_snapshots', 'backups',
             'backup_gigabytes', 'per_share_gigabytes', 'encryption_keys')


class QuotaExceeded(exception.ManilaLocksError):
    """Answered 413 overLimit, as Manila's QuotaError, whose class name
    its message carries."""

    def __str__(self):
        return '%s: %s' % (type(self).__name__, self.msg)


class ShareSizeExceedsAvailableQuota(QuotaExceeded):
    message = ('Requested share exceeds allowed project/user or share type '
               'gigabytes quota.')


class ShareSizeExceedsLimit(QuotaExceeded):
    message = ('Requested share size %(size)d is larger than maximum '
               'allowed limit %(limit)d.')


class ShareLimitExceeded(QuotaExceeded):
    message = ('Maximum number of shares allowed (%(allowed)d) either per '
               'project/user or share type quota is exceeded.')


class ShareReplicasLimitExceeded(QuotaExceeded):
    message = ('Failed while creating a share with replication support. '
               'Maximum number of allowed share-replicas is exceeded.')


class ShareReplicaSizeExceedsAvailableQuota(QuotaExceeded):
    message = ('Failed while creating a share with replication support. '
               'Requested share replica exceeds allowed project/user or '
               'share type gigabytes quota.')


def limits(conf):
    """{resource: limit} of every project."""
    return {name: conf.quota[name] for name in RESOURCES}


def _over(limit, used, adding):
    return limit >= 0 and used + adding > limit


def _check_size(limits_, size):
    limit = limits_['per_share_gigabytes']
    if limit >= 0 and size > limit:
        raise ShareSizeExceedsLimit(size=size, limit=limit)


def check_create(context, limits_, project_id, share_type_id, size):
    """Raise QuotaExceeded if the project may not have one more share of
    `size` GiB of this type; checked in Manila's order."""
    _check_size(limits_, size)
    used = usage_db.of_project(context, project_id)
    if _over(limits_['gigabytes'], used.gigabytes, size):
        raise ShareSizeExceedsAvailableQuota()
    if _over(limits_['shares'], used.shares, 1):
        raise ShareLimitExceeded(allowed=limits_['shares'])
    if not usage_db.is_replicated(context, share_type_id):
        return
    if _over(limits_['share_replicas'], used.share_replicas, 1):
        raise ShareReplicasLimitExceeded()
    if _over(limits_['replica_gigabytes'], used.replica_gigabytes, size):
        raise ShareReplicaSizeExceedsAvailableQuota()


def check_extend(context, limits_, share, new_size):
    """Raise QuotaExceeded if the share's project may grow it to
    `new_size` GiB."""
    _check_size(limits_, new_size)
    used = usage_db.of_project(context, share.project_id)
    increase = new_size - share.size
    if _over(limits_['gigabytes'], used.gigabytes, increase):
        raise ShareSizeExceedsAvailableQuota()
    if (usage_db.is_replicated(context, share.share_type_id) and
            _over(limits_['replica_gigabytes'], used.replica_gigabytes,
                  increase)):
        raise ShareReplicaSizeExceedsAvailableQuota(
            'Failed while extending a share with replication support. There '
            'is no available quota to extend the share and its 1 replicas. '
            'Maximum number of allowed replica_gigabytes is exceeded.')
