"""/resource-locks listings that are tables (every sort key, every date
spelling) and the audit log. The user session itself (create, show, list,
page, filter, update, delete) is tests/api/gabbits/resource-locks.yaml and
resource-locks-listing.yaml."""
import logging
from urllib import parse

import pytest


def _ids(response):
    return [lock['id'] for lock in response.json['resource_locks']]


@pytest.fixture
def five(api):
    """Five locks on five shares, oldest first."""
    return [api.lock(api.create_share(name='s%d' % n)['id'],
                     reason='reason %d' % n) for n in range(5)]


SORT_KEYS = ('id', 'resource_id', 'resource_type', 'resource_action',
             'user_id', 'project_id', 'created_at', 'updated_at',
             'lock_context')


def test_documented_sort_keys(api, five):
    for sort_key in SORT_KEYS:
        listed = api.get('/resource-locks?sort_dir=asc&sort_key=' + sort_key)
        values = [(lock[sort_key] or '', lock['id'])
                  for lock in listed.json['resource_locks']]
        assert values == sorted(values), sort_key


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
