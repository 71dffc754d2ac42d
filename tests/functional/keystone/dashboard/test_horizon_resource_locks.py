"""Resource locks in Horizon, in a real browser, step by step as people
use them: alice creates a share and grants access through the forms,
edits and deletes a lock in the Resource Locks panel and cannot delete a
locked share; bob, in her project, sees her visibility-locked rule as
`******`; the administrator sees every project's locks.

manila-ui has no form that creates a lock, so locks are placed through
the API beforehand, as the CLI or Nova would.
"""
import uuid

from openstack import exceptions as sdk_exc
import pytest


REASON = 'placed through the API'


def unique_name():
    return 'horizon-' + uuid.uuid4().hex[:8]


@pytest.fixture
def alice(keystone_cloud):
    return keystone_cloud.sdk('alice').shared_file_system


@pytest.fixture
def share(alice):
    return alice.create_share(name=unique_name(), size=1, share_proto='NFS')


@pytest.fixture
def lock(alice, share):
    return alice.create_resource_lock(
        resource_id=share.id, resource_type='share', resource_action='delete',
        lock_reason=REASON)


def test_create_a_share_through_the_form(browser, alice):
    name = unique_name()
    page = browser('alice').visit('/project/shares/')
    page.open_modal('shares__action_create')
    page.submit_modal({'id_name': name, 'id_share_proto': 'NFS',
                       'id_size': '1', 'id_share_type': 'default'},
                      label='create-share')
    page.shot('share-created')

    [created] = [each for each in alice.shares() if each.name == name]
    assert created.share_protocol == 'NFS' and created.size == 1
    assert created.id in page.table_rows('shares')


def test_manage_rules_adds_a_rule(browser, alice, share):
    page = browser('alice').visit('/project/shares/%s/rules/' % share.id)
    page.open_modal('rules__action_rule_add')
    page.submit_modal({'id_access_type': 'ip', 'id_access_level': 'rw',
                       'id_access_to': '10.0.0.21'}, label='add-rule')
    page.shot('rule-added')

    [rule] = alice.access_rules(share)
    assert (rule.access_type, rule.access_to, rule.access_level) == (
        'ip', '10.0.0.21', 'rw')
    assert '10.0.0.21' in page.table_rows('rules')[rule.id]


def test_resource_locks_panel_lists_edits_and_deletes_a_lock(
        browser, alice, share, lock):
    page = browser('alice').visit('/project/resource_locks/')
    # Share Name, User, Resource Action, Lock Reason; then the actions.
    assert page.table_rows('shares_locks')[lock.id][:4] == [
        share.name, 'alice', 'delete', REASON]
    page.shot('resource-locks')

    page.open_modal('shares_locks__row_%s__action_edit_lock' % lock.id)
    page.submit_modal({'id_lock_reason': 'edited in Horizon'},
                      label='edit-lock')
    assert page.table_rows('shares_locks')[lock.id][3] == 'edited in Horizon'
    assert alice.get_resource_lock(lock.id).lock_reason == 'edited in Horizon'

    page.row_action('shares_locks', lock.id, 'delete')
    page.shot('lock-deleted')
    assert lock.id not in page.table_rows('shares_locks')
    with pytest.raises(sdk_exc.NotFoundException):
        alice.get_resource_lock(lock.id)


def test_a_locked_share_is_not_deleted(browser, alice, share, lock):
    page = browser('alice').visit('/project/shares/')
    errors = page.row_action('shares', share.id, 'delete', refused=True)
    page.shot('locked-share-delete-refused')

    # manila-ui reports the 403 as an error, and then "Deleted Share" as
    # well (its delete() swallows the exception): the share must stay.
    assert any('Unable to delete share' in error for error in errors), errors
    assert share.id in page.table_rows('shares')
    assert alice.get_share(share.id).status == 'available'


def test_another_member_sees_a_visibility_locked_rule_masked(
        browser, alice, share):
    rule = alice.create_access_rule(
        share.id, access_type='ip', access_to='10.0.0.22', access_level='rw',
        lock_visibility=True, lock_deletion=True, lock_reason='mine only')
    path = '/project/shares/%s/rules/' % share.id

    as_alice = browser('alice').visit(path)
    assert '10.0.0.22' in as_alice.table_rows('rules')[rule.id]
    as_bob = browser('bob').visit(path)
    cells = as_bob.table_rows('rules')[rule.id]
    as_bob.shot('masked-rule')
    assert '******' in cells and '10.0.0.22' not in cells

    # The Locked Access Rules tab shows the rule as its reader may see it.
    locks = as_bob.visit('/project/resource_locks/').table_rows('rules_locks')
    masked = [cells for cells in locks.values() if cells[1] == share.name]
    assert [cells[0] for cells in masked] == ['******', '******']


def test_the_admin_sees_every_projects_locks(browser, share, lock):
    page = browser('admin').visit('/admin/resource_locks/')
    page.shot('admin-resource-locks')
    assert page.table_rows('shares_locks')[lock.id][:1] == [share.name]
