"""Who may place, see, change and remove which lock (checklist 8.3, spec
sections 3 and 6, defects 7, 9, 14, 19b and 21), told through the API."""
import uuid

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import locks
from manila_locks.core import models
from manila_locks.db import base
from manila_locks.host import lock_lookup
from manila_locks.host import models as host_models

DENIED = ('Resource lock cannot be manipulated by user. Please contact the '
          'administrator.')


def _lock_rows(db):
    with db.engine.connect() as connection:
        return connection.execute(sa.select(
            models.ResourceLock.id, models.ResourceLock.lock_reason,
            models.ResourceLock.resource_action,
            models.ResourceLock.deleted)).all()


def _set_share(db, share_id, **values):
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).where(
            host_models.Share.id == share_id).values(**values))


def _add_rule(db, share, state='active'):
    """An access rule row, inserted directly (the rule API is elsewhere)."""
    rule_id = str(uuid.uuid4())
    with db.engine.begin() as connection:
        connection.execute(sa.insert(host_models.AccessRule).values(
            id=rule_id, share_id=share['id'], project_id=share['project_id'],
            user_id='alice', access_type='ip', access_to='10.0.0.1',
            access_level='rw', state=state, created_at=base.utcnow(),
            deleted=base.LIVE))
    return rule_id


def _message(response):
    return next(iter(response.json.values()))['message']


@pytest.fixture
def rule(db, share):
    return _add_rule(db, share)


# -- lock contexts (8.3 42-124) ---------------------------------------------

def test_lock_context_of_each_caller(api, admin, nova, share):
    assert api.lock(share['id'])['lock_context'] == 'user'
    assert admin.lock(share['id'])['lock_context'] == 'admin'
    assert nova.lock(share['id'])['lock_context'] == 'service'
    admin_via_service = admin.as_(service=True).lock(share['id'])
    assert (admin_via_service['lock_context'], admin_via_service['user_id'],
            admin_via_service['project_id']) == (
        'service', 'admin', 'admin-project')


@pytest.fixture
def clients(api, admin, nova):
    return {'user': api, 'admin': admin, 'service': nova,
            'admin+service': admin.as_(service=True)}


@pytest.mark.parametrize('placed_by, changed_by, allowed', [
    ('user', 'user', True),
    ('service', 'user', False),
    ('admin', 'user', False),
    ('user', 'service', True),
    ('service', 'service', True),
    ('admin', 'service', False),
    ('user', 'admin', True),
    ('service', 'admin', True),
    ('admin', 'admin', True),
    ('admin', 'admin+service', False),
])
def test_manipulation_matrix(clients, share, placed_by, changed_by, allowed):
    lock = clients[placed_by].lock(share['id'], reason='r')
    path = '/resource-locks/%s' % lock['id']
    client = clients[changed_by]
    status = 200 if allowed else 403
    client.put(path, {'resource_lock': {'lock_reason': 'changed'}},
               status=status)
    client.delete(path, status=204 if allowed else 403)
    if not allowed:
        kept = clients['admin'].get(path).json['resource_lock']
        assert kept['lock_reason'] == 'r'


def test_lock_context_is_checked_after_policy(api, nova, share):
    # alice passes the owner policy on her own service lock; the
    # lock-context rule still refuses her.
    lock = nova.lock(share['id'])
    response = api.delete('/resource-locks/%s' % lock['id'], status=403)
    assert _message(response) == DENIED
    # bob fails the policy first.
    response = api.as_('bob:p1').delete('/resource-locks/%s' % lock['id'],
                                        status=403)
    assert 'resource_lock:delete' in _message(response)


# -- create: policy and states (8.3 241-296) --------------------------------

def test_reader_may_not_lock(reader, db, share):
    reader.lock(share['id'], status=403)
    assert _lock_rows(db) == []


