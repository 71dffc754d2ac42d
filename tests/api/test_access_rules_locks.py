"""Access rules with deletion and visibility locks, beyond the stories in
tests/api/gabbits/rule-locks.yaml and rule-locks-redaction.yaml: the stored
link from a companion lock to its rule lock, bad lock fields and refusals
that store nothing, a lock insert that fails part way, and redaction under
another bypass policy."""
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


def test_companion_lock_row_names_its_rule_lock(db, api, admin, share):
    rule = steps.allow(api, share['id'], lock_deletion=True,
                       lock_reason=REASON)
    [rule_lock] = steps.locks_on(admin, rule['id'])
    [share_lock] = steps.locks_on(admin, share['id'])
    assert steps.lock_row(db, share_lock['id']).parent_lock_id == (
        rule_lock['id'])


def _not_of_type(field, value, kind="'boolean'"):
    return ('Invalid input for field/attribute %s. Value: %r. %r is not of '
            'type %s' % (field, value, value, kind))


REASON_WITHOUT_LOCK = ('Lock reason can only be specified when locking the '
                       'visibility or the deletion of an access rule.')
BAD_LOCK_FIELDS = [
    ({'lock_deletion': 'true'}, _not_of_type('lock_deletion', 'true')),
    ({'lock_deletion': 1}, _not_of_type('lock_deletion', 1)),
    ({'lock_visibility': 'false'}, _not_of_type('lock_visibility', 'false')),
    ({'lock_visibility': None}, _not_of_type('lock_visibility', None)),
    ({'lock_deletion': True, 'lock_reason': 'x' * 1024},
     'Invalid input for field/attribute lock_reason. Value is longer than '
     '1023 characters.'),
    ({'lock_deletion': True, 'lock_reason': 7},
     _not_of_type('lock_reason', 7, "'string', 'null'")),
    ({'lock_reason': REASON}, REASON_WITHOUT_LOCK),
    ({'lock_reason': REASON, 'lock_deletion': False,
      'lock_visibility': False}, REASON_WITHOUT_LOCK),
]


def test_bad_lock_fields_are_400_and_store_nothing(db, api, share):
    for fields, message in BAD_LOCK_FIELDS:
        response = steps.allow(api, share['id'], status=400, **fields)
        assert response['badRequest']['message'] == message
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


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
    assert response['forbidden']['message'] == (
        "Policy doesn't allow resource_lock:create to be performed.")
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
    assert response['conflictingRequest']['message'] == (
        "Resource's visibility is already locked by other user.")
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


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
