"""Access rules with deletion and visibility locks (checklist 8.7): placing
them with the rule, denying with and without unrestrict, redaction on every
path, and bad input that changes nothing."""
import pytest

from manila_locks.core import exception
from manila_locks.core import store as core_store
from manila_locks.core import vocabulary as v
from tests.api import access_rule_steps as steps

REASON = 'in use by vm-1'


@pytest.fixture
def locked(api, share):
    """A rule alice locked against deletion and against being seen."""
    return steps.allow(api, share['id'], lock_deletion=True,
                       lock_visibility=True, lock_reason=REASON)


def _by_action(found):
    return {(lock['resource_type'], lock['resource_action']): lock
            for lock in found}


# Placing locks with the rule

def test_lock_deletion_places_rule_lock_and_companion_share_lock(
        db, api, admin, share):
    rule = steps.allow(api, share['id'], lock_deletion=True,
                       lock_reason=REASON)
    [rule_lock] = steps.locks_on(admin, rule['id'])
    assert (rule_lock['resource_type'], rule_lock['resource_action'],
            rule_lock['lock_reason'], rule_lock['lock_context'],
            rule_lock['user_id']) == (
        'access_rule', 'delete', REASON, 'user', 'alice')
    [share_lock] = steps.locks_on(admin, share['id'])
    assert (share_lock['resource_type'], share_lock['resource_action'],
            share_lock['lock_reason']) == (
        'share', 'delete', 'Locked by access lock: %s' % rule_lock['id'])
    assert steps.lock_row(db, share_lock['id']).parent_lock_id == (
        rule_lock['id'])


def test_lock_visibility_places_a_show_lock(api, admin, share):
    rule = steps.allow(api, share['id'], lock_visibility=True,
                       lock_reason=REASON)
    [lock] = steps.locks_on(admin, rule['id'])
    assert (lock['resource_action'], lock['lock_reason']) == ('show', REASON)
    assert steps.locks_on(admin, share['id']) == []


def test_both_flags_place_three_locks(api, admin, share, locked):
    rule_locks = _by_action(steps.locks_on(admin, locked['id']))
    assert set(rule_locks) == {('access_rule', 'delete'),
                               ('access_rule', 'show')}
    assert len(steps.locks_on(admin, share['id'])) == 1


def test_creator_sees_its_locked_rule_in_the_allow_response(locked):
    assert locked['access_to'] == '10.0.0.5'
    assert locked['access_key'] is None


def test_below_2_82_lock_flags_are_ignored(db, api, share):
    old = api.as_(version='2.81')
    steps.allow(old, share['id'], lock_deletion='yes', lock_visibility=1,
                lock_reason='x' * 2000)
    assert steps.live_rows(db)['locks'] == 0


BAD_LOCK_FIELDS = [
    {'lock_deletion': 'true'}, {'lock_deletion': 1},
    {'lock_visibility': 'false'}, {'lock_visibility': None},
    {'lock_deletion': True, 'lock_reason': 'x' * 1024},
    {'lock_deletion': True, 'lock_reason': 7},
    {'lock_reason': REASON},
    {'lock_reason': REASON, 'lock_deletion': False, 'lock_visibility': False},
]


def test_bad_lock_fields_are_400_and_store_nothing(db, api, share):
    for fields in BAD_LOCK_FIELDS:
        response = steps.allow(api, share['id'], status=400, **fields)
        assert response['badRequest']['message'], fields
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


def test_reason_without_lock_says_so(api, share):
    response = steps.allow(api, share['id'], status=400, lock_reason=REASON)
    assert 'Lock reason can only be specified' in (
        response['badRequest']['message'])


def test_reason_of_1023_characters_is_fine(api, admin, share):
    rule = steps.allow(api, share['id'], lock_deletion=True,
                       lock_reason='r' * 1023)
    assert steps.locks_on(admin, rule['id'])[0]['lock_reason'] == 'r' * 1023


def test_allow_policy_refusal_is_403_and_stores_nothing(db, reader, share):
    steps.allow(reader, share['id'], lock_deletion=True, status=403)
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


def test_lock_policy_refusal_is_403_and_stores_nothing(db, conf, tmp_path,
                                                       api, share):
    steps.override_policy(conf, tmp_path, {'resource_lock:create': '!'})
    response = steps.allow(api, share['id'], status=403, lock_deletion=True,
                           lock_visibility=True, metadata={'k': 'v'})
    assert 'resource_lock:create' in response['forbidden']['message']
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}
    steps.allow(api, share['id'])    # without locks it is allowed


@pytest.mark.parametrize('failing', [
    (v.ACCESS_RULE, v.DELETE), (v.SHARE, v.DELETE), (v.ACCESS_RULE, v.SHOW)])
