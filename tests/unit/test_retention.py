"""The retention rules (core/retention.py) at their edges, without a
database: who a compliance retention binds and when, what a legal hold
keeps, and which expiries a request may ask for."""
import datetime
import types

import pytest

from manila_locks.core import retention

NOW = datetime.datetime(2026, 12, 3, 8, 0, 0)
SECOND = datetime.timedelta(seconds=1)


def lock(mode='compliance', expires_at=NOW + SECOND, binding_from=None,
         held=False, user_id='alice', lock_id='L'):
    return types.SimpleNamespace(
        id=lock_id, retention_mode=mode, expires_at=expires_at,
        binding_from=binding_from, user_id=user_id, project_id='p1',
        legal_hold_at=NOW if held else None, legal_hold_reason=None)


def who(user_id):
    return types.SimpleNamespace(user_id=user_id)


@pytest.mark.parametrize('found, binding', [
    (lock(), True),
    (lock(expires_at=NOW), False),              # expired at this instant
    (lock(expires_at=NOW - SECOND), False),
    (lock(expires_at=None), False),
    (lock(mode='governance'), False),
    (lock(mode=None, expires_at=None), False),
])
def test_compliance_binds_until_the_instant_of_expiry(found, binding):
    assert retention.is_binding(who('admin'), found, NOW) is binding


class Authorizer:
    """resource_lock:compliance, as the test sets it: {user_id: bool};
    handed to the core as a LockService hands its authorizer."""

    def __init__(self):
        self.allowed = {}
        self.asked = []

    def check(self, context, rule, target=None):
        self.asked.append((context.user_id, rule, target['user_id']))
        return self.allowed.get(context.user_id, True)


@pytest.fixture
def may_make_compliance():
    return Authorizer()


def test_cooling_off_frees_only_the_lock_s_own_user(may_make_compliance):
    authorizer = may_make_compliance
    cooling = lock(binding_from=NOW + SECOND)
    assert not retention.is_binding(who('alice'), cooling, NOW, authorizer)
    assert retention.is_binding(who('bob'), cooling, NOW, authorizer)
    assert retention.is_binding(who('admin'), cooling, NOW, authorizer)
    # From binding_from on, alice too.
    assert retention.is_binding(who('alice'), lock(binding_from=NOW), NOW,
                                authorizer)


def test_cooling_off_frees_its_user_only_with_the_compliance_policy(
        may_make_compliance):
    authorizer = may_make_compliance
    authorizer.allowed['alice'] = False
    assert retention.is_binding(who('alice'), lock(binding_from=NOW + SECOND),
                                NOW, authorizer)
    assert authorizer.asked == [('alice', 'resource_lock:compliance',
                                 'alice')]


def test_a_hold_is_named_before_compliance_and_lists_the_locks():
    error = retention.refusal(who('admin'), [
        lock(lock_id='A'), lock(mode='governance', held=True, lock_id='B')],
        NOW)
    assert isinstance(error, retention.LockOnLegalHold)
    assert str(error) == ('Resource lock/s [B] are on legal hold and cannot '
                          'be removed, shortened or changed.')
    both = [lock(lock_id='A'), lock(lock_id='C')]
    error = retention.refusal(who('admin'), both, NOW)
    assert isinstance(error, retention.LockRetained)
    assert '[A, C]' in str(error)
    assert retention.refusal(who('admin'), [lock(mode='governance')],
                             NOW) is None


@pytest.mark.parametrize('expires_at, duration, ok', [
    (NOW + SECOND, None, True),
    (NOW, None, False),
    (NOW - SECOND, None, False),
    (NOW + retention.MAX_AHEAD, None, True),
    (NOW + retention.MAX_AHEAD + SECOND, None, False),
    (None, 1, True),
    (None, retention.MAX_DURATION, True),
])
def test_an_expiry_must_be_ahead_and_not_too_far(expires_at, duration, ok):
    if ok:
        assert retention.expiry_from(NOW, expires_at, duration) > NOW
    else:
        with pytest.raises(retention.ExpiryNotAhead):
            retention.expiry_from(NOW, expires_at, duration)
