"""User messages (2.37): what the back end's failures leave for the user to
read. A share whose provisioning fails stays, in error, and its project
gets a message; so does a share whose access rules the back end refuses.
List with Manila's filters, show, delete; a project sees its own, an
administrator every project's."""
import datetime
import uuid

import pytest

from manila_locks import context
from manila_locks.db import base
from manila_locks.host.drivers import local
from manila_locks.host import message_service
from tests.api import access_rule_steps as steps

V = '2.37'
CREATE_FAILED = 'create: An unknown error occurred.'
ACCESS_FAILED = 'update access rules: An unknown error occurred.'


def _fail(*args, **kwargs):
    raise RuntimeError('the back end is on fire')


@pytest.fixture
def broken_create(monkeypatch):
    monkeypatch.setattr(local.LocalDriver, 'create_share', _fail)


@pytest.fixture
def broken_access(monkeypatch):
    monkeypatch.setattr(local.LocalDriver, 'update_access', _fail)


def _messages(client, version=V, **params):
    return client.as_(version=version).get(
        '/messages', params=params).json['messages']


def _failed_share(client, name='doomed'):
    response = client.post('/shares', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': name}})
    return response.json['share'], response.headers['x-openstack-request-id']


def _when(text):
    return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%S.%f')


def test_a_failed_create_leaves_the_share_in_error_with_a_message(
        api, conf, broken_create):
    share, request_id = _failed_share(api)
    assert share['status'] == 'error'
    assert api.get('/shares/%s' % share['id']).json['share'][
        'status'] == 'error'
    assert api.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations'] == []
    [message] = _messages(api)
    assert sorted(message) == [
        'action_id', 'created_at', 'detail_id', 'expires_at', 'id', 'links',
        'message_level', 'project_id', 'request_id', 'resource_id',
        'resource_type', 'user_message']
    assert {key: message[key] for key in (
        'action_id', 'detail_id', 'message_level', 'project_id',
        'request_id', 'resource_id', 'resource_type', 'user_message')} == {
        'action_id': '002', 'detail_id': '001', 'message_level': 'ERROR',
        'project_id': 'p1', 'request_id': request_id,
        'resource_id': share['id'], 'resource_type': 'SHARE',
        'user_message': CREATE_FAILED}
    lifetime = _when(message['expires_at']) - _when(message['created_at'])
    assert abs(lifetime.total_seconds() - conf.message_ttl) < 5
    assert message['links'][0]['href'].endswith('/v2/p1/messages/%s'
                                                % message['id'])
    # The share in error can be deleted, and its message outlives it.
    api.delete('/shares/%s' % share['id'], status=202)
    assert [m['id'] for m in _messages(api)] == [message['id']]


def test_a_refused_access_rule_leaves_a_message_for_the_shares_project(
        api, admin, share, broken_access):
    rule = steps.allow(admin, share['id'], '10.0.0.9')
    assert api.get('/share-access-rules/%s' % rule['id']).json['access'][
        'state'] == 'error'
    [message] = _messages(api)
    assert (message['action_id'], message['detail_id'],
            message['resource_type'], message['resource_id'],
            message['project_id'], message['user_message']) == (
        '010', '001', 'SHARE', share['id'], 'p1', ACCESS_FAILED)
    # The admin who asked sees it among every project's messages.
    assert [m['id'] for m in _messages(admin)] == [message['id']]


def test_successes_leave_no_message(api, share):
    steps.allow(api, share['id'], '10.0.0.9')
    assert _messages(api) == []


def test_messages_start_at_2_37(api):
    api.as_(version='2.36').get('/messages', status=404)
    api.as_(version='2.36').get('/messages/%s' % uuid.uuid4(), status=404)


def test_show_and_delete(api, reader, broken_create):
    _failed_share(api)
    [message] = _messages(api)
    path = '/messages/%s' % message['id']
    assert api.as_(version=V).get(path).json == {'message': message}
    assert reader.as_(version=V).get(path).json == {'message': message}
    reader.as_(version=V).delete(path, status=403)
    response = api.as_(version=V).delete(path, status=204)
    assert response.body == b''
    response = api.as_(version=V).get(path, status=404)
    assert response.json['itemNotFound']['message'] == (
        'Message %s could not be found.' % message['id'])
    api.as_(version=V).delete(path, status=404)


def test_a_project_sees_only_its_own(api, eve, admin, broken_create):
    _failed_share(api)
    _failed_share(eve)
    [mine] = _messages(api)
    [theirs] = _messages(eve)
    assert (mine['project_id'], theirs['project_id']) == ('p1', 'p2')
    eve.as_(version=V).get('/messages/%s' % mine['id'], status=404)
    eve.as_(version=V).delete('/messages/%s' % mine['id'], status=404)
    assert {m['id'] for m in _messages(admin)} == {mine['id'], theirs['id']}


def test_filters_sort_and_pages(api, share, broken_create, monkeypatch):
    first, first_request = _failed_share(api, 'one')
    second, _ = _failed_share(api, 'two')
    monkeypatch.setattr(local.LocalDriver, 'update_access', _fail)
    steps.allow(api, share['id'], '10.0.0.9')
    everything = _messages(api)
    assert [m['resource_id'] for m in everything] == [
        share['id'], second['id'], first['id']]
    assert [m['resource_id'] for m in _messages(
        api, sort_key='created_at', sort_dir='asc')] == [
        first['id'], second['id'], share['id']]
    assert [m['resource_id'] for m in _messages(
        api, action_id='002')] == [second['id'], first['id']]
    assert [m['resource_id'] for m in _messages(
        api, request_id=first_request)] == [first['id']]
    assert [m['resource_id'] for m in _messages(
        api, resource_id=share['id'], resource_type='SHARE',
        detail_id='001', message_level='ERROR')] == [share['id']]
    assert _messages(api, resource_type='SHARE_GROUP') == []
    page = api.as_(version=V).get('/messages?limit=2').json
    assert [m['id'] for m in page['messages']] == [
        m['id'] for m in everything[:2]]
    [link] = page['messages_links']
    assert link['rel'] == 'next' and 'offset=2' in link['href']
    assert [m['id'] for m in _messages(api, limit=2, offset=2)] == [
        everything[2]['id']]
    api.as_(version=V).get('/messages?sort_key=user_message', status=400)
    api.as_(version=V).get('/messages?sort_dir=sideways', status=400)


def test_created_since_and_before_from_2_52(api, broken_create):
    _failed_share(api)
    [message] = _messages(api)
    created = _when(message['created_at'])
    later = (created + datetime.timedelta(seconds=1)).isoformat()
    earlier = (created - datetime.timedelta(seconds=1)).isoformat()
    assert _messages(api, '2.52', created_since=later) == []
    assert len(_messages(api, '2.52', created_since=earlier)) == 1
    assert _messages(api, '2.52', created_before=earlier) == []
    assert len(_messages(api, '2.52', created_before=later)) == 1
    # Before 2.52 Manila ignores them.
    assert len(_messages(api, '2.51', created_since=later)) == 1
    api.as_(version='2.52').get('/messages?created_since=yesterday',
                                status=400)


def test_expired_messages_are_purged(api, conf, broken_create, db):
    conf.set_override('message_ttl', 1)
    _failed_share(api)
    assert len(_messages(api)) == 1
    ctx = context.get_admin_context()
    assert message_service.purge_expired(ctx) == 0
    later = base.utcnow() + datetime.timedelta(seconds=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(base, 'utcnow', lambda: later)
        assert message_service.purge_expired(ctx) == 1
    assert _messages(api) == []
