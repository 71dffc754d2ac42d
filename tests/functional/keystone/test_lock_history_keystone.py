"""The lock history with real tokens: Nova's service-token flow (alice's
token plus nova's X-Service-Token, a global request id per operation)
read back with `openstack --os-cloud alice share lock history`, the plugin
finding the service in Keystone's catalog; the history names nova as the
service user behind alice, and bob, another member, reads it without the
rule's hidden address."""
import json
import uuid

import pytest

ADDRESS = '10.0.0.77'


@pytest.fixture
def attached(keystone_cloud):
    alice = keystone_cloud.sdk('alice').shared_file_system
    share = alice.create_share(name='hist-' + uuid.uuid4().hex[:8], size=1,
                               share_proto='NFS')
    attach, detach = ('req-%s' % uuid.uuid4() for _ in range(2))
    nova = keystone_cloud.sdk('nova', global_request_id=attach)
    rule = nova.shared_file_system.create_access_rule(
        share.id, access_type='ip', access_to=ADDRESS, access_level='rw',
        lock_visibility=True, lock_deletion=True,
        lock_reason='Lock by nova for instance %s' % uuid.uuid4())
    nova = keystone_cloud.sdk('nova', global_request_id=detach)
    response = nova.shared_file_system.delete_access_rule(
        rule.id, share.id, unrestrict=True)
    assert response.status_code == 202
    return share, rule, attach, detach


def test_the_service_token_flow_in_the_history(keystone_cloud, accounts,
                                               attached):
    share, rule, attach, detach = attached
    nova = accounts.accounts['nova']
    rows = keystone_cloud.cli('alice').json('share', 'lock', 'history',
                                            rule.id)
    assert sorted((r['Event'], r['Resource Action']) for r in rows) == [
        ('placed', 'delete'), ('placed', 'show'),
        ('released', 'delete'), ('released', 'show')]
    for row in rows:
        # The user's identity, the service's authority, and who served.
        assert (row['User'], row['Project'], row['Lock Context']) == (
            keystone_cloud.user_of('alice'),
            keystone_cloud.project_of('alice'), 'service')
        assert (row['Service User'], row['Service Project']) == (
            nova.user_id, nova.project_id)
        assert row['Global Request ID'] == (
            attach if row['Event'] == 'placed' else detach)


def test_another_member_reads_it_without_the_address(keystone_cloud,
                                                     attached):
    share, rule, attach, _ = attached
    result = keystone_cloud.cli('bob').run('share', 'lock', 'history',
                                           share.id, '-f', 'json')
    rows = json.loads(result.stdout)
    assert [r['Event'] for r in rows] == ['placed', 'released']
    assert rows[0]['Global Request ID'] == attach
    assert ADDRESS not in result.stdout

    refused = keystone_cloud.cli('eve').run('share', 'lock', 'history',
                                            share.id, rc=1)
    assert 'was found (or it is not visible to you)' in refused.stderr
