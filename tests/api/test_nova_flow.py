"""Nova attaching a share to VMs over VirtIOFS, as Nova's
share API and compute manager call Manila at microversion 2.82.

Attach: find the host's rule by access_type and access_to; if there is none,
create it with lock_deletion, lock_visibility and a reason, check the answer
echoes what was sent, and poll the list until the rule is active. Detach:
only when no other VM on the host still uses the rule, deny it with
unrestrict and expect exactly 202.
"""
import pytest

from manila_locks.core import vocabulary as v
from tests.api import access_rule_steps as steps

NOVA_VERSION = '2.82'
HOST_IP = '192.168.1.10'


@pytest.fixture(params=['user_and_service_token', 'admin_and_service_token'])
def compute(request, nova, admin):
    """Nova's client: alice's token with Nova's service token, or (newest
    Nova) its own admin credentials with the service token."""
    client = nova if request.param == 'user_and_service_token' else (
        admin.as_(service=True))
    return client.as_(version=NOVA_VERSION)


@pytest.fixture
def share(api):
    return api.create_share(name='vm-share')


def _find(compute, share_id, access_type, access_to):
    for rule in steps.rules(compute, share_id):
        if (rule['access_type'], rule['access_to']) == (access_type,
                                                        access_to):
            return rule
    return None


def attach(compute, share_id, access_to=HOST_IP, access_type='ip'):
    """Nova's allow: reuse the host's rule, else create it locked."""
    rule = _find(compute, share_id, access_type, access_to)
    if rule is None:
        created = steps.allow_locked(compute, share_id, access_to,
                                     access_type)
        assert (created['access_type'], created['access_to'],
                created['access_level']) == (access_type, access_to, 'rw')
        rule = _find(compute, share_id, access_type, access_to)
    assert rule is not None and rule['state'] == 'active'
    return rule


def detach(compute, share_id, rule):
    response = steps.deny(compute, share_id, rule['id'], unrestrict=True)
    assert response.status_int == 202


@pytest.fixture
def attached(compute, share):
    return attach(compute, share['id'])


def test_attach_places_service_locks_that_admins_find(admin, share,
                                                      attached):
    share_locks = steps.locks_on(admin, share['id'])
    rule_locks = steps.locks_on(admin, attached['id'])
    assert [lock['resource_action'] for lock in share_locks] == ['delete']
    assert sorted(lock['resource_action'] for lock in rule_locks) == [
        'delete', 'show']
    for lock in share_locks + rule_locks:
        assert lock['lock_context'] == 'service'
    assert {lock['lock_reason'] for lock in rule_locks} == {
        steps.NOVA_REASON}
    # all_tenants, the older spelling Nova's admin tools use, finds them too.
    listed = admin.get('/resource-locks', params={
        'resource_id': share['id'], 'all_tenants': '1'}).json
    assert listed['resource_locks'] == share_locks


def test_owner_and_project_see_stars_nova_and_admin_see_values(
        api, bob, admin, compute, share, attached):
    for client in (api, bob):
        [rule] = steps.rules(client, share['id'])
        assert (rule['access_to'], rule['access_key']) == (v.REDACTED,
                                                           v.REDACTED)
    for client in (compute, admin):
        [rule] = steps.rules(client, share['id'])
        assert rule['access_to'] == HOST_IP


def test_cephx_key_reaches_nova_only(api, compute, share):
    rule = attach(compute, share['id'], 'instance-1', 'cephx')
    assert len(rule['access_key']) == 40
    shown = api.get('/share-access-rules/%s' % rule['id']).json['access']
    assert (shown['access_to'], shown['access_key']) == (v.REDACTED,
                                                         v.REDACTED)


def test_while_attached_nobody_cuts_the_vm_off(db, api, bob, admin, share,
                                               attached):
    api.delete('/shares/%s' % share['id'], status=403)
    admin.delete('/shares/%s' % share['id'], status=403)
    for client in (api, bob, admin):
        steps.deny(client, share['id'], attached['id'], status=403)
    for client in (api, bob):
        steps.deny(client, share['id'], attached['id'], unrestrict=True,
                   status=403)
    assert steps.live_rows(db) == {'rules': 1, 'locks': 3, 'metadata': 0}


def test_older_nova_detaching_without_unrestrict_is_refused(
        db, compute, share, attached):
    steps.deny(compute, share['id'], attached['id'], status=403)
    assert steps.live_rows(db)['locks'] == 3


def test_detach_leaves_no_locks_and_the_share_deletable(
        db, api, admin, compute, share, attached):
    detach(compute, share['id'], attached)
    assert steps.locks_on(admin, share['id']) == []
    assert steps.locks_on(admin, attached['id']) == []
    assert steps.rules(compute, share['id']) == []
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}
    api.delete('/shares/%s' % share['id'], status=202)


def test_two_vms_on_one_host_share_one_rule(db, api, admin, compute, share):
    """The first detach must not drop the locks the second VM still relies
    on (Launchpad bug 2161758 in Manila)."""
    first = attach(compute, share['id'])     # VM 1
    second = attach(compute, share['id'])    # VM 2 reuses the host's rule
    assert first['id'] == second['id']
    assert steps.live_rows(db) == {'rules': 1, 'locks': 3, 'metadata': 0}

    # VM 1 detaches: VM 2 still uses the rule, so Nova calls nothing.
    [rule] = steps.rules(compute, share['id'])
    assert rule['state'] == 'active'
    assert steps.rules(api, share['id'])[0]['access_to'] == v.REDACTED
    api.delete('/shares/%s' % share['id'], status=403)
    steps.deny(api, share['id'], rule['id'], status=403)
    assert steps.live_rows(db) == {'rules': 1, 'locks': 3, 'metadata': 0}

    # VM 2 detaches: the last user releases the rule and every lock.
    detach(compute, share['id'], rule)
    assert steps.locks_on(admin, share['id']) == []
    assert steps.locks_on(admin, rule['id']) == []
    api.delete('/shares/%s' % share['id'], status=202)


def test_a_second_host_gets_its_own_locked_rule(db, admin, compute, share):
    one = attach(compute, share['id'], '192.168.1.10')
    two = attach(compute, share['id'], '192.168.1.11')
    assert len(steps.locks_on(admin, share['id'])) == 2
    detach(compute, share['id'], one)
    assert len(steps.locks_on(admin, share['id'])) == 1
    detach(compute, share['id'], two)
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}
