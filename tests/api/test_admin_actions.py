"""Administrators' share actions: reset_task_state (what `openstack share
set --status` follows up with), and policy before lookup: a caller the
policy refuses is told 403 whether the share exists or not, as Manila's
controllers authorise before they look anything up."""
import uuid

import pytest

EXPERIMENTAL = {'X-OpenStack-Manila-API-Experimental': 'True'}


def _act(client, share_id, body, status=202, **kw):
    return client.post('/shares/%s/action' % share_id, body, status=status,
                       **kw)


def _task_state(client, share):
    return client.get('/shares/%s' % share['id']).json['share']['task_state']


def test_reset_task_state(api, admin, share):
    _act(admin, share['id'],
         {'reset_task_state': {'task_state': 'migration_error'}})
    assert _task_state(api, share) == 'migration_error'
    # null clears it, as Manila allows.
    _act(admin, share['id'], {'reset_task_state': {'task_state': None}})
    assert _task_state(api, share) is None

    fault = _act(admin, share['id'], {'reset_task_state': {
        'task_state': 'bogus'}}, status=400).json['badRequest']
    assert fault['message'].startswith('Invalid state. Valid states: '
                                       'migration_starting, ')
    fault = _act(admin, share['id'], {'reset_task_state': {}},
                 status=400).json['badRequest']
    assert fault['message'] == "Must specify 'task_state'"
    _act(api, share['id'], {'reset_task_state': {'task_state': None}},
         status=403)


def test_reset_task_state_is_experimental_before_2_96(admin, share):
    body = {'reset_task_state': {'task_state': 'migration_success'}}
    for version in ('2.22', '2.95'):
        old = admin.as_(version=version)
        _act(old, share['id'], body, status=404)
        response = _act(old, share['id'], body, headers=EXPERIMENTAL)
        assert response.headers[
            'X-OpenStack-Manila-API-Experimental'] == 'True'
    _act(admin.as_(version='2.21'), share['id'], body, status=404,
         headers=EXPERIMENTAL)
    _act(admin.as_(version='2.96'), share['id'], body)


def test_reset_task_state_refuses_a_share_in_the_recycle_bin(api, admin,
                                                             share):
    _act(api, share['id'], {'soft_delete': None})
    fault = _act(admin, share['id'], {'reset_task_state': {
        'task_state': None}}, status=403).json['forbidden']
    assert fault['message'] == (
        "task state cannot be reset for share '%s' since it has been soft "
        "deleted." % share['id'])


ADMIN_ACTIONS = [
    ('force_delete', None, '2.99'),
    ('os-force_delete', None, '2.6'),
    ('reset_status', {'status': 'error'}, '2.99'),
    ('os-reset_status', {'status': 'error'}, '2.6'),
    ('reset_task_state', {'task_state': None}, '2.99'),
    ('unmanage', None, '2.99'),
]


@pytest.mark.parametrize('name,argument,version', ADMIN_ACTIONS)
def test_admin_actions_refuse_members_before_looking(api, eve, reader, admin,
                                                     share, name, argument,
                                                     version):
    unknown = str(uuid.uuid4())
    for client in (api, eve, reader):
        client = client.as_(version=version)
        for share_id in (share['id'], unknown):
            fault = _act(client, share_id, {name: argument},
                         status=403).json['forbidden']
            assert fault['message'] == (
                "Policy doesn't allow share:%s to be performed."
                % name.replace('os-', ''))
    _act(admin.as_(version=version), unknown, {name: argument}, status=404)


def test_legacy_unmanage_refuses_members_before_looking(api, admin, share):
    unknown = str(uuid.uuid4())
    for share_id in (share['id'], unknown):
        api.as_(version='2.6').post(
            '/os-share-unmanage/%s/unmanage' % share_id, None, status=403)
    admin.as_(version='2.6').post(
        '/os-share-unmanage/%s/unmanage' % unknown, None, status=404)
