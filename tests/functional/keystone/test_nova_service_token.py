"""openstacksdk as Nova uses it, through a real Keystone.

Nova talks to the share service with the user's token plus an
X-Service-Token of its own service user (a keystoneauth
ServiceTokenAuthWrapper session), microversion 2.82, endpoint from the
catalog. keystonemiddleware validates the service token against
``service_token_roles``; locks placed that way are ``service`` locks the
user cannot remove, and Nova's own detach (deny with unrestrict) works.
"""
import uuid

from openstack import exceptions as sdk_exc
import pytest

NOVA_ADDRESS = '10.0.0.5'
NOVA_REASON = 'Lock by nova for instance %s' % uuid.uuid4()


@pytest.fixture
def share(keystone_cloud):
    alice = keystone_cloud.sdk('alice')
    return alice.shared_file_system.create_share(
        name='nova-' + uuid.uuid4().hex[:8], size=1, share_proto='NFS')


def locks_on(cloud, resource_id):
    """Every lock on a resource, as an admin of any project sees them."""
    admin = cloud.sdk('admin').shared_file_system
    return list(admin.resource_locks(all_projects=True,
                                     resource_id=resource_id))


def nova_attach(cloud, share):
    """What nova/share/manila.py's allow() sends."""
    return cloud.sdk('nova').shared_file_system.create_access_rule(
        share.id, access_type='ip', access_to=NOVA_ADDRESS,
        access_level='rw', lock_visibility=True, lock_deletion=True,
        lock_reason=NOVA_REASON)


def test_a_lock_sent_with_nova_service_token_is_a_service_lock(
        keystone_cloud, share):
    nova = keystone_cloud.sdk('nova').shared_file_system
    lock = nova.create_resource_lock(resource_id=share.id,
                                     resource_type='share',
                                     resource_action='delete',
                                     lock_reason=NOVA_REASON)
    # The user's identity, the service's authority.
    assert lock.user_id == keystone_cloud.user_of('alice')
    assert lock.project_id == keystone_cloud.project_of('alice')
    [seen] = locks_on(keystone_cloud, share.id)
    assert seen.lock_context == 'service'

    alice = keystone_cloud.sdk('alice').shared_file_system
    with pytest.raises(sdk_exc.ForbiddenException):
        alice.delete_resource_lock(lock.id)
    with pytest.raises(sdk_exc.ForbiddenException):
        alice.delete_share(share.id)
    nova.delete_resource_lock(lock.id)
    assert locks_on(keystone_cloud, share.id) == []


def test_nova_attach_records_service_locks(keystone_cloud, share):
    rule = nova_attach(keystone_cloud, share)
    # Nova compares what comes back with what it sent.
    assert (rule.access_type, rule.access_to, rule.access_level) == (
        'ip', NOVA_ADDRESS, 'rw')

    rule_locks = locks_on(keystone_cloud, rule.id)
    assert sorted(lock.resource_action for lock in rule_locks) == [
        'delete', 'show']
    share_locks = locks_on(keystone_cloud, share.id)
    assert len(share_locks) == 1
    assert {lock.lock_context for lock in rule_locks + share_locks} == {
        'service'}

    alice = keystone_cloud.raw('alice')
    for lock in rule_locks + share_locks:
        refused = alice.delete('/resource-locks/%s' % lock.id)
        assert refused.status_code == 403, refused.text
    assert len(locks_on(keystone_cloud, rule.id)) == 2


def test_nova_finds_its_rule_and_another_member_sees_it_redacted(
        keystone_cloud, share):
    rule = nova_attach(keystone_cloud, share)

    as_nova = keystone_cloud.sdk('nova').shared_file_system
    [mine] = [r for r in as_nova.access_rules(share) if r.id == rule.id]
    assert mine.access_to == NOVA_ADDRESS   # nova matches on access_to

    as_bob = keystone_cloud.sdk('bob').shared_file_system
    [seen] = [r for r in as_bob.access_rules(share) if r.id == rule.id]
    assert seen.access_to == '******'


def test_the_user_cannot_detach_but_nova_can(keystone_cloud, share):
    rule = nova_attach(keystone_cloud, share)

    alice = keystone_cloud.sdk('alice').shared_file_system
    with pytest.raises(sdk_exc.ForbiddenException):
        alice.delete_access_rule(rule.id, share.id, unrestrict=True)

    nova = keystone_cloud.sdk('nova').shared_file_system
    response = nova.delete_access_rule(rule.id, share.id, unrestrict=True)
    assert response.status_code == 202   # what nova checks
    assert locks_on(keystone_cloud, rule.id) == []
    assert locks_on(keystone_cloud, share.id) == []
