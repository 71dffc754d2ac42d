"""Issue 2, done when: the share commands of an unmodified
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
