"""Who may change and remove which lock (the lock-context matrix), and
which resources cannot be locked in their state, told through the API. The
session of placing, seeing and scoping locks is
tests/api/gabbits/resource-locks.yaml; visibility locks on rules are
rule-locks.yaml and rule-locks-redaction.yaml."""
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
    assert _message(response) == (
        "Policy doesn't allow resource_lock:delete to be performed.")


def test_member_of_another_project_may_not_lock_a_public_share(
        api, eve, db):
    public = api.create_share()
    _set_share(db, public['id'], is_public=True)
    response = eve.lock(public['id'], status=403)
    assert response['forbidden']['message'] == (
        "Policy doesn't allow resource_lock:create to be performed.")
    assert _lock_rows(db) == []


@pytest.mark.parametrize('status', [
    'deleting', 'error_deleting', 'unmanage_starting',
    'manage_error_unmanage_starting', 'unmanage_error', 'unmanaged',
    'deleted'])
def test_share_on_its_way_out_cannot_be_locked(api, db, share, status):
    _set_share(db, share['id'], status=status)
    response = api.lock(share['id'], status=409)
    assert response['conflictingRequest']['message'] == (
        'Resource %s cannot be locked in its current state (%s).'
        % (share['id'], status))
    assert _lock_rows(db) == []


def test_soft_deleted_share_cannot_be_locked(api, db, share):
    api.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=202)
    response = api.lock(share['id'], status=409)
    assert response['conflictingRequest']['message'] == (
        'Resource cannot be locked since it has been soft deleted.')
    assert _lock_rows(db) == []


def test_share_in_error_can_be_locked(api, db, share):
    _set_share(db, share['id'], status='error')
    api.lock(share['id'])


@pytest.mark.parametrize('state', ['queued_to_deny', 'denying', 'error'])
def test_update_to_delete_on_a_dying_rule_conflicts(api, db, rule, state):
    # A rule on its way out cannot take a deletion lock; the answer is 409,
    # as when such a lock is created.
    lock = api.lock(rule, 'access_rule', 'show')
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.AccessRule).values(
            state=state))
    response = api.put('/resource-locks/%s' % lock['id'], {
        'resource_lock': {'resource_action': 'delete',
                          'lock_reason': 'x'}}, status=409)
    assert _message(response) == (
        'Resource %s cannot be locked in its current state (%s).'
        % (rule, state))
    assert _lock_rows(db) == [(lock['id'], None, 'show', 'False')]


# -- companion locks --------------------------------------------------------

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
