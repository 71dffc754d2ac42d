"""Bad input in keystone mode: tokens that are missing, invalid or
revoked; a token of another project; forged service headers."""
import pytest

FAULT_401 = {'unauthorized': {
    'code': 401,
    'message': 'The request you have made requires authentication.'}}


@pytest.fixture
def alice_lock(keystone_cloud):
    """A share of alice's (project p1) with a delete lock on it."""
    alice = keystone_cloud.sdk('alice').shared_file_system
    share = alice.create_share(name='auth-share', size=1, share_proto='NFS')
    return alice.create_resource_lock(resource_id=share.id,
                                      resource_type='share',
                                      resource_action='delete')


def lock_context_of(cloud, lock_id):
    found = cloud.raw('admin').get('/resource-locks/%s' % lock_id)
    assert found.status_code == 200, found.text
    return found.json()['resource_lock']['lock_context']


def create_lock(adapter, share_id, headers=None):
    created = adapter.post('/resource-locks', headers=headers, json={
        'resource_lock': {'resource_id': share_id, 'resource_type': 'share'}})
    assert created.status_code == 200, created.text
    return created.json()['resource_lock']


@pytest.mark.parametrize('token', [None, 'not-a-token',
                                   'gAAAAABforgedFernetToken'])
def test_missing_or_invalid_token_is_401_in_manila_shape(keystone_cloud,
                                                         token):
    headers = {'X-Auth-Token': token} if token else {}
    response = keystone_cloud.raw().get('/resource-locks', headers=headers)
    assert response.status_code == 401
    assert response.json() == FAULT_401


def test_revoked_token_is_401(keystone_cloud):
    alice = keystone_cloud.session('alice')
    token = alice.get_token()
    alice.delete(keystone_cloud.keystone.auth_url + '/auth/tokens',
                 headers={'X-Subject-Token': token})
    response = keystone_cloud.raw().get('/resource-locks',
                                        headers={'X-Auth-Token': token})
    assert response.status_code == 401
    assert response.json() == FAULT_401


def test_discovery_needs_no_token(keystone_cloud):
    response = keystone_cloud.raw().get('/')
    assert response.status_code == 200
    assert response.json()['versions'][0]['status'] == 'CURRENT'


def test_another_project_cannot_read_or_touch_the_lock(keystone_cloud,
                                                       alice_lock):
    eve = keystone_cloud.raw('eve')
    path = '/resource-locks/%s' % alice_lock.id
    for response in (
            eve.get(path),
            eve.put(path, json={'resource_lock': {'lock_reason': 'mine'}}),
            eve.delete(path)):
        assert response.status_code in (403, 404), response.text
        assert alice_lock.resource_id not in response.text
    listed = eve.get('/resource-locks', params={'all_projects': 'true'})
    assert alice_lock.id not in listed.text
    assert keystone_cloud.raw('alice').get(path).status_code == 200


def test_another_project_cannot_read_or_touch_the_rule(keystone_cloud,
                                                       alice_lock):
    share_id = alice_lock.resource_id
    allowed = keystone_cloud.raw('alice').post(
        '/shares/%s/action' % share_id, json={'allow_access': {
            'access_type': 'ip', 'access_to': '10.0.0.9',
            'access_level': 'rw', 'lock_deletion': True}})
    assert allowed.status_code == 200, allowed.text
    rule_id = allowed.json()['access']['id']

    eve = keystone_cloud.raw('eve')
    for response in (
            eve.get('/share-access-rules/%s' % rule_id),
            eve.post('/shares/%s/action' % share_id, json={
                'deny_access': {'access_id': rule_id, 'unrestrict': True}})):
        assert response.status_code in (403, 404), response.text
        assert '10.0.0.9' not in response.text
    # Manila answers a list filtered by an unknown share with 400.
    listed = eve.get('/share-access-rules', params={'share_id': share_id})
    assert listed.status_code == 400, listed.text
    assert '10.0.0.9' not in listed.text


def test_forged_service_roles_header_has_no_effect(keystone_cloud,
                                                   alice_lock):
    lock = create_lock(keystone_cloud.raw('alice'), alice_lock.resource_id,
                       headers={'X-Service-Roles': 'service',
                                'X-Roles': 'admin'})
    assert lock_context_of(keystone_cloud, lock['id']) == 'user'


def test_a_service_token_without_the_service_role_is_ignored(
        keystone_cloud, alice_lock):
    """bob's valid token as X-Service-Token: no `service` role, so the
    request is alice's alone (service_token_roles_required)."""
    alice_via_bob = keystone_cloud.raw('alice', service_user='bob')
    lock = create_lock(alice_via_bob, alice_lock.resource_id)
    assert lock_context_of(keystone_cloud, lock['id']) == 'user'
