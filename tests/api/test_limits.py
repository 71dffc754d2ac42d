"""GET /limits: the project's limits ([quota] options) and usage, with the
keys Manila shows at each microversion; and the quotas enforced on share
create and extend (413 overLimit, Manila's messages)."""
import pytest

DHSS = 'driver_handles_share_servers'
BASE_KEYS = {
    'maxTotalShareGigabytes', 'totalShareGigabytesUsed',
    'maxTotalSnapshotGigabytes', 'totalSnapshotGigabytesUsed',
    'maxTotalShares', 'totalSharesUsed', 'maxTotalShareSnapshots',
    'totalShareSnapshotsUsed', 'maxTotalShareNetworks',
    'totalShareNetworksUsed'}
REPLICA_KEYS = {'maxTotalShareReplicas', 'totalShareReplicasUsed',
                'maxTotalReplicaGigabytes', 'totalReplicaGigabytesUsed'}
GROUP_KEYS = {'maxTotalShareGroups', 'totalShareGroupsUsed',
              'maxTotalShareGroupSnapshots', 'totalShareGroupSnapshotsUsed'}
BACKUP_KEYS = {'maxTotalShareBackups', 'totalShareBackupsUsed',
               'maxTotalBackupGigabytes', 'totalBackupGigabytesUsed'}


def _absolute(client, version='2.87'):
    limits = client.as_(version=version).get('/limits').json['limits']
    assert limits['rate'] == []
    return limits['absolute']


def test_the_defaults_are_manilas(api):
    assert _absolute(api) == {
        'maxTotalShareGigabytes': 1000, 'totalShareGigabytesUsed': 0,
        'maxTotalSnapshotGigabytes': 1000, 'totalSnapshotGigabytesUsed': 0,
        'maxTotalShares': 50, 'totalSharesUsed': 0,
        'maxTotalShareSnapshots': 50, 'totalShareSnapshotsUsed': 0,
        'maxTotalShareNetworks': 10, 'totalShareNetworksUsed': 0,
        'maxTotalShareReplicas': 100, 'totalShareReplicasUsed': 0,
        'maxTotalReplicaGigabytes': 1000, 'totalReplicaGigabytesUsed': 0,
        'maxTotalShareGroups': 50, 'totalShareGroupsUsed': 0,
        'maxTotalShareGroupSnapshots': 50, 'totalShareGroupSnapshotsUsed': 0,
        'maxTotalShareBackups': 10, 'totalShareBackupsUsed': 0,
        'maxTotalBackupGigabytes': 1000, 'totalBackupGigabytesUsed': 0}


@pytest.mark.parametrize('version,keys', [
    ('2.0', BASE_KEYS), ('2.52', BASE_KEYS),
    ('2.53', BASE_KEYS | REPLICA_KEYS),
    ('2.58', BASE_KEYS | REPLICA_KEYS | GROUP_KEYS),
    ('2.79', BASE_KEYS | REPLICA_KEYS | GROUP_KEYS),
    ('2.80', BASE_KEYS | REPLICA_KEYS | GROUP_KEYS | BACKUP_KEYS)])
def test_keys_follow_the_microversion(api, version, keys):
    assert set(_absolute(api, version)) == keys


def test_usage_is_the_callers_projects(api, eve, admin):
    api.create_share(size=2)
    share = api.create_share(size=3)
    eve.create_share(size=7)
    mine = _absolute(api)
    assert (mine['totalSharesUsed'], mine['totalShareGigabytesUsed']) == (
        2, 5)
    # Soft-deleted shares still count, as in Manila; deleted ones do not.
    api.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=202)
    assert _absolute(api)['totalSharesUsed'] == 2
    api.delete('/shares/%s' % share['id'], status=202)
    mine = _absolute(api)
    assert (mine['totalSharesUsed'], mine['totalShareGigabytesUsed']) == (
        1, 2)
    theirs = _absolute(eve)
    assert (theirs['totalSharesUsed'], theirs['totalShareGigabytesUsed']) == (
        1, 7)
    assert _absolute(admin)['totalSharesUsed'] == 0


