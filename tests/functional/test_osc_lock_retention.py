"""Lock lifetimes through the real `openstack` command: the plugin's
`share lock retention` and `share lock hold` commands beside
python-manilaclient's unchanged `share lock` commands, which keep showing
Manila's lock and get a one-line 403 where retention or a hold forbids a
delete."""
import time

from tests.functional import cli
from tests.functional import clouds

pytestmark = [cli.on_cli_backends(), clouds.QUIET_SDK]

RETAINED = ('are under compliance retention and cannot be removed, '
            'shortened or changed before they expire. (HTTP 403)')


def test_a_compliance_lock_with_the_cli(cloud, unique_name):
    alice, admin = cloud.cli('alice'), cloud.cli('admin')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)
    lock = alice.json('share', 'lock', 'create', share['id'], 'share',
                      '--lock-reason', 'until the audit')
    shown = alice.json('share', 'lock', 'retention', 'set', lock['id'],
                       '--duration', '3600', '--mode', 'compliance')
    assert (shown['Lock ID'], shown['Mode']) == (lock['id'], 'compliance')
    assert shown['Expires At'] and shown['Binding From']
    assert alice.json('share', 'lock', 'retention', 'show',
                      lock['id']) == shown

    # manilaclient's commands see the lock as before.
    assert alice.run('share', 'lock', 'show', lock['id']).fields()[
        'Lock Reason'] == 'until the audit'
    assert [found['ID'] for found in alice.json(
        'share', 'lock', 'list', '--resource', share['id'])] == [lock['id']]
    for person in (alice, admin):
        refused = person.run('share', 'lock', 'delete', lock['id'], rc=1,
                             console_script=person is alice)
        assert RETAINED in refused.stderr
        refused = person.run('share', 'lock', 'retention', 'unset',
                             lock['id'], rc=1)
        assert RETAINED in refused.stderr
    refused = admin.run('share', 'delete', share['id'], rc=1)
    assert 'prevent delete action' in refused.stderr
    # Extending is allowed.
    longer = alice.json('share', 'lock', 'retention', 'set', lock['id'],
                        '--duration', '7200')
    assert longer['Expires At'] > shown['Expires At']


def test_a_legal_hold_with_the_cli(cloud, unique_name):
    alice, admin = cloud.cli('alice'), cloud.cli('admin')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)
    lock = alice.json('share', 'lock', 'create', share['id'], 'share')
    refused = alice.run('share', 'lock', 'hold', 'set', lock['id'], rc=1)
    assert "resource_lock:legal_hold" in refused.stderr
    held = admin.json('share', 'lock', 'hold', 'set', lock['id'],
                      '--reason', 'case 7')
    assert (held['Held'], held['Reason']) == (True, 'case 7')
    assert alice.json('share', 'lock', 'hold', 'show', lock['id']) == held
    refused = admin.run('share', 'lock', 'delete', lock['id'], rc=1)
    assert 'are on legal hold' in refused.stderr
    admin.run('share', 'lock', 'hold', 'unset', lock['id'])
    assert alice.json('share', 'lock', 'hold', 'show', lock['id'])[
        'Held'] is False
    alice.run('share', 'lock', 'delete', lock['id'])


def test_an_expired_lock_is_gone_for_the_cli(cloud, unique_name):
    alice = cloud.cli('alice')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)
    lock = alice.json('share', 'lock', 'create', share['id'], 'share')
    alice.run('share', 'lock', 'retention', 'set', lock['id'],
              '--duration', '1')
    time.sleep(1.2)
    assert alice.json('share', 'lock', 'list', '--resource',
                      share['id']) == []
    alice.run('share', 'lock', 'show', lock['id'], rc=1)
    alice.run('share', 'delete', share['id'])
