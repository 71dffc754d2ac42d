"""Quota sets (2.7): every project's quotas are the [quota] options; the
detail (2.25) adds usage; they cannot be changed through the API. What
manila-ui's Defaults panel and project quota forms read."""
DHSS = 'driver_handles_share_servers'
BASE = {'shares': 50, 'gigabytes': 1000, 'snapshots': 50,
        'snapshot_gigabytes': 1000, 'share_networks': 10}
LATER = {'share_groups': 50, 'share_group_snapshots': 50,
         'share_replicas': 100, 'replica_gigabytes': 1000,
         'per_share_gigabytes': -1, 'backups': 10, 'backup_gigabytes': 1000}


def _quotas(client, path, version='2.87'):
    return client.as_(version=version).get(path).json['quota_set']


def test_show_and_defaults_are_the_options(api, conf):
    assert _quotas(api, '/quota-sets/p1') == dict(BASE, id='p1', **LATER)
    assert _quotas(api, '/quota-sets/p1/defaults') == dict(
        BASE, id='p1', **LATER)
    assert _quotas(api, '/quota-sets/p1', '2.7') == dict(BASE, id='p1')
    assert _quotas(api, '/quota-sets/p1', '2.99')['encryption_keys'] == 100
    conf.set_override('shares', 7, group='quota')
    assert _quotas(api, '/quota-sets/p1')['shares'] == 7
    api.as_(version='2.6').get('/quota-sets/p1', status=404)


def test_detail_adds_usage(api, admin):
    api.create_share(size=3)
    api.as_('bob:p1').create_share(size=2)
    detail = _quotas(api, '/quota-sets/p1/detail')
    assert detail['shares'] == {'limit': 50, 'in_use': 2, 'reserved': 0}
    assert detail['gigabytes'] == {'limit': 1000, 'in_use': 5, 'reserved': 0}
    assert detail['share_networks']['in_use'] == 0
    bobs = _quotas(api, '/quota-sets/p1/detail?user_id=bob')
    assert bobs['gigabytes']['in_use'] == 2
    api.as_(version='2.24').get('/quota-sets/p1/detail', status=404)


def test_share_type_quotas_from_2_39(api, admin):
    admin.post('/types', {'share_type': {'name': 'gold', 'extra_specs': {
        DHSS: False}}})
    api.create_share(size=4, share_type='gold')
    api.create_share(size=1)
    gold = _quotas(api, '/quota-sets/p1/detail?share_type=gold')
    assert gold['gigabytes']['in_use'] == 4
    assert 'share_networks' not in gold and 'share_groups' not in gold
    response = api.as_(version='2.38').get(
        '/quota-sets/p1?share_type=gold', status=400)
    assert "'share_type' key is not supported" in (
        response.json['badRequest']['message'])
    response = api.get('/quota-sets/p1?share_type=none', status=404)
    assert response.json['itemNotFound']['message'] == (
        "Share type with name or id 'none' not found.")
    api.get('/quota-sets/p1?share_type=gold&user_id=bob', status=400)


def test_only_an_administrator_sees_another_project(api, eve, admin):
    response = eve.get('/quota-sets/p1', status=403)
    assert response.json['forbidden']['message'] == (
        'Access was denied to this resource.')
    eve.get('/quota-sets/p1/defaults', status=403)
    assert _quotas(admin, '/quota-sets/p1/detail')['id'] == 'p1'


def test_quotas_cannot_be_changed(api, admin):
    body = {'quota_set': {'shares': 5}}
    api.put('/quota-sets/p1', body, status=403)
    response = admin.put('/quota-sets/p1', body, status=400)
    assert 'cannot be changed' in response.json['badRequest']['message']
    assert _quotas(api, '/quota-sets/p1')['shares'] == 50