def test_any_lock_failing_leaves_nothing(db, monkeypatch, api, share,
                                         failing):
    real_insert = core_store.insert

    def insert(context, values):
        if (values['resource_type'], values['resource_action']) == failing:
            raise exception.VisibilityLockExists()
        return real_insert(context, values)

    monkeypatch.setattr(core_store, 'insert', insert)
    response = steps.allow(api, share['id'], status=409, lock_deletion=True,
                           lock_visibility=True, lock_reason=REASON)
    assert 'already locked' in response['conflictingRequest']['message']
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


# Denying

def test_deny_without_locks_proceeds(api, share):
    rule = steps.allow(api, share['id'], lock_visibility=True)
    steps.deny(api, share['id'], rule['id'])


@pytest.mark.parametrize('version', ['2.81', '2.82', '2.99'])
def test_locked_rule_refuses_deny_without_unrestrict(db, api, bob, share,
                                                     locked, version):
    for client in (api, bob):
        response = steps.deny(client.as_(version=version), share['id'],
                              locked['id'], status=403)
        assert steps.message(response) == (
            "Cannot deny access for share '%s' since it has been locked. "
            "Please remove the locks and retry the operation" % share['id'])
    assert steps.live_rows(db) == {'rules': 1, 'locks': 3, 'metadata': 0}


def test_unrestrict_is_ignored_below_2_82(db, api, share, locked):
    steps.deny(api.as_(version='2.81'), share['id'], locked['id'],
               unrestrict=True, status=403)
    assert steps.live_rows(db)['locks'] == 3


def test_unrestrict_by_someone_else_is_403_and_changes_nothing(
        db, bob, share, locked):
    response = steps.deny(bob, share['id'], locked['id'], unrestrict=True,
                          status=403)
    assert steps.message(response) == ('Unable to drop access rule '
                                       'restrictions that are not placed by '
                                       'you.')
    assert steps.live_rows(db) == {'rules': 1, 'locks': 3, 'metadata': 0}


def test_unrestrict_must_be_a_boolean(db, api, share, locked):
    for value in ('true', 1, None, 'yes'):
        steps.deny(api, share['id'], locked['id'], unrestrict=value,
                   status=400)
    assert steps.live_rows(db)['locks'] == 3


def test_owner_unrestricts_and_everything_goes(db, api, admin, share,
                                               locked):
    api.delete('/shares/%s' % share['id'], status=403)
    response = steps.deny(api, share['id'], locked['id'], unrestrict=True)
    assert (response.status_int, response.body) == (202, b'')
    assert steps.locks_on(admin, locked['id']) == []
    assert steps.locks_on(admin, share['id']) == []
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}
    api.delete('/shares/%s' % share['id'], status=202)


def test_admin_unrestricts_a_users_rule(db, admin, share, locked):
    steps.deny(admin, share['id'], locked['id'], unrestrict=True)
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


def test_user_cannot_unrestrict_an_admin_lock(db, api, admin, share):
    rule = steps.allow(admin, share['id'], lock_deletion=True)
    steps.deny(api, share['id'], rule['id'], unrestrict=True, status=403)
    assert steps.live_rows(db)['locks'] == 2


def test_other_locks_on_the_share_survive_the_deny(api, admin, share,
                                                   locked):
    mine = api.lock(share['id'], reason='keep it')
    steps.deny(api, share['id'], locked['id'], unrestrict=True)
    assert [lock['id'] for lock in steps.locks_on(admin, share['id'])] == [
        mine['id']]


def test_deny_through_another_share_reveals_nothing(db, api, eve, share,
                                                    locked):
    """Neither a visible share of one's own nor a wrong share id tells
    whether a rule holds locks: both are 404 before locks are read."""
    own = api.create_share(name='s2')
    mine = eve.create_share(name='e1')
    for client, share_id in ((api, own['id']), (eve, mine['id'])):
        steps.deny(client, share_id, locked['id'], status=404)
        steps.deny(client, share_id, locked['id'], unrestrict=True,
                   status=404)
    assert steps.live_rows(db)['locks'] == 3


# Locks through /resource-locks

def test_second_visibility_lock_is_409_for_anyone(api, bob, admin, share,
                                                  locked):
    for client in (api, bob, admin):
        response = client.lock(locked['id'], 'access_rule', 'show',
                               status=409)
        assert 'already locked' in response['conflictingRequest']['message']


def test_rule_locks_through_resource_locks(api, bob, share):
    rule = steps.allow(api, share['id'])
    api.lock(rule['id'], 'access_rule', 'delete', reason='manual')
    show = api.lock(rule['id'], 'access_rule', 'show')
    steps.deny(api, share['id'], rule['id'], status=403)
    assert steps.rules(bob, share['id'])[0]['access_to'] == v.REDACTED
    api.delete('/resource-locks/%s' % show['id'], status=204)
    assert steps.rules(bob, share['id'])[0]['access_to'] == '10.0.0.5'


