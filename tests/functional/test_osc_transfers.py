"""`openstack share transfer ...` of an unmodified python-manilaclient: a
share offered, found by name, accepted by another project or cancelled;
a locked share is not offered; a status reset ends the offer."""
from tests.functional import cli
from tests.functional import clouds

pytestmark = [cli.on_cli_backends(), clouds.QUIET_SDK]

TRANSFER_BLOCKED = 'prevent transfer action. (HTTP 403)'


def test_offer_find_and_accept_in_another_project(cloud, unique_name):
    alice, eve = cloud.cli('alice'), cloud.cli('eve')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)
    alice.json('share', 'access', 'create', share['id'], 'ip', '10.3.3.3')

    transfer = alice.json('share', 'transfer', 'create', unique_name,
                          '--name', unique_name + '-tx')
    assert (transfer['resource_id'], transfer['source_project_id'],
            transfer['accepted']) == (share['id'],
                                      cloud.project_of('alice'), False)
    assert len(transfer['auth_key']) == 16
    assert alice.json('share', 'show', share['id'])['status'] == (
        'awaiting_transfer')

    # By name: the client lists with all_tenants=1 and matches itself.
    shown = alice.run('share', 'transfer', 'show',
                      unique_name + '-tx').fields()
    assert (shown['id'], shown['resource_id']) == (transfer['id'],
                                                   share['id'])
    listed = alice.run('share', 'transfer', 'list').table()
    assert {'ID': transfer['id'], 'Name': unique_name + '-tx',
            'Resource Type': 'share', 'Resource Id': share['id']} in listed
    assert transfer['id'] not in eve.run('share', 'transfer',
                                         'list').stdout

    eve.run('share', 'transfer', 'accept', transfer['id'],
            transfer['auth_key'], '--clear-rules')
    moved = eve.json('share', 'show', share['id'])
    assert (moved['project_id'], moved['status']) == (
        cloud.project_of('eve'), 'available')
    assert eve.json('share', 'access', 'list', share['id']) == []
    alice.run('share', 'show', share['id'], rc=1)


def test_cancel_and_lock_refusal(cloud, unique_name):
    alice = cloud.cli('alice')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)
    alice.json('share', 'transfer', 'create', share['id'], '--name',
               unique_name + '-tx')
    alice.run('share', 'transfer', 'delete', unique_name + '-tx')
    assert alice.json('share', 'show', share['id'])['status'] == 'available'

    lock = alice.json('share', 'lock', 'create', share['id'], 'share')
    refused = alice.run('share', 'transfer', 'create', share['id'], rc=1)
    assert ('Resource lock/s [%s] %s' % (lock['id'], TRANSFER_BLOCKED)
            in refused.output)
    assert alice.json('share', 'show', share['id'])['status'] == 'available'


def test_a_status_reset_ends_the_offer(cloud, unique_name):
    alice, admin, eve = (cloud.cli('alice'), cloud.cli('admin'),
                         cloud.cli('eve'))
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)
    stale = alice.json('share', 'transfer', 'create', share['id'])
    # The client follows the status reset with a reset_task_state action,
    # which this service does not serve (400, so rc 1); the reset is done,
    # as the new offer below shows.
    admin.run('share', 'set', '--status', 'available', share['id'], rc=None)

    fresh = alice.json('share', 'transfer', 'create', share['id'])
    refused = eve.run('share', 'transfer', 'accept', stale['id'],
                      stale['auth_key'], rc=1)
    assert 'could not be found. (HTTP 400)' in refused.output
    eve.run('share', 'transfer', 'accept', fresh['id'], fresh['auth_key'])
    assert eve.json('share', 'show', share['id'])['project_id'] == (
        cloud.project_of('eve'))