def test_a_replicated_type_counts_one_replica_per_share(api, admin):
    admin.post('/types', {'share_type': {'name': 'dr', 'extra_specs': {
        DHSS: False, 'replication_type': 'dr'}}})
    api.create_share(size=4, share_type='dr')
    api.create_share(size=1)
    used = _absolute(api)
    assert (used['totalShareReplicasUsed'],
            used['totalReplicaGigabytesUsed']) == (1, 4)


def test_horizon_offers_create_share_within_the_limits(api, conf):
    """manila-ui's Create Share button: enabled while maxTotalShares >
    totalSharesUsed and maxTotalShareGigabytes > totalShareGigabytesUsed."""
    conf.set_override('shares', 1, group='quota')
    limits = _absolute(api)
    assert limits['maxTotalShares'] > limits['totalSharesUsed']
    api.create_share()
    limits = _absolute(api)
    assert not limits['maxTotalShares'] > limits['totalSharesUsed']


def _over(response):
    assert response.headers['Retry-After'] == '0'
    return response.json['overLimit']['message']


def _create(client, size, status=200, **extra):
    return client.post('/shares', {'share': dict(
        {'share_proto': 'NFS', 'size': size}, **extra)}, status=status)


def test_share_count_quota(api, eve, conf):
    conf.set_override('shares', 2, group='quota')
    api.create_share()
    api.create_share()
    assert _over(_create(api, 1, status=413)) == (
        'ShareLimitExceeded: Maximum number of shares allowed (2) either '
        'per project/user or share type quota is exceeded.')
    assert _absolute(api)['totalSharesUsed'] == 2
    eve.create_share()


def test_gigabytes_quota_on_create_and_extend(api, conf):
    conf.set_override('gigabytes', 5, group='quota')
    share = api.create_share(size=3)
    assert _over(_create(api, 3, status=413)) == (
        'ShareSizeExceedsAvailableQuota: Requested share exceeds allowed '
        'project/user or share type gigabytes quota.')
    response = api.post('/shares/%s/action' % share['id'],
                        {'extend': {'new_size': 6}}, status=413)
    assert _over(response).startswith('ShareSizeExceedsAvailableQuota: ')
    api.post('/shares/%s/action' % share['id'],
             {'extend': {'new_size': 5}}, status=202)
    assert _absolute(api)['totalShareGigabytesUsed'] == 5


def test_per_share_gigabytes(api, conf):
    conf.set_override('per_share_gigabytes', 4, group='quota')
    assert _over(_create(api, 5, status=413)) == (
        'ShareSizeExceedsLimit: Requested share size 5 is larger than '
        'maximum allowed limit 4.')
    share = api.create_share(size=4)
    response = api.post('/shares/%s/action' % share['id'],
                        {'extend': {'new_size': 5}}, status=413)
    assert _over(response).startswith('ShareSizeExceedsLimit: ')


def test_replica_quotas_apply_to_replicated_types(api, admin, conf):
    admin.post('/types', {'share_type': {'name': 'dr', 'extra_specs': {
        DHSS: False, 'replication_type': 'dr'}}})
    conf.set_override('share_replicas', 1, group='quota')
    conf.set_override('replica_gigabytes', 3, group='quota')
    assert _over(_create(api, 4, status=413, share_type='dr')) == (
        'ShareReplicaSizeExceedsAvailableQuota: Failed while creating a '
        'share with replication support. Requested share replica exceeds '
        'allowed project/user or share type gigabytes quota.')
    api.create_share(size=1, share_type='dr')
    assert _over(_create(api, 1, status=413, share_type='dr')) == (
        'ShareReplicasLimitExceeded: Failed while creating a share with '
        'replication support. Maximum number of allowed share-replicas is '
        'exceeded.')
    # Shares of other types take no replica quota.
    api.create_share(size=1)


def test_minus_one_is_unlimited(api, conf):
    conf.set_override('shares', -1, group='quota')
    conf.set_override('gigabytes', -1, group='quota')
    api.create_share(size=5000)
    limits = _absolute(api)
    assert (limits['maxTotalShares'], limits['maxTotalShareGigabytes']) == (
        -1, -1)
    assert limits['totalShareGigabytesUsed'] == 5000