def test_removing_the_rule_lock_removes_its_companion(api, admin, share,
                                                      locked):
    delete_lock = _by_action(steps.locks_on(admin, locked['id']))[
        ('access_rule', 'delete')]
    api.delete('/resource-locks/%s' % delete_lock['id'], status=204)
    assert steps.locks_on(admin, share['id']) == []
    steps.deny(api, share['id'], locked['id'])
    api.delete('/shares/%s' % share['id'], status=202)


def test_companion_lock_cannot_be_edited_or_removed_alone(api, admin, share,
                                                          locked):
    [companion] = steps.locks_on(admin, share['id'])
    path = '/resource-locks/%s' % companion['id']
    api.put(path, {'resource_lock': {'lock_reason': 'mine now'}}, status=403)
    api.delete(path, status=403)
    assert steps.locks_on(admin, share['id'])[0]['lock_reason'] == (
        companion['lock_reason'])


def test_share_purge_removes_rule_locks(db, api, admin, share):
    rule = steps.allow(api, share['id'], lock_visibility=True)
    api.delete('/shares/%s' % share['id'], status=202)
    assert steps.locks_on(admin, rule['id']) == []
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


# Redaction

def _secrets(rule):
    return rule['access_to'], rule['access_key']


@pytest.mark.parametrize('version', ['2.81', '2.99'])
def test_others_in_the_project_see_stars(api, bob, share, version):
    seen = steps.allow(api, share['id'], '10.0.0.5', lock_visibility=True)
    only_deletion = steps.allow(api, share['id'], '10.0.0.6',
                                lock_deletion=True)
    cephx = steps.allow(api, share['id'], 'host-1', 'cephx',
                        lock_visibility=True)
    listed = {r['id']: r for r in steps.rules(bob.as_(version=version),
                                              share['id'])}
    assert _secrets(listed[seen['id']]) == (v.REDACTED, v.REDACTED)
    assert _secrets(listed[cephx['id']]) == (v.REDACTED, v.REDACTED)
    assert listed[only_deletion['id']]['access_to'] == '10.0.0.6'
    assert listed[seen['id']]['access_type'] == 'ip'


def test_owner_and_admin_see_real_values(api, admin, share):
    rule = steps.allow(api, share['id'], 'host-1', 'cephx',
                       lock_visibility=True)
    for client in (api, admin):
        [listed] = steps.rules(client, share['id'])
        assert listed['access_to'] == 'host-1'
        assert len(listed['access_key']) == 40
        shown = client.get('/share-access-rules/%s' % rule['id']).json
        assert shown['access']['access_to'] == 'host-1'


def test_every_path_redacts(api, bob, share, locked):
    path = '/share-access-rules/%s' % locked['id']
    shown = bob.get(path).json['access']
    updated = bob.put(path, {'update_access': {'access_level': 'ro'}}).json[
        'access']
    legacy = bob.as_(version='2.44').post(
        steps.action_path(share['id']), {'access_list': None}).json[
        'access_list'][0]
    for rule in (shown, updated, legacy, steps.rules(bob, share['id'])[0]):
        assert _secrets(rule) == (v.REDACTED, v.REDACTED)
    assert updated['access_level'] == 'ro'
    assert bob.put(path + '/metadata', {'metadata': {'a': 'b'}}).json == {
        'metadata': {'a': 'b'}}


def test_filtering_by_secret_fields_hides_redacted_rules(api, bob, share,
                                                         locked):
    plain = steps.allow(api, share['id'], '10.0.0.6')
    cephx = steps.allow(api, share['id'], 'host-1', 'cephx',
                        lock_visibility=True)
    key = steps.rules(api, share['id'], access_type='cephx')[0]['access_key']

    def ids(client, **filters):
        return [r['id'] for r in steps.rules(client, share['id'], **filters)]

    # A match would confirm the hidden value: none for bob, all for alice.
    assert ids(bob, access_type='ip', access_to='10.0.0.5') == []
    assert ids(bob, access_key=key) == []
    assert ids(api, access_type='ip', access_to='10.0.0.5') == [locked['id']]
    assert ids(api, access_key=key) == [cephx['id']]
    # Fields that are never hidden filter as usual.
    assert ids(bob, access_type='ip', access_to='10.0.0.6') == [plain['id']]
    assert ids(bob, access_type='ip') == [locked['id'], plain['id']]
    assert ids(bob, access_level='rw') == [locked['id'], plain['id'],
                                           cephx['id']]


def test_redaction_follows_the_bypass_policy(conf, tmp_path, api, admin,
                                             bob, share, locked):
    steps.override_policy(conf, tmp_path,
                          {'resource_lock:bypass_locked_show_action': '@'})
    assert steps.rules(bob, share['id'])[0]['access_to'] == '10.0.0.5'
    steps.override_policy(conf, tmp_path,
                          {'resource_lock:bypass_locked_show_action': '!'})
    for client in (api, admin):
        assert steps.rules(client, share['id'])[0]['access_to'] == (
            v.REDACTED)
