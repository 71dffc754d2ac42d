"""Share transfers (2.77): the lifecycle as Manila's clients drive it, and
the lock rules Manila lacks: a share or an access rule holding any lock is
not handed to another project, and a share on offer takes no new lock.
"""
import datetime

import pytest
import sqlalchemy as sa

from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import models
from manila_locks.host import transfer_service
from tests.api import access_rule_steps as steps
from tests.api.transfer_steps import accept
from tests.api.transfer_steps import live_transfers
from tests.api.transfer_steps import offer
from tests.api.transfer_steps import share_row
from tests.api.transfer_steps import X


# The lifecycle

def test_offer_answers_the_key_once_and_the_share_waits(db, api, share):
    transfer = offer(api, share['id'])
    assert len(transfer['auth_key']) == 16
    assert (transfer['resource_type'], transfer['resource_id'],
            transfer['source_project_id'], transfer['accepted'],
            transfer['destination_project_id'], transfer['name']) == (
        'share', share['id'], 'p1', False, None, 'tx')
    shown = api.get(X + '/' + transfer['id']).json['transfer']
    assert 'auth_key' not in shown
    assert shown == {k: v for k, v in transfer.items() if k != 'auth_key'}
    assert api.get('/shares/' + share['id']).json['share']['status'] == (
        'awaiting_transfer')
    stored = share_row(db, share['id'])
    assert stored.status == 'awaiting_transfer'
    with db.engine.connect() as connection:
        row = connection.execute(sa.select(models.ShareTransfer)).one()
    assert transfer['auth_key'] not in (row.salt, row.crypt_hash)


def test_accept_moves_the_share_to_the_accepting_project(db, api, eve,
                                                         share):
    steps.allow(api, share['id'], '10.0.0.7')
    transfer = offer(api, share['id'])
    assert accept(eve, transfer).body == b''
    moved = eve.get('/shares/' + share['id']).json['share']
    assert (moved['project_id'], moved['status']) == ('p2', 'available')
    api.get('/shares/' + share['id'], status=404)
    # The rule came along; the transfer is gone for everyone.
    assert [r['access_to'] for r in steps.rules(eve, share['id'])] == [
        '10.0.0.7']
    api.get(X + '/' + transfer['id'], status=404)
    accept(eve, transfer, status=400)
    assert live_transfers(db) == 0


def test_accept_can_clear_the_access_rules(api, eve, share):
    steps.allow(api, share['id'], '10.0.0.7')
    accept(eve, offer(api, share['id']), clear=True)
    assert steps.rules(eve, share['id']) == []


def test_cancel_gives_the_share_back(db, api, share):
    transfer = offer(api, share['id'])
    response = api.delete(X + '/' + transfer['id'], status=200)
    assert response.body == b''
    assert share_row(db, share['id']).status == 'available'
    api.get(X + '/' + transfer['id'], status=404)
    accept(api.as_('eve:p2'), transfer, status=400)


def test_wrong_key_changes_nothing(db, api, eve, share):
    transfer = offer(api, share['id'])
    response = accept(eve, transfer, status=400, key='0' * 16)
    assert 'invalid auth key' in steps.message(response)
    assert share_row(db, share['id']).project_id == 'p1'
    accept(eve, transfer)


def test_expired_offer_is_refused_and_rolled_back(db, api, eve, share):
    transfer = offer(api, share['id'])
    with db.engine.begin() as connection:
        connection.execute(sa.update(models.ShareTransfer).values(
            expires_at=base.utcnow() - datetime.timedelta(seconds=1)))
    response = accept(eve, transfer, status=400)
    assert 'expired' in steps.message(response)
    from manila_locks import context as ml_context
    assert transfer_service.expire(ml_context.get_admin_context()) == 1
    assert share_row(db, share['id']).status == 'available'
    assert live_transfers(db) == 0


