"""`openstack share lock ...` of an unmodified
python-manilaclient places, lists, edits and removes deletion locks, and a
locked share cannot be deleted, whoever placed the lock."""
from tests.functional import cli
from tests.functional import clouds

pytestmark = [cli.on_cli_backends(), clouds.QUIET_SDK]

DELETE_BLOCKED = 'prevent delete action. (HTTP 403)'
LOCK_KEYS = ('resource_id', 'resource_type', 'resource_action', 'lock_reason',
             'lock_context', 'user_id', 'project_id')


def test_member_locks_edits_and_unlocks_a_share(cloud, unique_name):
    alice = cloud.cli('alice')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)

    lock = alice.json('share', 'lock', 'create', unique_name, 'share',
                      '--lock-reason', 'in use')
    assert 'links' not in lock
    assert {key: lock[key] for key in LOCK_KEYS} == {
        'resource_id': share['id'], 'resource_type': 'share',
        'resource_action': 'delete', 'lock_reason': 'in use',
        'lock_context': 'user', 'user_id': cloud.user_of('alice'),
        'project_id': cloud.project_of('alice')}

    rows = alice.run('share', 'lock', 'list').table()
    assert {'ID': lock['id'], 'Resource Id': share['id'],
            'Resource Type': 'share', 'Resource Action': 'delete'} in rows

    matching = alice.json('share', 'lock', 'list', '--resource', share['id'],
                          '--resource-action', 'delete',
                          '--lock-context', 'user', '--detailed')
    assert [row['ID'] for row in matching] == [lock['id']]
    assert matching[0]['Lock Reason'] == 'in use'
    assert alice.json('share', 'lock', 'list', '--resource', share['id'],
                      '--lock-context', 'admin') == []

    alice.run('share', 'lock', 'set', lock['id'], '--lock-reason',
              'maintenance window')
    shown = alice.run('share', 'lock', 'show', lock['id']).fields()
    assert shown['Lock Reason'] == 'maintenance window'
    assert shown['Updated At'] != 'None'

    alice.run('share', 'lock', 'unset', lock['id'], '--lock-reason')
    reason = alice.run('share', 'lock', 'show', lock['id'],
                       '-f', 'value', '-c', 'Lock Reason')
    assert reason.stdout.strip() == 'None'

    # The exit status a script sees: the installed console script.
    refused = alice.run('share', 'delete', unique_name, rc=1,
                        console_script=True)
    assert ('Resource lock/s [%s] %s' % (lock['id'], DELETE_BLOCKED)
            in refused.output)

    alice.run('share', 'lock', 'delete', lock['id'])
    alice.run('share', 'delete', unique_name)
    assert share['id'] not in alice.run('share', 'list').stdout


def test_admin_and_service_locks_hold_against_members(cloud, unique_name):
    alice, admin = cloud.cli('alice'), cloud.cli('admin')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)

    # Admins name other projects' shares by id: names may repeat there.
    admin_lock = admin.json('share', 'lock', 'create', share['id'], 'share',
                            '--lock-reason', 'legal hold')
    assert admin_lock['lock_context'] == 'admin'
    # The CLI cannot send a service token; Nova's SDK call can.
    service_lock = cloud.sdk('nova').create_resource_lock(
        resource_id=share['id'], resource_type='share',
        resource_action='delete', lock_reason='attached to a VM')
    assert service_lock.lock_context == 'service'

    everyone = admin.json('share', 'lock', 'list', '--all-projects',
                          '--resource', share['id'], '--detailed')
    assert {(row['ID'], row['Lock Context']) for row in everyone} == {
        (admin_lock['id'], 'admin'), (service_lock.id, 'service')}

    for lock_id in (admin_lock['id'], service_lock.id):
        refused = alice.run('share', 'lock', 'delete', lock_id, rc=1)
        # Policy (not alice's lock) or lock context (a service lock): 403.
        assert ('Failed to delete <ResourceLock: %s>' % lock_id
                in refused.output)
        assert '(HTTP 403)' in refused.output
    refused = alice.run('share', 'delete', unique_name, rc=1)
    # Both locks guard alice's share, so both are hers to see and named.
    assert DELETE_BLOCKED in refused.output
    assert admin_lock['id'] in refused.output
    assert service_lock.id in refused.output
    refused = admin.run('share', 'delete', share['id'], rc=1)   # no bypass
    assert admin_lock['id'] in refused.output
    assert service_lock.id in refused.output

    admin.run('share', 'lock', 'delete', admin_lock['id'], service_lock.id)
    alice.run('share', 'delete', unique_name)
