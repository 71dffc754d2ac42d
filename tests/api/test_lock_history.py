"""GET /v2/resource-lock-events as users meet it: who locked it and from
which request, who may read the history, filters, paging, bad input; and
that a refusal is recorded although its request's transaction rolls back.
(The path-by-path matrix is in test_lock_history_paths.py.)"""
import datetime
from urllib import parse
import uuid

import pytest

from manila_locks.core import history
from tests.api import access_rule_steps as steps

EVENTS = '/resource-lock-events'
LOCK_FIELDS = {'id', 'resource_id', 'resource_action', 'resource_type',
               'user_id', 'project_id', 'lock_context', 'created_at',
               'updated_at', 'lock_reason', 'links'}
EVENT_FIELDS = {
    'id', 'created_at', 'event', 'operation', 'lock_id', 'lock_user_id',
    'lock_project_id', 'lock_context', 'resource_project_id', 'resource_id',
    'resource_type', 'resource_action', 'user_id', 'project_id',
    'requester_context', 'service_user_id', 'service_project_id',
    'request_id', 'global_request_id', 'before', 'after', 'links'}
GLOBAL_ID = 'req-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'


def _events(client, status=200, **params):
    response = client.get(EVENTS, params=params, status=status)
    return response.json.get('resource_lock_events', response.json)


def _kinds(events):
    return [(e['event'], e['lock_id']) for e in events]


def test_lock_body_is_unchanged_at_every_lock_microversion(api, share):
    for minor in (81, 82, 90, 99):
        client = api.as_(version='2.%d' % minor)
        lock = client.lock(share['id'])
        assert set(lock) == LOCK_FIELDS
        assert set(client.get('/resource-locks/%s' % lock['id']).json[
            'resource_lock']) == LOCK_FIELDS


def test_who_placed_it_and_from_which_request(api, share):
    response = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id'], 'lock_reason': 'backup running'}},
        headers={'X-OpenStack-Request-ID': GLOBAL_ID})
    lock = response.json['resource_lock']
    [event] = _events(api, lock_id=lock['id'])
    assert set(event) == EVENT_FIELDS
    assert event['event'] == 'placed'
    assert (event['user_id'], event['project_id'],
            event['requester_context']) == ('alice', 'p1', 'user')
    assert event['request_id'] == response.headers['x-openstack-request-id']
    assert event['global_request_id'] == GLOBAL_ID
    assert event['resource_project_id'] == 'p1'
    assert event['after'] == {'resource_action': 'delete',
                              'lock_reason': 'backup running'}
    assert event['before'] is None
    assert event['service_user_id'] is None


def test_provenance_is_kept_on_the_lock_row(api, share, db):
    response = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id']}}, headers={
        'X-OpenStack-Request-ID': GLOBAL_ID,
        'X-Service-Roles': 'service', 'X-Service-User-Id': 'nova',
        'X-Service-Project-Id': 'service'})
    row = steps.lock_row(db, response.json['resource_lock']['id'])
    assert (row.placed_by_user_id, row.placed_by_project_id,
            row.service_user_id, row.service_project_id,
            row.global_request_id, row.resource_project_id) == (
        'alice', 'p1', 'nova', 'service', GLOBAL_ID, 'p1')
    assert row.request_id == response.headers['x-openstack-request-id']


def test_service_token_is_recorded(nova, share):
    lock = nova.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id']}}, headers={
        'X-Service-User-Id': 'nova', 'X-Service-Project-Id': 'service'}
    ).json['resource_lock']
    [event] = _events(nova, lock_id=lock['id'])
    assert (event['user_id'], event['requester_context'],
            event['service_user_id'], event['service_project_id']) == (
        'alice', 'service', 'nova', 'service')


def test_service_ids_without_a_service_token_are_not_believed(api, share):
    lock = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id']}}, headers={
        'X-Service-User-Id': 'nova'}).json['resource_lock']
    [event] = _events(api, lock_id=lock['id'])
    assert event['service_user_id'] is None


@pytest.mark.parametrize('value', [
    'req-0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0', 'req-123', 'abc',
    'req-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0x', ' ' + GLOBAL_ID])
def test_malformed_global_request_ids_are_dropped(api, share, value):
    lock = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id']}}, headers={
        'X-OpenStack-Request-ID': value}).json['resource_lock']
    [event] = _events(api, lock_id=lock['id'])
    assert event['global_request_id'] is None