def test_private_type_must_be_usable_by_the_accepting_project(
        api, eve, admin):
    type_id = admin.post('/types', {'share_type': {
        'name': 'private-tx', 'share_type_access:is_public': False,
        'extra_specs': {'driver_handles_share_servers': False}}}
    ).json['share_type']['id']
    admin.post('/types/%s/action' % type_id,
               {'addProjectAccess': {'project': 'p1'}}, status=202)
    share = api.create_share(share_type=type_id)
    response = accept(eve, offer(api, share['id']), status=400)
    assert 'can not access the share type' in steps.message(response)


# Locks

def test_a_deletion_lock_refuses_the_offer(db, api, share):
    lock = api.lock(share['id'])
    response = offer(api, share['id'], status=403)
    assert response['forbidden']['message'] == (
        'Resource lock/s [%s] prevent transfer action.' % lock['id'])
    assert share_row(db, share['id']).status == 'available'
    assert live_transfers(db) == 0


@pytest.mark.parametrize('flags', [
    {'lock_deletion': True}, {'lock_visibility': True},
    {'lock_deletion': True, 'lock_visibility': True}])
def test_a_locked_access_rule_refuses_the_offer(db, api, share, flags):
    steps.allow(api, share['id'], **flags)
    offer(api, share['id'], status=403)
    assert live_transfers(db) == 0


def test_nova_locks_refuse_the_owners_offer_by_id(api, admin, nova, share):
    """Nova's locks (service context) refuse alice's offer, and the refusal
    names them: alice may see them (they are on her project's resources).
    eve would not get this far: she cannot see the share (400, as for a
    missing share)."""
    rule = steps.allow_locked(nova, share['id'])
    held = [lock['id'] for lock in steps.locks_on(admin, rule['id']) +
            steps.locks_on(admin, share['id'])]
    message = offer(api, share['id'], status=403)['forbidden']['message']
    named = message[len('Resource lock/s ['):-len(
        '] prevent transfer action.')].split(', ')
    assert sorted(named) == sorted(held)
    assert message == 'Resource lock/s [%s] prevent transfer action.' % (
        ', '.join(named))
    offer(api.as_('eve:p2'), share['id'], status=400)


def test_a_share_on_offer_takes_no_new_lock_or_rule(api, share):
    offer(api, share['id'])
    response = api.lock(share['id'], status=409)
    assert response['conflictingRequest']['message'] == (
        'Resource %s cannot be locked in its current state '
        '(share awaiting_transfer).' % share['id'])
    steps.allow(api, share['id'], '10.0.0.9', status=400)


def test_the_rules_of_a_share_on_offer_take_no_lock(db, api, admin,
                                                    nova, share):
    rule = steps.allow(api, share['id'], '10.0.0.7')
    offer(api, share['id'])
    for client in (api, admin, nova):
        for action in ('show', 'delete'):
            response = client.lock(rule['id'], resource_type='access_rule',
                                   action=action, status=409)
            assert response['conflictingRequest']['message'].endswith(
                '(share awaiting_transfer).')
    assert steps.live_rows(db)['locks'] == 0


def test_accept_checks_the_locks_again(db, api, eve, share):
    """Defence in depth: a lock that got onto a rule of a share on offer
    (no API path places one; here it is written straight to the table)
    still stops the share from moving."""
    rule = steps.allow(api, share['id'], '10.0.0.7')
    transfer = offer(api, share['id'])
    with db.engine.begin() as connection:
        connection.execute(sa.insert(core_models.ResourceLock).values(
            id='11111111-2222-3333-4444-555555555555', user_id='alice',
            project_id='p1', resource_project_id='p1', lock_context='user',
            resource_id=rule['id'], resource_type='access_rule',
            container_id=share['id'], resource_action='show',
            visibility_guard=rule['id'],
            created_at=base.utcnow(), deleted='False'))
    response = accept(eve, transfer, status=403)
    # eve's project cannot see alice's lock, so its id is not named.
    assert steps.message(response) == (
        'Resource lock/s placed by others prevent transfer action.')
    assert share_row(db, share['id']).project_id == 'p1'


