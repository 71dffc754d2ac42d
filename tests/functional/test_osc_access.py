"""`openstack share access ...` with locks, as Nova's
VirtIOFS attachment places them: the rule's address is hidden from other
members, and neither the rule nor the share can go until the owner
unrestricts the rule."""
from tests.functional import cli

pytestmark = cli.on_cli_backends()

REDACTED = '******'


def test_locked_rule_hides_its_address_and_holds_the_share(
        cloud, unique_name):
    alice, bob = cloud.cli('alice'), cloud.cli('bob')
    share = alice.json('share', 'create', 'NFS', '1', '--name', unique_name)

    rule = alice.json('share', 'access', 'create', unique_name, 'ip',
                      '10.0.0.5', '--lock-visibility', '--lock-deletion',
                      '--lock-reason', 'Lock by nova')
    assert rule['access_to'] == '10.0.0.5'   # the creator sees it
    assert rule['access_type'] == 'ip'
    assert rule['access_level'] == 'rw'

    [row] = bob.run('share', 'access', 'list', share['id']).table()
    assert row['ID'] == rule['id']
    assert row['Access To'] == REDACTED
    assert row['Access Key'] == REDACTED
    assert row['Access Type'] == 'ip'
    assert row['State'] == 'active'
    [own] = alice.json('share', 'access', 'list', unique_name)
    assert own['Access To'] == '10.0.0.5'

    refused = alice.run('share', 'access', 'delete', unique_name, rule['id'],
                        rc=1)
    assert ("Cannot deny access for share '%s' since it has been locked"
            % share['id']) in refused.output
    assert '(HTTP 403)' in refused.output
    refused = bob.run('share', 'access', 'delete', share['id'], rule['id'],
                      '--unrestrict', rc=1)
    assert '(HTTP 403)' in refused.output   # not bob's locks to drop

    refused = alice.run('share', 'delete', unique_name, rc=1)
    assert 'prevent delete action. (HTTP 403)' in refused.output

    unrestricted = alice.run('share', 'access', 'delete', unique_name,
                             rule['id'], '--unrestrict')
    assert unrestricted.output == ''
    alice.run('share', 'delete', unique_name)
