"""The rule-lock logic of the core, without the host: placing a rule's locks
and clearing them for a deny, against a stand-in lookup."""
import uuid

import pytest

from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import lookup
from manila_locks.core import rule_locks
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks import policy

SHARE_ID = str(uuid.uuid4())
RULE_ID = str(uuid.uuid4())


class FakeLookup:
    """A share of project p1 and one active rule on it."""

    def get_for_update(self, context, resource_type, resource_id):
        if resource_type == v.SHARE:
            return lookup.LockableResource(SHARE_ID, v.SHARE, 'p1',
                                           'available')
        return lookup.LockableResource(RULE_ID, v.ACCESS_RULE, 'p1',
                                       'active', share_id=SHARE_ID)


def caller(user='alice', admin=False, service=False):
    roles = ['member', 'reader'] + (['admin'] if admin else [])
    return ml_context.RequestContext(
        user_id=user, project_id='p1', roles=roles, is_admin=admin,
        service_roles=['service'] if service else [])


@pytest.fixture
def enforcer():
    policy.init(ml_conf.build([]))


def place(context, **request):
    return rule_locks.place(context, FakeLookup(), RULE_ID,
                            rule_locks.LockRequest(**request))


def live(resource_id):
    return store.live_locks(caller(admin=True), [resource_id])


def companion_of(parent):
    [companion] = live(SHARE_ID)
    assert companion.parent_lock_id == parent.id
    return companion


def test_reason_needs_a_lock():
    with pytest.raises(rule_locks.ReasonWithoutLock):
        rule_locks.LockRequest(reason='why').check()
    rule_locks.LockRequest().check()
    rule_locks.LockRequest(deletion=True, reason='why').check()
    rule_locks.LockRequest(visibility=True, reason='').check()


def test_deletion_lock_brings_its_companion(db, enforcer):
    placed = place(caller(), deletion=True, reason='vm')
    assert placed.visibility is None
    assert (placed.deletion.resource_id, placed.deletion.resource_action,
            placed.deletion.lock_reason) == (RULE_ID, v.DELETE, 'vm')
    companion = companion_of(placed.deletion)
    assert (companion.resource_id, companion.resource_type,
            companion.container_id, companion.lock_reason) == (
        SHARE_ID, v.SHARE, SHARE_ID,
        'Locked by access lock: %s' % placed.deletion.id)
    assert placed.deletion.container_id == SHARE_ID


def test_visibility_lock_alone(db, enforcer):
    placed = place(caller(), visibility=True)
    assert placed.deletion is None
    assert placed.visibility.resource_action == v.SHOW
    assert live(SHARE_ID) == []


def test_no_flags_no_locks(db, enforcer):
    assert place(caller()) == rule_locks.PlacedLocks()
    assert live(RULE_ID) == []


def test_deny_of_an_unlocked_rule_goes_ahead(db, enforcer):
    assert rule_locks.release_for_deny(caller(), SHARE_ID, RULE_ID,
                                       False) == []


def test_visibility_lock_alone_does_not_stop_a_deny(db, enforcer):
    placed = place(caller(), visibility=True)
    removed = rule_locks.release_for_deny(caller('bob'), SHARE_ID, RULE_ID,
                                          False)
    assert removed == [placed.visibility.id]
    assert live(RULE_ID) == []


def test_deletion_lock_stops_a_deny_without_unrestrict(db, enforcer):
    place(caller(), deletion=True)
    with pytest.raises(rule_locks.RuleLocked) as raised:
        rule_locks.release_for_deny(caller(), SHARE_ID, RULE_ID, False)
    assert SHARE_ID in str(raised.value)
    assert len(live(RULE_ID)) == 1 and len(live(SHARE_ID)) == 1


@pytest.mark.parametrize('placer, remover', [
    (caller(), caller('bob')),
    (caller(service=True), caller()),
    (caller(admin=True), caller(service=True)),
])
def test_unrestrict_needs_every_lock_to_be_removable(db, enforcer, placer,
                                                     remover):
    place(placer, deletion=True, visibility=True)
    with pytest.raises(rule_locks.RestrictionsNotYours):
        rule_locks.release_for_deny(remover, SHARE_ID, RULE_ID, True)
    assert len(live(RULE_ID)) == 2 and len(live(SHARE_ID)) == 1


@pytest.mark.parametrize('placer, remover', [
    (caller(), caller()),
    (caller(service=True), caller(service=True)),
    (caller(), caller('root', admin=True)),
])
def test_unrestrict_removes_the_rules_locks_and_companions(
        db, enforcer, placer, remover):
    placed = place(placer, deletion=True, visibility=True)
    companion = companion_of(placed.deletion)
    other = store.insert(caller(), {
        'user_id': 'alice', 'project_id': 'p1', 'resource_project_id': 'p1',
        'lock_context': v.USER, 'resource_id': SHARE_ID,
        'resource_type': v.SHARE, 'container_id': SHARE_ID,
        'resource_action': v.DELETE})
    removed = rule_locks.release_for_deny(remover, SHARE_ID, RULE_ID, True)
    assert set(removed) == {placed.deletion.id, placed.visibility.id,
                            companion.id}
    assert live(RULE_ID) == []
    assert [lock.id for lock in live(SHARE_ID)] == [other.id]