def test_force_delete_of_a_share_on_offer_withdraws_the_offer(db, api, admin,
                                                              share):
    transfer = offer(api, share['id'])
    admin.post('/shares/%s/action' % share['id'], {'force_delete': None},
               status=202)
    assert live_transfers(db) == 0
    accept(api.as_('eve:p2'), transfer, status=400)


# Lists, versions, bad input

def test_lists_are_the_project_s_own_even_with_all_tenants(api, eve, admin):
    mine = offer(api, api.create_share()['id'], name='alpha')
    theirs = offer(eve, eve.create_share()['id'], name='beta')
    assert [t['id'] for t in api.get(X).json['transfers']] == [mine['id']]
    listed = api.get(X + '/detail?all_tenants=1').json['transfers']
    assert [t['id'] for t in listed] == [mine['id']]
    everyone = admin.get(X + '/detail?all_tenants=1').json['transfers']
    assert {t['id'] for t in everyone} == {mine['id'], theirs['id']}
    assert set(api.get(X).json['transfers'][0]) == {
        'id', 'name', 'resource_type', 'resource_id', 'links'}
    assert api.get(X + '/' + theirs['id'], status=404)


def test_filters_sorting_and_pages(api):
    made = [offer(api, api.create_share()['id'], name=name)
            for name in ('alpha', 'beta', 'gamma')]
    by_name = api.get(X + '?name=beta').json['transfers']
    assert [t['id'] for t in by_name] == [made[1]['id']]
    assert len(api.get(X + '?name~=a').json['transfers']) == 3
    ordered = api.get(X + '?sort_key=name&sort_dir=asc').json['transfers']
    assert [t['name'] for t in ordered] == ['alpha', 'beta', 'gamma']
    page = api.get(X + '?sort_key=name&sort_dir=asc&limit=2').json
    assert [t['name'] for t in page['transfers']] == ['alpha', 'beta']
    assert 'offset=2' in page['transfers_links'][0]['href']
    api.get(X + '?sort_key=auth_key', status=400)
    # Keys Manila ignores are ignored.
    assert len(api.get(X + '?accepted=true').json['transfers']) == 3


@pytest.mark.parametrize('method, path', [
    ('GET', X), ('GET', X + '/detail'), ('POST', X),
    ('GET', X + '/abc'), ('DELETE', X + '/abc'),
    ('POST', X + '/abc/accept')])
def test_below_2_77_there_are_no_transfers(api, method, path):
    response = api.as_(version='2.76').raw(method, path, b'{}', headers={
        'Content-Type': 'application/json'})
    assert response.status_int == 404


@pytest.mark.parametrize('body', [
    {}, {'transfer': None}, {'transfer': {}}, {'transfer': {'name': 'x'}},
    {'transfer': {'share_id': 'not-a-uuid'}},
    {'transfer': {'share_id': '7d5ea5b4-6e57-4ec5-8a0b-4ed1a6b3f1b2',
                  'name': 'x' * 256}},
])
def test_bad_offers_are_400_and_change_nothing(db, api, share, body):
    response = api.post(X, body, status=400)
    assert response.json['badRequest']['code'] == 400
    assert live_transfers(db) == 0


@pytest.mark.parametrize('body', [
    {}, {'accept': {}}, {'accept': {'auth_key': ''}},
    {'accept': {'auth_key': 'k', 'clear_access_rules': 'maybe'}}])
def test_bad_accepts_are_400(db, api, eve, share, body):
    transfer = offer(api, share['id'])
    eve.post(X + '/%s/accept' % transfer['id'], body, status=400)
    assert share_row(db, share['id']).project_id == 'p1'


def test_unknown_share_is_400_as_in_manila(api):
    response = offer(api, '7d5ea5b4-6e57-4ec5-8a0b-4ed1a6b3f1b2',
                     status=400)
    assert response['badRequest']['message'] == (
        'Invalid share: Share specified was not found.')


def test_a_share_not_available_cannot_be_offered(api, admin, share):
    admin.post('/shares/%s/action' % share['id'],
               {'reset_status': {'status': 'error'}}, status=202)
    response = offer(api, share['id'], status=400)
    assert "status must be available" in response['badRequest']['message']
