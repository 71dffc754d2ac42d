"""Which resources accept which locks: the share and access-rule states
in which a lock is refused, and the error each refusal raises."""
import pytest

from manila_locks.core import exception
from manila_locks.core import lookup
from manila_locks.core import states
from manila_locks.core import vocabulary as v

SHARE_REFUSED = ['deleting', 'error_deleting', 'unmanage_starting',
                 'manage_error_unmanage_starting', 'unmanage_error',
                 'unmanaged', 'deleted']
RULE_REFUSED = ['queued_to_deny', 'denying', 'error', 'deleted']


def _share(state='available', soft_deleted=False):
    return lookup.LockableResource(id='s1', type=v.SHARE, project_id='p1',
                                   state=state, soft_deleted=soft_deleted,
                                   share_state=state)


def _rule(state='active', share_state='available'):
    return lookup.LockableResource(id='r1', type=v.ACCESS_RULE,
                                   project_id='p1', state=state,
                                   share_id='s1', share_state=share_state)


@pytest.mark.parametrize('state', SHARE_REFUSED)
def test_share_on_its_way_out_takes_no_deletion_lock(state):
    with pytest.raises(exception.ResourceStateConflict) as caught:
        states.ensure_lockable(_share(state), v.DELETE)
    assert state in str(caught.value)


@pytest.mark.parametrize('state', ['available', 'error', 'inactive',
                                   'creating'])
def test_share_in_other_states_takes_a_deletion_lock(state):
    states.ensure_lockable(_share(state), v.DELETE)


def test_soft_deleted_share_takes_no_lock():
    with pytest.raises(exception.ResourceSoftDeleted) as caught:
        states.ensure_lockable(_share(soft_deleted=True), v.DELETE)
    assert 'soft deleted' in str(caught.value)


@pytest.mark.parametrize('state', RULE_REFUSED)
def test_rule_checked_against_rule_states(state):
    # An access rule is checked against the states of access rules, not
    # those of shares (which is what Manila does).
    with pytest.raises(exception.ResourceStateConflict):
        states.ensure_lockable(_rule(state), v.DELETE)


@pytest.mark.parametrize('state', ['active', 'queued_to_apply', 'applying'])
def test_live_rule_takes_a_deletion_lock(state):
    states.ensure_lockable(_rule(state), v.DELETE)


@pytest.mark.parametrize('state', RULE_REFUSED)
def test_visibility_locks_ignore_state(state):
    states.ensure_lockable(_rule(state), v.SHOW)


@pytest.mark.parametrize('resource, action', [
    (_share('awaiting_transfer'), v.DELETE),
    (_rule(share_state='awaiting_transfer'), v.DELETE),
    (_rule(share_state='awaiting_transfer'), v.SHOW)])
def test_a_share_on_offer_and_its_rules_take_no_lock(resource, action):
    with pytest.raises(exception.ResourceStateConflict) as caught:
        states.ensure_lockable(resource, action)
    assert str(caught.value).endswith('(share awaiting_transfer).')


def test_state_errors_are_conflicts():
    # A resource in the wrong state is a 409, on create and update alike.
    assert issubclass(exception.ResourceStateConflict, exception.Conflict)
    assert issubclass(exception.ResourceSoftDeleted, exception.Conflict)


@pytest.mark.parametrize('resource_type, action', [
    (v.SHARE, v.DELETE), (v.ACCESS_RULE, v.DELETE), (v.ACCESS_RULE, v.SHOW)])
def test_allowed_actions(resource_type, action):
    states.ensure_action_allowed(resource_type, action)


def test_show_lock_on_a_share_is_invalid():
    with pytest.raises(exception.ActionNotAllowed) as caught:
        states.ensure_action_allowed(v.SHARE, v.SHOW)
    assert "'show'" in str(caught.value) and "'share'" in str(caught.value)


@pytest.mark.parametrize('resource_type', ['volume', 'share_server', ''])
def test_unknown_resource_type_is_invalid(resource_type):
    with pytest.raises(exception.InvalidResourceType):
        states.ensure_action_allowed(resource_type, v.DELETE)


@pytest.mark.parametrize('action', ['extend', 'DELETE', ''])
def test_unknown_action_is_invalid(action):
    with pytest.raises(exception.ActionNotAllowed):
        states.ensure_action_allowed(v.ACCESS_RULE, action)