def test_member_of_another_project_may_not_lock_a_public_share(
        api, eve, db):
    public = api.create_share()
    _set_share(db, public['id'], is_public=True)
    response = eve.lock(public['id'], status=403)
    assert 'resource_lock:create' in response['forbidden']['message']
    assert _lock_rows(db) == []


@pytest.mark.parametrize('status', [
    'deleting', 'error_deleting', 'unmanage_starting',
    'manage_error_unmanage_starting', 'unmanage_error', 'unmanaged',
    'deleted'])
def test_share_on_its_way_out_cannot_be_locked(api, db, share, status):
    _set_share(db, share['id'], status=status)
    response = api.lock(share['id'], status=409)
    assert status in response['conflictingRequest']['message']
    assert _lock_rows(db) == []


def test_soft_deleted_share_cannot_be_locked(api, db, share):
    api.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=202)
    response = api.lock(share['id'], status=409)
    assert 'soft deleted' in response['conflictingRequest']['message']
    assert _lock_rows(db) == []


def test_share_in_error_can_be_locked(api, db, share):
    _set_share(db, share['id'], status='error')
    api.lock(share['id'])


# -- visibility locks (8.3 330-398, defects 2, 7, 14) -----------------------

def test_visibility_lock_on_a_rule(api, rule):
    lock = api.lock(rule, 'access_rule', 'show', 'hide it')
    assert (lock['resource_type'], lock['resource_action']) == (
        'access_rule', 'show')


@pytest.mark.parametrize('second', ['api', 'bob', 'admin'])
def test_second_visibility_lock_conflicts(request, api, db, rule, second):
    api.lock(rule, 'access_rule', 'show')
    client = request.getfixturevalue(second)
    response = client.lock(rule, 'access_rule', 'show', status=409)
    assert response['conflictingRequest']['message'] == (
        "Resource's visibility is already locked by other user.")
    assert len(_lock_rows(db)) == 1


def test_strangers_cannot_probe_visibility_locks(api, eve, rule):
    # Defect 14: a caller who cannot see the rule learns nothing.
    api.lock(rule, 'access_rule', 'show')
    response = eve.lock(rule, 'access_rule', 'show', status=400)
    assert response['badRequest']['message'] == 'No such resource found.'


def test_update_to_show_when_none_exists(api, rule):
    # Defect 7: Manila refused every delete -> show change.
    lock = api.lock(rule, 'access_rule', 'delete')
    updated = api.put('/resource-locks/%s' % lock['id'], {
        'resource_lock': {'resource_action': 'show'}}).json['resource_lock']
    assert updated['resource_action'] == 'show'
    back = api.put('/resource-locks/%s' % lock['id'], {
        'resource_lock': {'resource_action': 'delete'}}).json['resource_lock']
    assert back['resource_action'] == 'delete'
    # Its visibility slot is free again.
    api.lock(rule, 'access_rule', 'show')


def test_update_to_show_conflicts_with_another_projects_lock(
        api, admin, db, rule):
    # Defect 7: the check must see every project's visibility lock.
    admin.lock(rule, 'access_rule', 'show')
    lock = api.lock(rule, 'access_rule', 'delete')
    api.put('/resource-locks/%s' % lock['id'], {
        'resource_lock': {'resource_action': 'show'}}, status=409)
    assert api.get('/resource-locks/%s' % lock['id']).json[
        'resource_lock']['resource_action'] == 'delete'


@pytest.mark.parametrize('state', ['queued_to_deny', 'denying', 'error'])
def test_update_to_delete_on_a_dying_rule_conflicts(api, db, rule, state):
    # Defects 7 and 21: rule states, and 409 as on create.
    lock = api.lock(rule, 'access_rule', 'show')
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.AccessRule).values(
            state=state))
    response = api.put('/resource-locks/%s' % lock['id'], {
        'resource_lock': {'resource_action': 'delete',
                          'lock_reason': 'x'}}, status=409)
    assert state in _message(response)
    assert _lock_rows(db) == [(lock['id'], None, 'show', 'False')]


