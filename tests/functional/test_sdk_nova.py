"""openstacksdk as Nova drives it for a VirtIOFS attachment (microversion
2.82, `nova/share/manila.py`), plus lock CRUD through the SDK.

`nova` is alice's token with a valid service token, so the locks Nova
places carry lock_context 'service': alice herself can neither remove them
nor read the rule's address; Nova's own detach (deny with unrestrict) must
answer exactly 202.
"""
from openstack import exceptions
import pytest

from tests.functional import clouds

pytestmark = clouds.QUIET_SDK

REDACTED = '******'
NOVA_REASON = 'Lock by nova'


@pytest.fixture
def share(cloud, unique_name):
    return cloud.sdk('alice').create_share(name=unique_name, size=1,
                                           share_proto='NFS')


def locks_on(admin, *resource_ids):
    return [lock for resource_id in resource_ids
            for lock in admin.resource_locks(resource_id=resource_id,
                                             all_projects=True)]


def nova_attach(nova, share, address):
    """allow, then find the rule by address and wait for it to be active,
    as Nova does (the local driver applies rules at once)."""
    rule = nova.create_access_rule(
        share.id, access_type='ip', access_to=address, access_level='rw',
        lock_visibility=True, lock_deletion=True, lock_reason=NOVA_REASON)
    # Nova compares what comes back with what it sent.
    assert (rule.access_type, rule.access_to, rule.access_level) == (
        'ip', address, 'rw')
    [found] = [r for r in nova.access_rules(share)
               if r.access_type == 'ip' and r.access_to == address]
    assert found.id == rule.id
    assert found.state == 'active'
    return found


def test_nova_reads_the_share_and_its_export_location(cloud, share):
    nova = cloud.sdk('nova')
    got = nova.get_share(share.id)
    assert got.status == 'available'
    assert (got.name, got.size, got.share_protocol) == (share.name, 1, 'NFS')
    assert got.project_id == cloud.project_of('alice')
    [location] = list(nova.export_locations(share.id))
    assert location.is_preferred is True
    assert location.path


def test_nova_attach_and_detach(cloud, share):
    nova, alice = cloud.sdk('nova'), cloud.sdk('alice')
    admin = cloud.sdk('admin')
    rule = nova_attach(nova, share, '10.0.0.7')
    assert nova.get_access_rule(rule.id).access_to == '10.0.0.7'

    # Service locks: on the rule (delete, show) and the companion on the
    # share, all recorded in the service context.
    placed = locks_on(admin, share.id, rule.id)
    assert sorted((lock.resource_type, lock.resource_action)
                  for lock in placed) == [('access_rule', 'delete'),
                                          ('access_rule', 'show'),
                                          ('share', 'delete')]
    assert {lock.lock_context for lock in placed} == {'service'}

    # The user: the address is hidden, and nothing can be taken away.
    [seen] = list(alice.access_rules(share))
    assert (seen.access_to, seen.access_key) == (REDACTED, REDACTED)
    assert alice.get_access_rule(rule.id).access_to == REDACTED
    assert admin.get_access_rule(rule.id).access_to == '10.0.0.7'
    with pytest.raises(exceptions.ForbiddenException):
        alice.delete_access_rule(rule.id, share.id, unrestrict=True)
    with pytest.raises(exceptions.ForbiddenException,
                       match='prevent delete action'):
        alice.delete_share(share.id)
    # An older Nova denies without unrestrict: refused while locked.
    with pytest.raises(exceptions.ForbiddenException,
                       match='since it has been locked'):
        nova.delete_access_rule(rule.id, share.id)

    response = nova.delete_access_rule(rule.id, share.id, unrestrict=True)
    assert response.status_code == 202
    assert locks_on(admin, share.id, rule.id) == []
    assert list(nova.access_rules(share)) == []
    alice.delete_share(share.id)
    with pytest.raises(exceptions.NotFoundException):
        alice.get_share(share.id)


def test_resource_lock_crud_and_a_locked_share(cloud, share):
    alice = cloud.sdk('alice')
    lock = alice.create_resource_lock(
        resource_id=share.id, resource_type='share',
        resource_action='delete', lock_reason='backup running')
    assert (lock.lock_context, lock.user_id, lock.project_id) == (
        'user', cloud.user_of('alice'), cloud.project_of('alice'))
    assert [found.id for found in
            alice.resource_locks(resource_id=share.id)] == [lock.id]

    alice.update_resource_lock(lock, lock_reason='backup running, 2h left')
    assert (alice.get_resource_lock(lock.id).lock_reason ==
            'backup running, 2h left')

    with pytest.raises(exceptions.ForbiddenException) as refused:
        alice.delete_share(share.id)
    assert ('Resource lock/s [%s] prevent delete action.' % lock.id
            in str(refused.value))
    assert alice.get_share(share.id).status == 'available'

    alice.delete_resource_lock(lock)
    with pytest.raises(exceptions.NotFoundException):
        alice.get_resource_lock(lock.id)
    alice.delete_share(share.id)
    with pytest.raises(exceptions.NotFoundException):
        alice.get_share(share.id)


def test_service_lock_filters_and_who_may_remove_it(cloud, share):
    nova, alice, admin = (cloud.sdk('nova'), cloud.sdk('alice'),
                          cloud.sdk('admin'))
    lock = nova.create_resource_lock(resource_id=share.id,
                                     resource_type='share',
                                     resource_action='delete',
                                     lock_reason='attached')
    assert lock.lock_context == 'service'
    assert [found.id for found in alice.resource_locks(
        resource_id=share.id, lock_context='service')] == [lock.id]
    assert list(alice.resource_locks(resource_id=share.id,
                                     lock_context='user')) == []

    with pytest.raises(exceptions.ForbiddenException):
        alice.delete_resource_lock(lock)
    with pytest.raises(exceptions.ForbiddenException):
        alice.update_resource_lock(lock, lock_reason='mine now')
    admin.delete_resource_lock(lock)
    alice.delete_share(share.id)