def test_the_trail_of_one_lock(api, share):
    lock = api.lock(share['id'], reason='r1')
    api.put('/resource-locks/%s' % lock['id'],
            {'resource_lock': {'lock_reason': 'r2'}})
    api.delete('/shares/%s' % share['id'], status=403)
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    events = _events(api, lock_id=lock['id'], sort_dir='asc')
    assert [e['event'] for e in events] == [
        'placed', 'changed', 'refused', 'removed']
    changed = events[1]
    assert (changed['before'], changed['after']) == (
        {'lock_reason': 'r1'}, {'lock_reason': 'r2'})
    assert events[2]['operation'] == 'delete'
    assert events[3]['before'] == {'resource_action': 'delete',
                                   'lock_reason': 'r2'}
    # Newest first by default.
    assert [e['id'] for e in _events(api, lock_id=lock['id'])] == [
        e['id'] for e in reversed(events)]


def test_a_refusal_is_recorded_though_its_transaction_rolls_back(
        api, share, lock):
    response = api.delete('/shares/%s' % share['id'], status=403)
    [event] = _events(api, request_id=response.headers[
        'x-openstack-request-id'])
    assert (event['event'], event['lock_id']) == ('refused', lock['id'])
    # ... and the rollback kept the share and the lock.
    assert api.get('/shares/%s' % share['id']).json['share']['status'] == (
        'available')
    api.get('/resource-locks/%s' % lock['id'])


def test_a_refusal_that_cannot_be_recorded_is_still_the_refusal(
        api, share, lock, monkeypatch, caplog):
    expected = api.delete('/shares/%s' % share['id'], status=403).json

    # The inserts a refusal's rows go through: on the quick refusal
    # (core/checker.refuse_seen) and on the row-locked path.
    def broken(connection, rows):
        raise RuntimeError('history table unavailable')
    monkeypatch.setattr(history, 'insert_refusal', broken)
    monkeypatch.setattr(history, 'insert', broken)
    response = api.delete('/shares/%s' % share['id'], status=403)
    assert response.json == expected
    assert 'Could not record the refusal' in caplog.text
    assert len(_events(api, event='refused')) == 1


def test_a_failed_change_leaves_no_event(api, share):
    rule = steps.allow(api, share['id'], lock_visibility=True)
    # A second visibility lock is refused by the database (409): the
    # transaction and its history roll back together.
    api.lock(rule['id'], 'access_rule', 'show', status=409)
    assert [e['event'] for e in _events(api, resource_id=rule['id'])] == [
        'placed']


def test_members_see_the_history_of_their_project(api, bob, reader, eve,
                                                  share, lock):
    for client in (api, bob, reader):
        assert _kinds(_events(client)) == [('placed', lock['id'])]
    assert _events(eve) == []
    assert _events(eve, all_projects='true') == []
    eve.get(EVENTS + '/%s' % _events(api)[0]['id'], status=404)


def test_owners_see_what_others_placed_on_their_resources(api, admin,
                                                          share):
    lock = admin.lock(share['id'], reason='legal hold')
    [event] = _events(api)
    assert (event['lock_id'], event['lock_project_id'],
            event['resource_project_id'], event['user_id']) == (
        lock['id'], 'admin-project', 'p1', 'admin')


def test_admins_read_other_projects_with_all_projects(api, admin, share,
                                                      lock):
    assert _events(admin) == []
    assert _kinds(_events(admin, all_projects='true')) == [
        ('placed', lock['id'])]
    assert _kinds(_events(admin, all_tenants='1')) == [
        ('placed', lock['id'])]
    # Show needs no all_projects, as for locks.
    event_id = _events(api)[0]['id']
    assert admin.get(EVENTS + '/%s' % event_id).json[
        'resource_lock_event']['id'] == event_id


def test_all_projects_without_the_policy_is_the_own_project(api, eve,
                                                            share, lock):
    eve_share = eve.create_share('e1')
    eve.lock(eve_share['id'])
    assert {e['lock_project_id'] for e in _events(api, all_projects='1')} == {
        'p1'}


def test_no_hidden_value_reaches_the_history(api, bob, share):
    rule = steps.allow_locked(api, share['id'], access_to='10.7.7.7')
    as_bob = steps.rules(bob, share['id'])
    assert as_bob[0]['access_to'] == '******'
    text = bob.get(EVENTS).text
    assert '10.7.7.7' not in text
    assert rule['id'] in text


def test_show_one_event(api, share, lock):
    [listed] = _events(api)
    shown = api.get(EVENTS + '/%s' % listed['id']).json[
        'resource_lock_event']
    assert shown == listed
    assert shown['links'][0]['href'].endswith(
        '/v2/p1/resource-lock-events/%s' % listed['id'])
    api.get(EVENTS + '/%s' % uuid.uuid4(), status=404)
    api.get(EVENTS + '/not-a-uuid', status=404)


