"""Locks with a lifetime (issue 16): expiry, governance and compliance
retention, the cooling-off period and legal hold, on every backend.

The clock the lock core reads (manila_locks.core.clock.now) is the test's:
`clock.at(t)` stands at t, so "one second before the expiry" and "at the
expiry" are exact instants, not sleeps.
"""
import datetime

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import clock as core_clock
from manila_locks.core import lifetime
from manila_locks.db import base
from manila_locks.host import drivers
from manila_locks.host import invariants
from manila_locks.host import models as host_models
from manila_locks.host import share_api
from tests.api import access_rule_steps as steps

SECOND = datetime.timedelta(seconds=1)
HOUR = datetime.timedelta(hours=1)
# The eleven fields of Manila's lock body, whatever the lock's lifetime.
MANILA_LOCK_KEYS = {'id', 'user_id', 'project_id', 'lock_context',
                    'resource_type', 'resource_id', 'resource_action',
                    'lock_reason', 'created_at', 'updated_at', 'links'}


class Clock:
    def __init__(self):
        self.value = base.utcnow()

    def __call__(self):
        return self.value

    def at(self, value):
        self.value = value


@pytest.fixture
def clock(monkeypatch):
    fixed = Clock()
    monkeypatch.setattr(core_clock, 'now', fixed)
    return fixed


def _holds(db):
    with db.engine.connect() as connection:
        broken = {name: rows for name, rows
                  in invariants.check_all(connection).items() if rows}
    assert broken == {}


def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f')


def retention(client, lock_id, status=200, **fields):
    response = client.put('/resource-locks/%s/retention' % lock_id,
                          {'retention': fields}, status=status)
    return response.json.get('retention', response.json)


def hold(client, lock_id, reason='litigation 42', status=200):
    response = client.put('/resource-locks/%s/legal-hold' % lock_id,
                          {'legal_hold': {'reason': reason}}, status=status)
    return response.json.get('legal_hold', response.json)


def _delete_share(client, share_id):
    return client.delete('/shares/%s' % share_id, status='*').status_int


def _share_removals(admin, share_id):
    """Every way an admin removes a share: each must answer 403."""
    path = steps.action_path(share_id)
    return {
        'delete': admin.delete('/shares/%s' % share_id, status='*'),
        'force_delete': admin.post(path, {'force_delete': None},
                                   status='*'),
        'soft_delete': admin.post(path, {'soft_delete': None}, status='*'),
        'unmanage': admin.post(path, {'unmanage': None}, status='*'),
        'instance_force_delete': admin.post(
            '/share_instances/%s/action' % share_id,
            {'force_delete': None}, status='*'),
        'transfer': admin.as_(version='2.82').post(
            '/share-transfers', {'transfer': {'share_id': share_id}},
            status='*'),
    }