def test_update_action_not_valid_for_share(api, share):
    lock = api.lock(share['id'])
    api.put('/resource-locks/%s' % lock['id'], {
        'resource_lock': {'resource_action': 'show'}}, status=400)


# -- scoping (8.3 192-239, 521-572; defects 9, 19b) -------------------------

def test_other_projects_locks_are_not_found(api, eve, admin, share):
    lock = api.lock(share['id'])
    path = '/resource-locks/%s' % lock['id']
    eve.get(path, status=404)
    eve.put(path, {'resource_lock': {'lock_reason': 'x'}}, status=404)
    eve.delete(path, status=404)
    assert eve.get('/resource-locks').json['resource_locks'] == []
    assert admin.get(path).json['resource_lock']['id'] == lock['id']


def test_all_projects(api, eve, admin, nova):
    mine = api.lock(api.create_share()['id'])
    eves = eve.lock(eve.create_share()['id'])
    admins = admin.lock(admin.create_share()['id'])

    def ids(client, query=''):
        return {lock['id'] for lock in client.get(
            '/resource-locks' + query).json['resource_locks']}

    everything = {mine['id'], eves['id'], admins['id']}
    assert ids(admin, '?all_projects=true') == everything
    assert ids(admin, '?all_tenants=1') == everything
    # Defect 9: false means false.
    assert ids(admin, '?all_projects=false') == {admins['id']}
    assert ids(admin, '?all_projects=0') == {admins['id']}
    assert ids(admin) == {admins['id']}
    # Without resource_lock:get_all_projects: quietly the caller's scope.
    assert ids(api, '?all_projects=true') == {mine['id']}
    assert ids(nova, '?all_projects=true') == {mine['id']}
    assert ids(admin, '?project_id=p2') == {eves['id']}
    assert ids(admin, '?all_projects=true&project_id=p1') == {mine['id']}
    assert ids(api, '?project_id=p1') == {mine['id']}


def test_foreign_project_filter_is_forbidden(api, eve):
    eve.lock(eve.create_share()['id'])
    for query in ('?project_id=p2', '?project_id=p2&all_projects=true'):
        response = api.get('/resource-locks' + query, status=403)
        assert 'get_all_projects' in _message(response)


def test_owners_see_locks_placed_on_their_shares(api, reader, admin, share):
    # Defect 19b: the admin's lock lives in the admin project, yet the
    # share's project can list and show it, and is told about it.
    lock = admin.lock(share['id'], reason='audit hold')
    for client in (api, reader):
        listed = client.get('/resource-locks').json['resource_locks']
        assert [item['id'] for item in listed] == [lock['id']]
        client.get('/resource-locks/%s' % lock['id'])
    assert api.get('/resource-locks?project_id=p1').json[
        'resource_locks'] == []
    api.delete('/resource-locks/%s' % lock['id'], status=403)
    response = api.delete('/shares/%s' % share['id'], status=403)
    assert lock['id'] in _message(response)


# -- companion locks (defect 6) ---------------------------------------------

def test_companion_lock_goes_with_its_parent(api, db, share, rule):
    context = ml_context.RequestContext(user_id='alice', project_id='p1',
                                        roles=['member', 'reader'])
    lookup = lock_lookup.HostLookup()
    parent = locks.create(context, lookup, 'access_rule', rule)
    [companion] = api.get('/resource-locks?resource_id=%s' % share['id']
                          ).json['resource_locks']
    assert companion['lock_reason'] == 'Locked by access lock: ' + parent.id
    path = '/resource-locks/%s' % companion['id']
    api.put(path, {'resource_lock': {'lock_reason': 'x'}}, status=403)
    api.delete(path, status=403)
    api.delete('/resource-locks/%s' % parent.id, status=204)
    api.get(path, status=404)
    api.delete('/shares/%s' % share['id'], status=202)
