"""The holes an attacker found in the lock guarantee, each replayed as it
was reported, on every backend. Each failed before the share's guard looked
at everything in the share (resource_locks.container_id)."""
import uuid

import pytest
import sqlalchemy as sa

from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import invariants
from tests.api import access_rule_steps as steps

ADMIN_REMOVALS = {
    'delete': lambda admin, share_id: admin.delete(
        '/shares/%s' % share_id, status='*'),
    'force_delete': lambda admin, share_id: admin.post(
        steps.action_path(share_id), {'force_delete': None}, status='*'),
    'soft_delete': lambda admin, share_id: admin.post(
        steps.action_path(share_id), {'soft_delete': None}, status='*'),
    'unmanage': lambda admin, share_id: admin.post(
        steps.action_path(share_id), {'unmanage': None}, status='*'),
}


def _holds(db):
    with db.engine.connect() as connection:
        broken = {name: rows for name, rows
                  in invariants.check_all(connection).items() if rows}
    assert broken == {}


def _rule_delete_lock_by_post(api, share):
    rule = steps.allow(api, share['id'])
    api.lock(rule['id'], 'access_rule', 'delete')
    return rule


def _rule_delete_lock_by_put(api, share):
    rule = steps.allow(api, share['id'])
    lock = api.lock(rule['id'], 'access_rule', 'show')
    api.put('/resource-locks/%s' % lock['id'],
            {'resource_lock': {'resource_action': 'delete'}})
    return rule


@pytest.mark.parametrize('place', [_rule_delete_lock_by_post,
                                   _rule_delete_lock_by_put])
@pytest.mark.parametrize('removal', sorted(ADMIN_REMOVALS))
def test_a_locked_rule_does_not_disappear_with_its_share(
        db, api, admin, share, place, removal):
    rule = place(api, share)
    response = ADMIN_REMOVALS[removal](admin, share['id'])
    assert response.status_int == 403, response
    assert 'prevent delete action' in steps.message(response)
    assert api.get('/share-access-rules/%s' % rule['id']).json[
        'access']['state'] != 'deleted'
    assert [lock['resource_action'] for lock
            in steps.locks_on(admin, rule['id'])] == ['delete']
    _holds(db)


@pytest.mark.parametrize('place', [_rule_delete_lock_by_post,
                                   _rule_delete_lock_by_put])
def test_every_rule_deletion_lock_shows_its_companion(db, api, admin, share,
                                                      place):
    rule = place(api, share)
    [rule_lock] = steps.locks_on(admin, rule['id'])
    [companion] = steps.locks_on(admin, share['id'])
    assert companion['lock_reason'] == (
        'Locked by access lock: %s' % rule_lock['id'])
    _holds(db)


def test_changing_a_rule_lock_to_show_releases_the_share(db, api, admin,
                                                         share):
    rule = steps.allow(api, share['id'], lock_deletion=True)
    [rule_lock] = steps.locks_on(admin, rule['id'])
    api.put('/resource-locks/%s' % rule_lock['id'],
            {'resource_lock': {'resource_action': 'show'}})
    assert steps.locks_on(admin, share['id']) == []
    _holds(db)
    api.delete('/shares/%s' % share['id'], status=202)
    _holds(db)


def test_back_and_forth_leaves_exactly_one_companion(db, api, admin, share):
    rule = steps.allow(api, share['id'])
    lock = api.lock(rule['id'], 'access_rule', 'delete')
    for action in ('show', 'delete', 'show', 'delete'):
        api.put('/resource-locks/%s' % lock['id'],
                {'resource_lock': {'resource_action': action}})
    assert len(steps.locks_on(admin, share['id'])) == 1
    _holds(db)


def test_a_rule_of_a_soft_deleted_share_takes_no_lock(db, api, admin,
                                                      share):
    rule = steps.allow(api, share['id'])
    api.post(steps.action_path(share['id']), {'soft_delete': None},
             status=202)
    for action in ('delete', 'show'):
        response = api.lock(rule['id'], 'access_rule', action, status=409)
        assert response['conflictingRequest']['message'] == (
            'Resource cannot be locked since it has been soft deleted.')
    assert steps.locks_on(admin, rule['id']) == []
    _holds(db)


def test_a_visibility_lock_alone_lets_the_share_go(db, api, share):
    steps.allow(api, share['id'], lock_visibility=True)
    api.delete('/shares/%s' % share['id'], status=202)
    _holds(db)


def test_a_guess_at_a_hidden_value_is_refused_without_echoing_it(
        db, api, bob, share):
    """A member who sees ****** must not have the value repeated back by
    the duplicate check (the refusal itself cannot be avoided: a share
    holds one rule per grantee); the owner still gets Manila's message."""
    steps.allow_locked(api, share['id'], '10.0.0.5')
    guess = steps.allow(bob, share['id'], '10.0.0.5', status=400)
    assert '10.0.0.5' not in guess['badRequest']['message']
    own = steps.allow(api, share['id'], '10.0.0.5', status=400)
    assert own['badRequest']['message'] == (
        'Share access ip:10.0.0.5 exists.')
    _holds(db)


def test_the_guard_needs_no_companion(db, api, admin, share):
    """The share's guard reads every lock in the share, not the companion
    locks: a rule deletion lock without one (written straight to the
    table, as a pre-upgrade row could be) still refuses every removal."""
    rule = steps.allow(api, share['id'])
    with db.engine.begin() as connection:
        connection.execute(sa.insert(core_models.ResourceLock).values(
            id=str(uuid.uuid4()), user_id='alice', project_id='p1',
            resource_project_id='p1', lock_context='user',
            resource_id=rule['id'], resource_type='access_rule',
            container_id=share['id'], resource_action='delete',
            created_at=base.utcnow(), deleted=base.LIVE))
    for removal in sorted(ADMIN_REMOVALS):
        response = ADMIN_REMOVALS[removal](admin, share['id'])
        assert response.status_int == 403, (removal, response)


def test_a_companion_is_held_by_whoever_holds_its_parent(db, api, admin,
                                                         share):
    rule = steps.allow(api, share['id'])
    lock = api.lock(rule['id'], 'access_rule', 'show')
    admin.put('/resource-locks/%s' % lock['id'],
              {'resource_lock': {'resource_action': 'delete'}})
    [companion] = steps.locks_on(admin, share['id'])
    assert (companion['user_id'], companion['project_id'],
            companion['lock_context']) == ('alice', 'p1', 'user')
    _holds(db)
