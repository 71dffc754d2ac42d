"""Scheduler stats: the one pool of this host's one backend, listed for
administrators as Manila's scheduler lists pools, with its filters."""
import pytest

POOLS = '/scheduler-stats/pools'
DETAIL = POOLS + '/detail'
DHSS = 'driver_handles_share_servers'


def _type(admin, name, **specs):
    body = {'share_type': {'name': name, 'extra_specs': dict(
        {DHSS: 'False'}, **specs)}}
    return admin.post('/types', body).json['share_type']


def test_the_one_pool(admin):
    [pool] = admin.get(POOLS).json['pools']
    assert pool == {'name': 'localhost@local#local', 'host': 'localhost',
                    'backend': 'local', 'pool': 'local'}
    [detailed] = admin.get(DETAIL).json['pools']
    capabilities = detailed.pop('capabilities')
    assert detailed == pool
    assert capabilities['share_backend_name'] == 'LOCAL'
    assert capabilities['driver_handles_share_servers'] is False
    assert capabilities['snapshot_support'] is False
    assert 0 <= capabilities['free_capacity_gb'] <= capabilities[
        'total_capacity_gb']


@pytest.mark.parametrize('query,found', [
    ('host=^localhost$&backend=^local$&pool=^local$', True),
    ('host=local', True),              # a match from the start is enough
    ('host=foo&backend=bar&pool=shark', False),
    ('backend=ocal', False),
    ('limit=1', False),                # not a field of the pool: no match
])
def test_filters_are_regular_expressions_on_the_fields(admin, query, found):
    for path in (POOLS, DETAIL):
        pools = admin.get(path + '?' + query).json['pools']
        assert len(pools) == (1 if found else 0)


def test_bad_filters_are_400(admin):
    fault = admin.get(POOLS + '?host=(', status=400).json['badRequest']
    assert 'host' in fault['message']
    admin.get(DETAIL + '?capabilities=x', status=400)
    fault = admin.get(POOLS + '?share_type=nope', status=400).json[
        'badRequest']
    assert fault['message'] == 'Share type nope not found.'


def test_share_type_filter_matches_capabilities(admin):
    plain = _type(admin, 'plain')
    elsewhere = _type(admin, 'elsewhere', share_backend_name='OTHER')
    snaps = _type(admin, 'snaps', snapshot_support='<is> True')
    sized = _type(admin, 'sized', **{
        'provisioning:max_share_size': '5',
        'capabilities:dedupe': '<is> False',
        'storage_protocol': '<or> NFS <or> NFS_CIFS',
        'share_backend_name': 'LOCAL'})
    for share_type, found in ((plain, 1), (elsewhere, 0), (snaps, 0),
                              (sized, 1)):
        for key in ('id', 'name'):
            query = '?share_type=%s' % share_type[key]
            assert len(admin.get(POOLS + query).json['pools']) == found
            assert len(admin.get(DETAIL + query).json['pools']) == found
    # Before 2.23 share_type is no filter Manila knows: it matches nothing.
    old = admin.as_(version='2.22')
    assert old.get(POOLS + '?share_type=plain').json['pools'] == []
    assert len(old.get(POOLS).json['pools']) == 1


def test_pools_are_for_administrators(api, reader, eve):
    for client in (api, reader, eve):
        client.get(POOLS, status=403)
        client.get(DETAIL, status=403)
