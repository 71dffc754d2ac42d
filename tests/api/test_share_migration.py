"""migration_start, answered as a Manila whose one backend cannot
migrate: Manila's checks and messages first; staying put succeeds at
once (200); any other destination on this host is accepted (202) and
ends in task_state migration_error, the share left where it was."""
import uuid

import pytest

EXPERIMENTAL = {'X-OpenStack-Manila-API-Experimental': 'True'}
HOST = 'localhost@local#local'
FLAGS = {'writable': True, 'preserve_metadata': True,
         'preserve_snapshots': False, 'nondisruptive': False}


def _migrate(client, share_id, status=202, **params):
    body = {'migration_start': dict(FLAGS, **params)}
    return client.post('/shares/%s/action' % share_id, body, status=status)


def _share(client, share):
    return client.get('/shares/%s' % share['id']).json['share']


def test_staying_put_succeeds_at_once(admin, api, share):
    response = _migrate(admin, share['id'], status=200, host=HOST)
    assert response.body == b''
    after = _share(api, share)
    assert (after['task_state'], after['status']) == (
        'migration_success', 'available')
    # The same type, named, is no change either.
    _migrate(admin, share['id'], status=200, host=HOST,
             new_share_type_id=after['share_type'])


@pytest.mark.parametrize('params', [
    {'host': 'localhost@local#other'},
    {'host': 'localhost@other#pool', 'force_host_assisted_migration': 'true'},
])
def test_another_destination_fails_as_the_backend_cannot_migrate(
        admin, api, share, params):
    _migrate(admin, share['id'], **params)
    after = _share(api, share)
    assert (after['task_state'], after['status']) == (
        'migration_error', 'available')
    assert _share(admin, share)['host'] == HOST


def test_a_new_share_type_on_this_backend_fails_too(admin, api, share):
    other = admin.post('/types', {'share_type': {
        'name': 'other', 'extra_specs': {
            'driver_handles_share_servers': 'False'}}}).json['share_type']
    _migrate(admin, share['id'], host=HOST, new_share_type_id=other['id'])
    assert _share(api, share)['task_state'] == 'migration_error'


@pytest.mark.parametrize('params,status,message', [
    ({'host': 'elsewhere@b#p'}, 404,
     'Could not find binary manila-share on host elsewhere.'),
    ({'host': HOST, 'new_share_type_id': 'nope'}, 400,
     'Share type nope not found.'),
    ({'host': HOST, 'new_share_network_id': 'sn1'}, 400,
     'Share network sn1 not found.'),
    ({'host': HOST, 'writable': 'maybe'}, 400, None),
    ({'host': ''}, 400, None),
    ({'host': HOST, 'bogus': 1}, 400, None),
])
def test_bad_requests(admin, api, share, params, status, message):
    fault = _migrate(admin, share['id'], status=status, **params).json
    if message:
        assert list(fault.values())[0]['message'] == message
    assert _share(api, share)['task_state'] is None


def test_required_flags_and_shape(admin, share):
    body = {'migration_start': {'host': HOST, 'writable': True}}
    admin.post('/shares/%s/action' % share['id'], body, status=400)
    admin.post('/shares/%s/action' % share['id'],
               {'migration_start': 'x'}, status=400)


def test_only_an_available_share_moves(admin, api, share):
    admin.post('/shares/%s/action' % share['id'], {'reset_status': {
        'status': 'error'}}, status=202)
    fault = _migrate(admin, share['id'], status=400, host=HOST).json[
        'badRequest']
    assert fault['message'] == (
        'Invalid share: Share instance %s status must be available, but '
        'current status is: error.' % share['id'])


def test_members_are_refused_before_the_lookup(api, eve, reader, admin,
                                               share):
    for client in (api, eve, reader):
        for share_id in (share['id'], str(uuid.uuid4())):
            fault = _migrate(client, share_id, status=403, host=HOST).json[
                'forbidden']
            assert 'share:migration_start' in fault['message']
    _migrate(admin, str(uuid.uuid4()), status=404, host=HOST)


def test_experimental_before_2_96(admin, share):
    body = {'migration_start': dict(FLAGS, host=HOST)}
    path = '/shares/%s/action' % share['id']
    for version in ('2.22', '2.95'):
        old = admin.as_(version=version)
        old.post(path, body, status=404)
        response = old.post(path, body, status=200, headers=EXPERIMENTAL)
        assert response.headers[
            'X-OpenStack-Manila-API-Experimental'] == 'True'
    admin.as_(version='2.21').post(path, body, status=404,
                                   headers=EXPERIMENTAL)
