"""/resource-locks as a user session (checklists 8.2 and 8.6): create, list,
filter, page, show, update and delete, with Manila's representation."""
import logging
from urllib import parse
import uuid

import pytest

FIELDS = {'id', 'resource_id', 'resource_action', 'resource_type', 'user_id',
          'project_id', 'lock_context', 'created_at', 'updated_at',
          'lock_reason', 'links'}


def _ids(response):
    return [lock['id'] for lock in response.json['resource_locks']]


def _follow(link):
    """The path below /v2 of a link the service returned."""
    url = parse.urlsplit(link)
    return url.path[len('/v2'):] + '?' + url.query


def test_create_returns_200_and_the_lock(api, share):
    response = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id'], 'resource_type': 'share',
        'resource_action': 'delete', 'lock_reason': 'in use'}}, status=200)
    lock = response.json['resource_lock']
    assert set(lock) == FIELDS
    assert str(uuid.UUID(lock['id'])) == lock['id']
    assert (lock['resource_id'], lock['resource_type'],
            lock['resource_action'], lock['lock_context'],
            lock['user_id'], lock['project_id'], lock['lock_reason'],
            lock['updated_at']) == (share['id'], 'share', 'delete', 'user',
                                    'alice', 'p1', 'in use', None)
    assert [link['rel'] for link in lock['links']] == ['self', 'bookmark']
    assert lock['links'][0]['href'].endswith(
        '/v2/p1/resource-locks/' + lock['id'])
    assert lock['links'][1]['href'].endswith('/p1/resource-locks/' +
                                             lock['id'])
    assert '/v2/' not in lock['links'][1]['href']


def test_create_defaults(api, share):
    # Defect 8: no resource_type (and no action, no reason) is a share
    # deletion lock, not a 500.
    lock = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id']}}).json['resource_lock']
    assert (lock['resource_type'], lock['resource_action'],
            lock['lock_reason']) == ('share', 'delete', None)
    nulls = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id'], 'resource_type': None,
        'resource_action': None, 'lock_reason': None}}).json['resource_lock']
    assert (nulls['resource_type'], nulls['resource_action']) == (
        'share', 'delete')


def test_show(api, share):
    lock = api.lock(share['id'], reason='r')
    shown = api.get('/resource-locks/%s' % lock['id']).json['resource_lock']
    assert shown == lock
    assert set(shown) == FIELDS


def test_list_contains_exactly_the_fields(api, share):
    lock = api.lock(share['id'])
    listed = api.get('/resource-locks').json['resource_locks']
    assert listed == [lock]
    assert set(listed[0]) == FIELDS
    assert 'count' not in api.get('/resource-locks').json


def test_same_project_users_and_admin_lock_one_share(api, bob, admin, share):
    mine = api.lock(share['id'])
    bobs = bob.lock(share['id'])
    admins = admin.lock(share['id'])
    assert (bobs['user_id'], bobs['project_id'], bobs['lock_context']) == (
        'bob', 'p1', 'user')
    assert (admins['lock_context'], admins['project_id']) == (
        'admin', 'admin-project')
    listed = api.get('/resource-locks?resource_id=%s&sort_dir=asc'
                     % share['id'])
    assert _ids(listed) == [mine['id'], bobs['id'], admins['id']]


def test_service_lock(nova, share):
    lock = nova.lock(share['id'], reason='attached to a VM')
    assert (lock['lock_context'], lock['user_id'], lock['project_id']) == (
        'service', 'alice', 'p1')


def test_update_reason_and_action(api, share):
    lock = api.lock(share['id'], reason='old')
    path = '/resource-locks/%s' % lock['id']
    updated = api.put(path, {'resource_lock': {
        'lock_reason': 'new', 'resource_action': 'delete'}}).json
    assert updated['resource_lock']['lock_reason'] == 'new'
    assert updated['resource_lock']['updated_at'] is not None
    assert api.get(path).json == updated
    only_reason = api.put(path, {'resource_lock': {'lock_reason': None}})
    assert only_reason.json['resource_lock']['lock_reason'] is None
    assert api.get(path).json['resource_lock']['lock_reason'] is None


def test_delete(api, share):
    first = api.lock(share['id'])
    second = api.lock(share['id'])
    response = api.delete('/resource-locks/%s' % first['id'], status=204)
    assert response.body == b''
    api.get('/resource-locks/%s' % first['id'], status=404)
    api.delete('/resource-locks/%s' % first['id'], status=404)
    listed = api.get('/resource-locks?resource_id=%s' % share['id'])
    assert _ids(listed) == [second['id']]


def test_project_in_url(api, share):
    lock = api.lock(share['id'])
    assert _ids(api.get('/p1/resource-locks')) == [lock['id']]
    assert api.get('/p1/resource-locks/%s' % lock['id']).json[
        'resource_lock']['id'] == lock['id']
    api.get('/%s/resource-locks' % uuid.uuid4().hex, status=400)


# -- listing: order, pages, count -------------------------------------------

@pytest.fixture
def five(api):
    """Five locks on five shares, oldest first."""
    return [api.lock(api.create_share(name='s%d' % n)['id'],
                     reason='reason %d' % n) for n in range(5)]


def test_default_order_is_newest_first(api, five):
    assert _ids(api.get('/resource-locks')) == [
        lock['id'] for lock in reversed(five)]


def test_two_oldest(api, five):
    response = api.get('/resource-locks?sort_key=created_at&sort_dir=asc'
                       '&limit=2')
    assert _ids(response) == [five[0]['id'], five[1]['id']]
    assert response.json['resource_locks_links'][0]['rel'] == 'next'


