"""`openstack share lock history` through the real `openstack` command:
the plugin loads beside python-manilaclient's, finds the service through
--os-endpoint-override (auth type none) as well as --os-endpoint
(admin_token), pages, and answers an unknown id with one line and exit
status 1. (Nova's flow and who sees what: test_nova_lock_history.py.)"""
from tests.functional import cli
from tests.functional import clouds

pytestmark = [cli.on_cli_backends(), clouds.QUIET_SDK]


def test_the_trail_of_a_users_own_lock(cloud, unique_name):
    demo = cloud.cli('demo')    # --os-auth-type none --os-endpoint-override
    share = demo.json('share', 'create', 'NFS', '1', '--name', unique_name)
    assert demo.json('share', 'lock', 'history', share['id']) == []

    lock = demo.json('share', 'lock', 'create', share['id'], 'share',
                     '--lock-reason', 'r1')
    demo.run('share', 'lock', 'set', lock['id'], '--lock-reason', 'r2')
    demo.run('share', 'lock', 'delete', lock['id'])

    rows = demo.json('share', 'lock', 'history', lock['id'])
    assert [(r['Event'], r['Action'], r['User'], r['Lock Context'])
            for r in rows] == [
        ('placed', 'create lock', 'demo', 'user'),
        ('changed', 'update lock', 'demo', 'user'),
        ('removed', 'delete lock', 'demo', 'user')]
    assert [r['Changes'] for r in rows] == [
        {'before': None,
         'after': {'lock_reason': 'r1', 'resource_action': 'delete'}},
        {'before': {'lock_reason': 'r1'}, 'after': {'lock_reason': 'r2'}},
        {'before': {'lock_reason': 'r2', 'resource_action': 'delete'},
         'after': None}]
    # The lock is gone; its trail stays, and so does the share's.
    assert demo.json('share', 'lock', 'history', share['id']) == rows

    first = demo.json('share', 'lock', 'history', lock['id'],
                      '--limit', '2')
    assert first == rows[:2]
    rest = demo.json('share', 'lock', 'history', lock['id'],
                     '--limit', '2', '--marker', first[-1]['ID'])
    assert rest == rows[2:]
    assert demo.json('share', 'lock', 'history', lock['id'],
                     '--request-id', rows[2]['Request ID']) == rows[2:]
    assert demo.json('share', 'lock', 'history', lock['id'], '--since',
                     rows[2]['Time']) == rows[2:]
    assert demo.json('share', 'lock', 'history', lock['id'], '--before',
                     rows[0]['Time']) == rows[:1]


def test_an_unknown_id_is_one_line_and_exit_status_1(cloud):
    alice = cloud.cli('alice')
    result = alice.run('share', 'lock', 'history',
                       '00000000-0000-0000-0000-000000000000', rc=1,
                       console_script=True)
    assert result.stdout == ''
    assert result.stderr.strip().splitlines() == [
        'No resource lock, share or access rule with ID '
        '00000000-0000-0000-0000-000000000000 was found (or it is not '
        'visible to you).']
