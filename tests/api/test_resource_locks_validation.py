"""Bad input to /resource-locks: malformed bodies, unknown or invalid
fields and filters, missing resources. Each is a 400/403/404 that says what
is wrong, and nothing is written.
"""
import uuid

import pytest
import sqlalchemy as sa

from manila_locks.core import models

NO_SUCH = str(uuid.uuid4())


def _lock_rows(db):
    with db.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(
            models.ResourceLock)).scalar_one()


def _create(client, lock_body, status=400):
    return client.post('/resource-locks', {'resource_lock': lock_body},
                       status=status).json


def _message(body):
    return next(iter(body.values()))['message']


@pytest.mark.parametrize('body, words', [
    ({}, 'resource_lock'),
    ({'lock': {'resource_id': NO_SUCH}}, 'resource_lock'),
    ({'resource_lock': 'share'}, 'resource_lock'),
])
def test_create_without_resource_lock(api, db, body, words):
    response = api.post('/resource-locks', body, status=400)
    assert words in _message(response.json)
    assert _lock_rows(db) == 0


MISSING = object()


@pytest.mark.parametrize('fields, words', [
    ({'resource_id': 'not-a-uuid'}, 'resource_id'),
    ({'resource_id': 42}, 'resource_id'),
    ({'resource_id': None}, 'resource_id'),
    ({'resource_id': MISSING}, 'resource_id'),
    ({'resource_type': 'volume'}, 'resource_type'),
    ({'resource_action': 'extend'}, 'resource_action'),
    ({'resource_action': 'show'}, "'show'"),      # show on a share
    ({'resource_type': 'share', 'resource_action': 'show'}, "'show'"),
    ({'lock_reason': 'x' * 1024}, 'lock_reason'),
    ({'lock_reason': 'x' * 1050}, 'lock_reason'),
    ({'lock_reason': 7}, 'lock_reason'),
    ({'user_id': 'mallory'}, 'user_id'),          # unknown keys
    ({'lock_context': 'admin'}, 'lock_context'),
])
def test_create_rejects(api, db, share, fields, words):
    body = dict({'resource_id': share['id']}, **fields)
    body = {key: value for key, value in body.items() if value is not MISSING}
    assert words in _message(_create(api, body))
    assert _lock_rows(db) == 0


def test_create_on_unknown_resource(api, db):
    # Manila answers 400 here, not 404 (kept for compatibility).
    body = _create(api, {'resource_id': NO_SUCH, 'resource_type': 'share'})
    assert _message(body) == 'No such resource found.'
    assert _lock_rows(db) == 0


def test_create_on_other_projects_share_looks_missing(api, eve, db):
    share = eve.create_share()
    body = _create(api, {'resource_id': share['id']})
    assert _message(body) == 'No such resource found.'
    assert _lock_rows(db) == 0


def test_create_with_reason_of_1023_characters(api, share):
    assert len(api.lock(share['id'], reason='x' * 1023)['lock_reason']) == 1023


@pytest.mark.parametrize('body, words', [
    ({}, 'resource_lock'),
    ({'lock': {'lock_reason': 'x'}}, 'resource_lock'),
    ({'resource_lock': {'resource_action': 'show'}}, "'show'"),
    ({'resource_lock': {'resource_action': 'extend'}}, 'resource_action'),
    ({'resource_lock': {'lock_reason': 'x' * 1034}}, 'lock_reason'),
    ({'resource_lock': {'lock_reason': 'x' * 1050}}, 'lock_reason'),
    ({'resource_lock': {'resource_id': NO_SUCH}}, 'resource_id'),
    ({'resource_lock': {'lock_context': 'user'}}, 'lock_context'),
])
def test_update_rejects(api, lock, body, words):
    response = api.put('/resource-locks/%s' % lock['id'], body, status=400)
    assert words in _message(response.json)
    after = api.get('/resource-locks/%s' % lock['id']).json['resource_lock']
    assert after == lock


def test_update_body_that_is_not_json(api, lock):
    response = api.raw('PUT', '/resource-locks/%s' % lock['id'],
                       body=b'{not json', status=400,
                       headers={'Content-Type': 'application/json'})
    assert response.status_int == 400
    assert 'JSON' in _message(response.json)


@pytest.mark.parametrize('method', ['get', 'delete', 'put'])
def test_unknown_lock_is_404(api, method):
    path = '/resource-locks/%s' % NO_SUCH
    if method == 'put':
        response = api.put(path, {'resource_lock': {'lock_reason': 'x'}},
                           status=404)
    else:
        response = getattr(api, method)(path, status=404)
    assert NO_SUCH in _message(response.json)


def test_non_uuid_lock_id_is_404(api):
    api.get('/resource-locks/not-a-uuid', status=404)
    api.delete('/resource-locks/not-a-uuid', status=404)


@pytest.mark.parametrize('client_name', ['bob', 'reader'])
def test_another_users_lock_cannot_be_changed(request, lock, client_name):
    client = request.getfixturevalue(client_name)
    path = '/resource-locks/%s' % lock['id']
    client.put(path, {'resource_lock': {'lock_reason': 'mine now'}},
               status=403)
    client.delete(path, status=403)
    assert client.get(path).json['resource_lock'] == lock


@pytest.mark.parametrize('query', [
    'created_since=None', 'created_since=2222-22-22',
    'created_since=a_year_ago', 'created_before=epoch',
    'created_before=december',
    'limit=ten', 'limit=-1', 'limit=1.5', 'offset=-3', 'offset=x',
    'with_count=maybe', 'with_count=2', 'all_projects=please',
    'all_tenants=yes-please',
    'sort_key=deleted', 'sort_key=visibility_guard', 'sort_key=foo',
    'sort_dir=up', 'sort_dir=ASC',
    'resource_type=volume', 'resource_action=extend', 'lock_context=root',
])
def test_list_rejects(api, query):
    name = query.split('=')[0]
    response = api.get('/resource-locks?' + query, status=400)
    assert name in _message(response.json)