def test_filters(api, share):
    other = api.create_share('s2')
    first = api.lock(share['id'])
    second = api.lock(other['id'])
    response = api.delete('/shares/%s' % share['id'], status=403,
                          headers={'X-OpenStack-Request-ID': GLOBAL_ID})
    request_id = response.headers['x-openstack-request-id']
    assert _kinds(_events(api, resource_id=other['id'])) == [
        ('placed', second['id'])]
    assert _kinds(_events(api, lock_id=first['id'], event='placed')) == [
        ('placed', first['id'])]
    assert _kinds(_events(api, request_id=request_id)) == [
        ('refused', first['id'])]
    assert _kinds(_events(api, global_request_id=GLOBAL_ID)) == [
        ('refused', first['id'])]
    assert len(_events(api, resource_type='share')) == 3
    assert _events(api, resource_type='access_rule') == []
    assert _events(api, user_id='bob') == []


def test_time_window(api, share, db):
    lock = api.lock(share['id'])
    [event] = _events(api)
    at = datetime.datetime.fromisoformat(event['created_at'])
    second = datetime.timedelta(seconds=1)
    assert _events(api, created_since=(at - second).isoformat()) != []
    assert _events(api, created_since=(at + second).isoformat()) == []
    assert _events(api, created_before=(at - second).isoformat()) == []
    assert _kinds(_events(api, created_since=event['created_at'],
                          created_before=event['created_at'])) == [
        ('placed', lock['id'])]
    assert _events(api, created_since=(at - second).isoformat() + 'Z') != []


def _follow(link):
    url = parse.urlsplit(link)
    return url.path[len('/v2'):] + '?' + url.query


@pytest.mark.parametrize('sort_dir', ['asc', 'desc'])
def test_paging_with_marker(api, share, sort_dir):
    lock = api.lock(share['id'])
    for n in range(4):
        api.put('/resource-locks/%s' % lock['id'],
                {'resource_lock': {'lock_reason': 'r%d' % n}})
    everything = [e['id'] for e in _events(api, sort_dir=sort_dir)]
    assert len(everything) == 5
    seen = []
    body = api.get(EVENTS, params={'limit': 2, 'sort_dir': sort_dir}).json
    while True:
        seen += [e['id'] for e in body['resource_lock_events']]
        links = body.get('resource_lock_events_links')
        if not links:
            break
        assert 'offset' not in links[0]['href']
        body = api.get(_follow(links[0]['href'])).json
    assert seen == everything
    marker = everything[1]
    assert [e['id'] for e in _events(api, marker=marker, sort_dir=sort_dir,
                                     limit=2)] == everything[2:4]


@pytest.mark.parametrize('params', [
    {'created_since': 'yesterday'}, {'created_before': '2026-13-01'},
    {'limit': '-1'}, {'limit': 'many'}, {'sort_dir': 'up'},
    {'event': 'exploded'}, {'resource_type': 'volume'},
    {'marker': str(uuid.uuid4())}, {'marker': 'x' * 300},
    {'all_projects': 'maybe'}])
def test_bad_input_is_a_manila_400(api, share, lock, params):
    response = api.get(EVENTS, params=params, status=400)
    assert set(response.json) == {'badRequest'}
    assert response.json['badRequest']['code'] == 400


def test_a_marker_from_another_project_is_unknown(api, eve, share, lock):
    event_id = _events(api)[0]['id']
    eve.get(EVENTS, params={'marker': event_id}, status=400)


def test_long_and_odd_filter_values_find_nothing(api, share, lock):
    for value in ('x' * 5000, "'; drop table x; --", '%', '_'):
        assert _events(api, lock_id=value, resource_id=value,
                       request_id=value) == []


def test_before_the_lock_microversion_there_is_no_history(api):
    api.as_(version='2.80').get(EVENTS, status=404)
    api.as_(version='2.80').get(EVENTS + '/%s' % uuid.uuid4(), status=404)


def test_policy_can_close_the_history(api, share, lock, conf, tmp_path):
    event_id = _events(api)[0]['id']
    steps.override_policy(conf, tmp_path, {
        'resource_lock_event:get_all': 'role:admin',
        'resource_lock_event:get': 'role:admin'})
    api.get(EVENTS, status=403)
    api.get(EVENTS + '/%s' % event_id, status=403)
