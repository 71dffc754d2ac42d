"""The share commands of an unmodified
python-manilaclient work against the running service, typed exactly as
`openstack --os-auth-type none --os-endpoint-override <url>/v2 share ...`."""
from tests.functional import cli

pytestmark = cli.on_cli_backends()


def test_share_lifecycle_as_typed_by_a_person(cloud):
    osc = cloud.cli('demo')   # --os-auth-type none: the demo project

    # The installed `openstack` script, as typed; the other commands run
    # the same CLI in process (tests/functional/cli.py).
    created = osc.json('share', 'create', 'NFS', '1', '--name', 's1',
                       console_script=True)
    assert created['name'] == 's1'
    assert created['share_proto'] == 'NFS'
    assert created['size'] == 1
    assert created['status'] == 'available'
    assert created['share_type_name'] == 'default'

    listed = osc.run('share', 'list').table()
    [row] = [row for row in listed if row['ID'] == created['id']]
    assert row['Name'] == 's1'
    assert row['Status'] == 'available'
    assert row['Share Proto'] == 'NFS'

    shown = osc.json('share', 'show', 's1')
    assert shown['id'] == created['id']
    assert shown['status'] == 'available'

    locations = osc.run('share', 'export', 'location', 'list', 's1').table()
    assert len(locations) == 1
    assert locations[0]['Preferred'] == 'True'
    assert locations[0]['Path']

    deleted = osc.run('share', 'delete', 's1')
    assert deleted.output == ''

    gone = osc.run('share', 'show', 's1', rc=1, console_script=True)
    assert "No share with a name or ID of 's1' exists." in gone.output
    assert created['id'] not in osc.run('share', 'list').stdout


def test_share_properties_as_typed_by_a_person(cloud):
    """`share set/unset --property` use the share metadata API. `share set`
    also always resets the task state (python-manilaclient sends
    reset_task_state even when --task-state is not given), which only an
    administrator may do: for a member the property is set but the command
    exits 1, as it does against Manila."""
    admin = cloud.cli('admin')
    admin.json('share', 'create', 'NFS', '1', '--name', 'props',
               '--property', 'env=prod')
    admin.run('share', 'set', 'props', '--property', 'tier=gold',
              '--status', 'available')
    shown = admin.json('share', 'show', 'props')
    assert shown['properties'] in ({'env': 'prod', 'tier': 'gold'},
                                   "env='prod', tier='gold'")
    assert shown['task_state'] is None
    admin.run('share', 'unset', 'props', '--property', 'env')
    shown = admin.json('share', 'show', 'props')
    assert shown['properties'] in ({'tier': 'gold'}, "tier='gold'")

    member = cloud.cli('alice')
    member.json('share', 'create', 'NFS', '1', '--name', 'mine')
    refused = member.run('share', 'set', 'mine', '--property', 'k=v', rc=1)
    assert 'share:reset_task_state' in refused.output
    assert member.json('share', 'show', 'mine')['properties'] in (
        {'k': 'v'}, "k='v'")
