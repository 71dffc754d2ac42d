"""`openstack share ...` through Keystone, as a person types it:
`openstack --os-cloud alice ...` with a clouds.yaml password entry; the
share endpoint comes from Keystone's catalog (type shared-file-system)."""
import uuid

import pytest


@pytest.fixture
def share_name():
    return 'ks-share-' + uuid.uuid4().hex[:8]


def test_share_and_lock_lifecycle_found_through_the_catalog(
        keystone_cloud, share_name):
    alice = keystone_cloud.cli('alice')

    # clouds.yaml password auth through the installed console script.
    share = alice.json('share', 'create', 'NFS', '1', '--name', share_name,
                       console_script=True)
    assert share['status'] == 'available'
    assert share['project_id'] == keystone_cloud.project_of('alice')
    assert share['user_id'] == keystone_cloud.user_of('alice')
    listed = alice.run('share', 'list').table()
    assert [row['Name'] for row in listed if row['ID'] == share['id']] == [
        share_name]

    lock = alice.json('share', 'lock', 'create', share_name, 'share',
                      '--lock-reason', 'keep it')
    assert lock['resource_id'] == share['id']
    assert lock['lock_context'] == 'user'
    assert lock['user_id'] == keystone_cloud.user_of('alice')
    assert lock['project_id'] == keystone_cloud.project_of('alice')
    locks = alice.run('share', 'lock', 'list', '--resource', share['id'],
                      '--resource-type', 'share').table()
    assert [row['ID'] for row in locks] == [lock['id']]
    shown = alice.json('share', 'lock', 'show', lock['id'])
    assert shown['Lock Reason'] == 'keep it'
    assert shown['Lock Context'] == 'user'
    alice.run('share', 'lock', 'set', lock['id'], '--lock-reason', 'changed')
    assert alice.json('share', 'lock', 'show', lock['id'])[
        'Lock Reason'] == 'changed'
    alice.run('share', 'lock', 'unset', lock['id'], '--lock-reason')
    assert alice.json('share', 'lock', 'show', lock['id'])[
        'Lock Reason'] is None

    refused = alice.run('share', 'delete', share_name, rc=1)
    assert 'prevent delete action' in refused.output
    assert '(HTTP 403)' in refused.output

    alice.run('share', 'lock', 'delete', lock['id'])
    assert lock['id'] not in alice.run('share', 'lock', 'list').stdout
    alice.run('share', 'delete', share_name)


def test_a_member_of_another_project_sees_nothing(keystone_cloud,
                                                  share_name):
    alice, eve = keystone_cloud.cli('alice'), keystone_cloud.cli('eve')
    share = alice.json('share', 'create', 'NFS', '1', '--name', share_name)
    lock = alice.json('share', 'lock', 'create', share['id'], 'share')

    assert lock['id'] not in eve.run('share', 'lock', 'list').stdout
    hidden = eve.run('share', 'lock', 'show', lock['id'], rc=1)
    assert 'No resourcelock with a name or ID of' in hidden.output
    assert share['id'] not in hidden.output

    everyone = keystone_cloud.cli('admin').run(
        'share', 'lock', 'list', '--all-projects').stdout
    assert lock['id'] in everyone


def test_locked_access_rule_is_redacted_for_another_member(keystone_cloud,
                                                           share_name):
    alice, bob = keystone_cloud.cli('alice'), keystone_cloud.cli('bob')
    alice.json('share', 'create', 'NFS', '1', '--name', share_name)
    rule = alice.json('share', 'access', 'create', share_name, 'ip',
                      '10.0.0.7', '--access-level', 'rw',
                      '--lock-visibility', '--lock-deletion',
                      '--lock-reason', 'Lock by me')
    assert rule['access_to'] == '10.0.0.7'

    [as_owner] = alice.run('share', 'access', 'list', share_name).table()
    assert as_owner['Access To'] == '10.0.0.7'
    [as_bob] = bob.run('share', 'access', 'list', share_name).table()
    assert as_bob['Access To'] == '******'

    refused = alice.run('share', 'access', 'delete', share_name, rule['id'],
                        rc=1)
    assert '(HTTP 403)' in refused.output
    alice.run('share', 'access', 'delete', share_name, rule['id'],
              '--unrestrict')