def test_following_next_links_walks_every_page(api, five):
    # Defect 11: the next link must move on, not repeat the page.
    seen, path, pages = [], '/resource-locks?limit=2&sort_dir=asc', 0
    while path:
        body = api.get(path).json
        seen += [lock['id'] for lock in body['resource_locks']]
        links = body.get('resource_locks_links')
        path = _follow(links[0]['href']) if links else None
        pages += 1
    assert seen == [lock['id'] for lock in five]
    assert pages == 3


def test_next_link_keeps_the_project_url(api, five):
    body = api.get('/p1/resource-locks?limit=1&offset=1').json
    href = body['resource_locks_links'][0]['href']
    assert '/v2/p1/resource-locks?' in href
    assert dict(parse.parse_qsl(parse.urlsplit(href).query)) == {
        'limit': '1', 'offset': '2'}
    assert _ids(api.get(_follow(href))) == [five[2]['id']]


def test_no_next_link_on_a_short_page(api, five):
    assert 'resource_locks_links' not in api.get(
        '/resource-locks?limit=6').json


def test_pagination_params_are_not_filters(api, five):
    response = api.get('/resource-locks?limit=2&offset=1&sort_key=id'
                       '&sort_dir=desc&with_count=true')
    expected = sorted((lock['id'] for lock in five), reverse=True)[1:3]
    assert _ids(response) == expected
    assert response.json['count'] == 5


def test_count_is_present_when_zero(api, five):
    # Defect 10.
    body = api.get('/resource-locks?with_count=true&resource_id=%s'
                   % uuid.uuid4()).json
    assert body == {'resource_locks': [], 'count': 0}
    assert 'count' not in api.get('/resource-locks?with_count=false').json


SORT_KEYS = ('id', 'resource_id', 'resource_type', 'resource_action',
             'user_id', 'project_id', 'created_at', 'updated_at',
             'lock_context')


def test_documented_sort_keys(api, five):
    for sort_key in SORT_KEYS:
        listed = api.get('/resource-locks?sort_dir=asc&sort_key=' + sort_key)
        values = [(lock[sort_key] or '', lock['id'])
                  for lock in listed.json['resource_locks']]
        assert values == sorted(values), sort_key


# -- filters ----------------------------------------------------------------

def test_filter_by_fields(api, bob, five):
    bobs = bob.lock(five[0]['resource_id'])
    assert _ids(api.get('/resource-locks?resource_type=share')) == [
        bobs['id']] + [lock['id'] for lock in reversed(five)]
    assert _ids(api.get('/resource-locks?user_id=bob')) == [bobs['id']]
    assert _ids(api.get('/resource-locks?resource_id=%s&sort_dir=asc'
                        % five[0]['resource_id'])) == [five[0]['id'],
                                                       bobs['id']]
    assert _ids(api.get('/resource-locks?id=%s' % five[3]['id'])) == [
        five[3]['id']]
    assert _ids(api.get('/resource-locks?lock_reason=reason%202')) == [
        five[2]['id']]
    assert _ids(api.get('/resource-locks?lock_context=admin')) == []
    assert _ids(api.get('/resource-locks?resource_action=show')) == []


def test_filter_reason_substring(api, share):
    bexar = api.lock(share['id'], reason='bexar')
    api.lock(share['id'], reason='foo')
    assert _ids(api.get('/resource-locks?lock_reason~=xar')) == [bexar['id']]


def test_filter_reason_wildcards_are_literal(api, share):
    # Defect 13.
    percent = api.lock(share['id'], reason='100% full')
    underscore = api.lock(share['id'], reason='a_b')
    api.lock(share['id'], reason='axb')
    assert _ids(api.get('/resource-locks?' + parse.urlencode(
        {'lock_reason~': '%'}))) == [percent['id']]
    assert _ids(api.get('/resource-locks?' + parse.urlencode(
        {'lock_reason~': 'a_b'}))) == [underscore['id']]


def test_created_since_and_before_are_inclusive(api, five):
    third = five[2]['created_at']
    since = api.get('/resource-locks?' + parse.urlencode(
        {'created_since': third, 'sort_dir': 'asc'}))
    assert _ids(since) == [lock['id'] for lock in five[2:]]
    window = api.get('/resource-locks?' + parse.urlencode(
        {'created_since': five[1]['created_at'], 'created_before': third,
         'sort_dir': 'asc'}))
    assert _ids(window) == [five[1]['id'], five[2]['id']]


def test_date_spellings(api, five):
    second = five[1]['created_at']
    for spelling in (second.replace('T', ' '),    # 2026-11-23 18:36:13.7654
                     second, second + 'Z', second + '+00:00'):
        query = parse.urlencode({'created_before': spelling,
                                 'sort_dir': 'asc'})
        assert _ids(api.get('/resource-locks?' + query)) == [
            five[0]['id'], five[1]['id']], spelling


# -- audit log ----------------------------------------------------------------

def test_every_lock_change_is_logged_once(api, share, caplog):
    caplog.set_level(logging.INFO, logger='manila_locks')
    created = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id'], 'lock_reason': 'r'}})
    lock_id = created.json['resource_lock']['id']
    path = '/resource-locks/%s' % lock_id
    updated = api.put(path, {'resource_lock': {'lock_reason': 's'}})
    deleted = api.delete(path, status=204)
    api.get(path, status=404)
    records = [r.getMessage() for r in caplog.records
               if r.getMessage().startswith('Lock ')]
    assert len(records) == 3
    for record, event, response in zip(
            records, ('placed', 'changed', 'removed'),
            (created, updated, deleted)):
        for part in ('Lock ' + event, 'user alice', 'project p1',
                     'action delete', share['id'], lock_id,
                     response.headers['x-openstack-request-id']):
            assert part in record