def _purge(db, conf, share_id):
    """The recycle bin's purge of `share_id` once its time ran out (put in
    the bin directly: a locked share cannot be soft-deleted)."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).where(
            host_models.Share.id == share_id).values(
            is_soft_deleted=True,
            scheduled_to_be_deleted_at=base.utcnow() - SECOND))
    return share_id in share_api.purge_expired(
        ml_context.get_admin_context(), drivers.load(conf))


# -- expiry ---------------------------------------------------------------

def test_an_expired_lock_stops_refusing_at_the_instant_it_expires(
        db, api, admin, share, lock, clock):
    expires = clock() + HOUR
    body = retention(api, lock['id'], expires_at=_iso(expires))
    assert body == {'lock_id': lock['id'], 'expires_at': _iso(expires),
                    'mode': 'governance', 'binding_from': None}
    clock.at(expires - SECOND)
    assert _delete_share(admin, share['id']) == 403
    assert api.get('/resource-locks/%s' % lock['id']).json[
        'resource_lock']['id'] == lock['id']
    clock.at(expires)
    # Gone everywhere: show, list, its retention; and it guards nothing.
    api.get('/resource-locks/%s' % lock['id'], status=404)
    api.get('/resource-locks/%s/retention' % lock['id'], status=404)
    assert api.get('/resource-locks').json['resource_locks'] == []
    assert _delete_share(admin, share['id']) == 202


def test_a_duration_counts_from_now(db, api, lock, clock):
    body = retention(api, lock['id'], duration=90)
    assert body['expires_at'] == _iso(clock() + datetime.timedelta(
        seconds=90))


def test_expiry_on_a_rule_lock_takes_its_companion_along(
        db, api, admin, share, clock):
    rule = steps.allow_locked(api, share['id'])
    rule_lock = [lock for lock in steps.locks_on(admin, rule['id'])
                 if lock['resource_action'] == 'delete'][0]
    expires = clock() + HOUR
    retention(api, rule_lock['id'], expires_at=_iso(expires))
    clock.at(expires - SECOND)
    steps.deny(api, share['id'], rule['id'], status=403)
    assert len(steps.locks_on(admin, share['id'])) == 1    # the companion
    clock.at(expires)
    assert steps.locks_on(admin, share['id']) == []
    # The visibility lock has no expiry: the rule's value stays hidden.
    [seen] = steps.rules(api.as_('bob:p1'), share['id'])
    assert seen['access_to'] == '******'
    steps.deny(api, share['id'], rule['id'])
    _holds(db)


def test_manage_expire_marks_expired_locks_and_records_them(
        db, api, admin, share, lock, clock):
    expires = clock() + HOUR
    retention(api, lock['id'], expires_at=_iso(expires))
    other = api.lock(api.create_share(name='s2')['id'])
    assert lifetime.expire(ml_context.get_admin_context()) == []
    clock.at(expires)
    assert lifetime.expire(ml_context.get_admin_context()) == [lock['id']]
    assert lifetime.expire(ml_context.get_admin_context()) == []
    events = admin.get('/resource-lock-events?all_projects=1&lock_id=%s'
                       % lock['id']).json['resource_lock_events']
    assert [event['event'] for event in events] == [
        'expired', 'changed', 'placed']
    assert events[0]['operation'] == 'expire'
    assert events[1]['after']['expires_at'] == _iso(expires)
    assert api.get('/resource-locks/%s' % other['id']).json


def test_an_expired_visibility_lock_makes_room_for_a_new_one(
        db, api, admin, share, clock):
    rule = steps.allow(api, share['id'], lock_visibility=True)
    [shown] = steps.locks_on(admin, rule['id'])
    retention(api, shown['id'], duration=60)
    clock.at(clock() + HOUR)
    new = api.lock(rule['id'], 'access_rule', 'show')
    assert [lock['id'] for lock in steps.locks_on(admin, rule['id'])] == [
        new['id']]
    events = admin.get('/resource-lock-events?all_projects=1&lock_id=%s'
                       % shown['id']).json['resource_lock_events']
    assert events[0]['event'] == 'expired'


def test_governance_expiry_can_be_shortened_extended_and_removed(
        db, api, share, lock, clock):
    retention(api, lock['id'], duration=3600)
    retention(api, lock['id'], duration=60)
    retention(api, lock['id'], duration=7200)
    api.delete('/resource-locks/%s/retention' % lock['id'], status=204)
    assert api.get('/resource-locks/%s/retention' % lock['id']).json == {
        'retention': {'lock_id': lock['id'], 'expires_at': None,
                      'mode': None, 'binding_from': None}}
    clock.at(clock() + 1000 * HOUR)
    assert _delete_share(api, share['id']) == 403
    api.delete('/resource-locks/%s' % lock['id'], status=204)


def test_only_who_may_update_the_lock_sets_its_expiry(
        db, api, admin, share, lock):
    retention(api.as_('bob:p1'), lock['id'], duration=60, status=403)
    retention(api.as_('rita:p1:reader'), lock['id'], duration=60,
              status=403)
    retention(api.as_('eve:p2'), lock['id'], duration=60, status=404)
    admin_lock = admin.lock(share['id'])
    retention(api, admin_lock['id'], duration=60, status=403)
    retention(admin, lock['id'], duration=60)


# -- compliance -----------------------------------------------------------

@pytest.fixture
def compliant(db, api, admin, share, clock):
    """alice's share lock, and a deletion lock on a rule of the share, both
    compliance until an hour from now."""
    lock = api.lock(share['id'])
    rule = steps.allow(api, share['id'], lock_deletion=True)
    [rule_lock] = [found for found in steps.locks_on(admin, rule['id'])]
    expires = clock() + HOUR
    for lock_id in (lock['id'], rule_lock['id']):
        retention(api, lock_id, expires_at=_iso(expires), mode='compliance')
    return lock, rule, rule_lock, expires


def _forbidden(response, *lock_ids):
    assert response.status_int == 403, response
    text = steps.message(response)
    assert 'forbidden' in response.json
    for lock_id in lock_ids:
        assert lock_id in text
    return text


def test_nobody_removes_or_weakens_a_compliance_lock(
        db, conf, api, admin, nova, share, compliant, clock):
    lock, rule, rule_lock, expires = compliant
    clock.at(expires - SECOND)
    for who in (api, admin, nova):
        for lock_id in (lock['id'], rule_lock['id']):
            text = _forbidden(who.delete('/resource-locks/%s' % lock_id,
                                         status='*'), lock_id)
            assert 'compliance retention' in text
            _forbidden(who.put('/resource-locks/%s/retention' % lock_id, {
                'retention': {'expires_at': _iso(expires - SECOND / 2)}},
                status='*'), lock_id)
            _forbidden(who.put('/resource-locks/%s/retention' % lock_id, {
                'retention': {'expires_at': _iso(expires),
                              'mode': 'governance'}}, status='*'), lock_id)
            _forbidden(who.delete('/resource-locks/%s/retention' % lock_id,
                                  status='*'), lock_id)
        _forbidden(who.put('/resource-locks/%s' % rule_lock['id'], {
            'resource_lock': {'resource_action': 'show'}}, status='*'))
        for unrestrict in (True, False):
            assert steps.deny(who, share['id'], rule['id'], status='*',
                              unrestrict=unrestrict).status_int == 403
    for name, response in _share_removals(admin, share['id']).items():
        assert response.status_int == 403, name
    assert not _purge(db, conf, share['id'])
    # A reason is no weakening; an extension is allowed to anyone who may
    # update the lock.
    api.put('/resource-locks/%s' % lock['id'],
            {'resource_lock': {'lock_reason': 'audit'}})
    later = _iso(expires + HOUR)
    assert retention(admin, lock['id'], expires_at=later)['expires_at'] == (
        later)
    assert retention(api, lock['id'], expires_at=later,
                     mode='compliance')['mode'] == 'compliance'
    assert len(steps.locks_on(admin, share['id'])) == 2   # lock, companion


def test_a_compliance_lock_goes_when_it_expires(db, api, admin, share,
                                                compliant, clock):
    lock, rule, rule_lock, expires = compliant
    clock.at(expires)
    api.get('/resource-locks/%s' % lock['id'], status=404)
    steps.deny(api, share['id'], rule['id'])
    assert _delete_share(admin, share['id']) == 202


def test_a_compliance_visibility_lock_keeps_its_rule_and_share(
        db, api, admin, share, clock):
    rule = steps.allow(api, share['id'], lock_visibility=True)
    [shown] = steps.locks_on(admin, rule['id'])
    retention(api, shown['id'], duration=3600, mode='compliance')
    steps.deny(admin, share['id'], rule['id'], status=403)
    assert _delete_share(admin, share['id']) == 403
    clock.at(clock() + HOUR)
    assert _delete_share(admin, share['id']) == 202


# -- cooling-off ----------------------------------------------------------

@pytest.fixture
def cooling_off(conf):
    conf.set_override('compliance_cooling_off_seconds', 600)
    return datetime.timedelta(seconds=600)


def test_the_lock_s_own_user_may_undo_compliance_while_cooling_off(
        db, api, admin, share, lock, clock, cooling_off):
    start = clock()
    body = retention(api, lock['id'], duration=86400, mode='compliance')
    assert body['binding_from'] == _iso(start + cooling_off)
    # Others are bound at once, admins too.
    _forbidden(admin.delete('/resource-locks/%s' % lock['id'], status='*'))
    _forbidden(admin.put('/resource-locks/%s/retention' % lock['id'], {
        'retention': {'duration': 60}}, status='*'))
    clock.at(start + cooling_off - SECOND)
    assert retention(api, lock['id'], duration=60)['expires_at'] == _iso(
        clock() + datetime.timedelta(seconds=60))
    api.delete('/resource-locks/%s' % lock['id'], status=204)


def test_after_cooling_off_compliance_binds_its_own_user(
        db, api, share, lock, clock, cooling_off):
    start = clock()
    retention(api, lock['id'], duration=86400, mode='compliance')
    clock.at(start + cooling_off)
    _forbidden(api.delete('/resource-locks/%s' % lock['id'], status='*'))
    _forbidden(api.delete('/resource-locks/%s/retention' % lock['id'],
                          status='*'))
    assert _delete_share(api, share['id']) == 403


# -- legal hold ------------------------------------------------------------

def test_legal_hold_is_placed_and_released_only_by_its_policy(
        db, api, admin, nova, share, lock):
    for who in (api, nova, api.as_('bob:p1')):
        hold(who, lock['id'], status=403)
        who.delete('/resource-locks/%s/legal-hold' % lock['id'], status=403)
    body = hold(admin, lock['id'])
    assert body['held'] and body['reason'] == 'litigation 42'
    assert body['user_id'] == 'admin'
    assert api.get('/resource-locks/%s/legal-hold' % lock['id']).json[
        'legal_hold']['held']
    for who in (api, nova):
        who.delete('/resource-locks/%s/legal-hold' % lock['id'], status=403)
    admin.delete('/resource-locks/%s/legal-hold' % lock['id'], status=204)
    assert not api.get('/resource-locks/%s/legal-hold' % lock['id']).json[
        'legal_hold']['held']


def test_legal_hold_follows_a_changed_policy(db, conf, tmp_path, api,
                                             admin, share, lock):
    steps.override_policy(conf, tmp_path, {
        'resource_lock:legal_hold': 'role:legal'})
    hold(admin, lock['id'], status=403)
    hold(api.as_('lena:p1:legal,member,reader'), lock['id'])


def test_a_held_lock_is_kept_from_everyone_and_outlives_its_expiry(
        db, api, admin, share, lock, clock):
    expires = clock() + HOUR
    retention(api, lock['id'], expires_at=_iso(expires))
    hold(admin, lock['id'])
    for who in (api, admin):
        text = _forbidden(who.delete('/resource-locks/%s' % lock['id'],
                                     status='*'), lock['id'])
        assert 'legal hold' in text
        _forbidden(who.put('/resource-locks/%s/retention' % lock['id'], {
            'retention': {'duration': 60}}, status='*'))
    # Lengthening is allowed: a later expiry, or none at all.
    retention(api, lock['id'], expires_at=_iso(expires + HOUR))
    clock.at(expires + 2 * HOUR)
    assert _delete_share(admin, share['id']) == 403
    assert api.get('/resource-locks/%s' % lock['id']).json
    admin.delete('/resource-locks/%s/legal-hold' % lock['id'], status=204)
    # Released past its expiry: gone at once.
    api.get('/resource-locks/%s' % lock['id'], status=404)
    assert _delete_share(admin, share['id']) == 202


def test_a_companion_takes_no_hold_or_retention_of_its_own(
        db, api, admin, share):
    rule = steps.allow(api, share['id'], lock_deletion=True)
    [companion] = steps.locks_on(admin, share['id'])
    hold(admin, companion['id'], status=403)
    retention(api, companion['id'], duration=60, status=403)
    assert rule


# -- the wire ---------------------------------------------------------------

def test_the_lock_body_stays_manila_s(db, api, admin, share, lock, clock):
    retention(api, lock['id'], duration=3600, mode='compliance')
    hold(admin, lock['id'])
    for body in (api.get('/resource-locks/%s' % lock['id']).json[
            'resource_lock'],
            api.get('/resource-locks').json['resource_locks'][0],
            api.put('/resource-locks/%s' % lock['id'], {
                'resource_lock': {'lock_reason': 'x'}}).json[
            'resource_lock']):
        assert set(body) == MANILA_LOCK_KEYS
    for key in ('expires_at', 'duration', 'retention_mode', 'legal_hold'):
        response = api.post('/resource-locks', {'resource_lock': {
            'resource_id': share['id'], key: 60}}, status=400)
        assert key in steps.message(response)
        api.put('/resource-locks/%s' % lock['id'],
                {'resource_lock': {key: 60}}, status=400)


@pytest.mark.parametrize('fields, words', [
    ({}, "Exactly one of 'expires_at' and 'duration'"),
    ({'duration': 60, 'expires_at': '2030-01-01T00:00:00'},
     "Exactly one of"),
    ({'duration': 0}, 'duration'),
    ({'duration': 'soon'}, 'duration'),
    ({'duration': 10 ** 12}, 'duration'),
    ({'expires_at': 'tomorrow'}, 'expires_at'),
    ({'expires_at': '2001-01-01T00:00:00'}, 'must be later than now'),
    ({'expires_at': '9999-12-31T23:59:59'}, 'days ahead'),
    ({'expires_at': '0001-01-01T00:00:00+01:00'}, 'outside the years'),
    ({'duration': 60, 'mode': 'strict'}, 'mode'),
    ({'duration': 60, 'until': 'x'}, 'until'),
])
def test_bad_retention_bodies_answer_400(db, api, lock, fields, words):
    response = api.put('/resource-locks/%s/retention' % lock['id'],
                       {'retention': fields}, status=400)
    assert words in response.json['badRequest']['message']
    assert api.get('/resource-locks/%s/retention' % lock['id']).json[
        'retention']['expires_at'] is None


@pytest.mark.parametrize('body', [
    {'legal_hold': {'reason': 'x' * 1024}}, {'legal_hold': {'why': 'x'}},
    {'legal_hold': 'yes'}, {}])
def test_bad_legal_hold_bodies_answer_400(db, admin, lock, body):
    admin.put('/resource-locks/%s/legal-hold' % lock['id'], body,
              status=400)
    assert not admin.get('/resource-locks/%s/legal-hold' % lock['id']).json[
        'legal_hold']['held']


def test_the_sub_resources_exist_from_2_81(db, api, lock):
    old = api.as_(version='2.80')
    for path in ('/retention', '/legal-hold'):
        old.get('/resource-locks/%s%s' % (lock['id'], path), status=404)
        api.as_(version='2.81').get('/resource-locks/%s%s'
                                    % (lock['id'], path))
    api.get('/resource-locks/%s/retention' % ('0' * 8 + '-0000-0000-0000-'
                                              + '0' * 12), status=404)
