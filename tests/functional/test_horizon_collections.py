"""The collections Horizon's manila-ui reads, read by the real clients:
python-manilaclient's v2 client built exactly as manila-ui builds it
(microversion 2.87, a raw token and the `sharev2` endpoint), the `openstack
share` commands, and a user message made by a real back end failure, then
purged by `manila-locks-manage messages purge-expired`."""
import json
import os
import subprocess
import time
import urllib.request

from manilaclient import client as manila_client
import pytest

from tests.functional import cli
from tests.functional import server as server_process

MANILA_UI_VERSION = '2.87'


def _manila_ui_client(endpoint, token, user_id, project_id):
    """manila_ui.api.manila.manilaclient(request), with the user's token."""
    client = manila_client.Client(
        MANILA_UI_VERSION, username=user_id, input_auth_token=token,
        project_id=project_id, service_catalog_url=endpoint,
        user_agent='manila_ui_plugin_for_horizon')
    client.client.auth_token = token
    client.client.management_url = endpoint
    return client


def _as(cloud, name):
    return _manila_ui_client(cloud.endpoint, cloud.people[name].token,
                             cloud.user_of(name), cloud.project_of(name))


def _absolute_limits(client):
    """manila_ui.api.manila.tenant_absolute_limits."""
    return {limit.name: (float('inf') if limit.value == -1 else limit.value)
            for limit in client.limits.get().absolute}


@cli.on_cli_backends()
def test_the_pages_manila_ui_shows_load(cloud, unique_name):
    alice = _as(cloud, 'alice')
    share = alice.shares.create('NFS', 1, name=unique_name)
    # Project > Shares: share networks, shares, snapshots, then limits for
    # the Create Share button.
    assert alice.share_networks.list(detailed=False) == []
    assert share.id in [s.id for s in alice.shares.list()]
    assert alice.share_snapshots.list(detailed=True) == []
    usages = _absolute_limits(alice)
    assert usages['maxTotalShares'] > usages['totalSharesUsed'] >= 1
    assert (usages['maxTotalShareGigabytes'] >
            usages['totalShareGigabytesUsed'] >= 1)
    # The create form's zones, and the share's detail tabs.
    [zone] = alice.availability_zones.list()
    assert zone.name == 'nova'
    assert alice.share_replicas.list(share) == []
    # The other project panels.
    assert alice.security_services.list(detailed=True) == []
    assert alice.share_groups.list(detailed=True) == []
    assert alice.share_group_types.list(show_all=True) == []
    assert alice.share_group_snapshots.list(detailed=True) == []
    assert alice.messages.list() == []
    # Admin panels, and the project quota forms.
    admin = _as(cloud, 'admin')
    assert admin.share_servers.list() == []
    assert admin.messages.list() == []
    defaults = admin.quotas.defaults(cloud.project_of('admin'))
    assert (defaults.shares, defaults.gigabytes) == (50, 1000)
    quotas = admin.quotas.get(cloud.project_of('alice'))
    assert quotas.share_networks == 10


@cli.on_cli_backends()
def test_the_share_commands(cloud):
    osc = cloud.cli('alice')
    [zone] = osc.json('share', 'availability', 'zone', 'list')
    assert zone['Name'] == 'nova'
    limits = {row['Name']: row['Value'] for row in osc.json(
        'share', 'limits', 'show', '--absolute')}
    assert limits['maxTotalShares'] == 50
    assert limits['maxTotalShareGigabytes'] == 1000
    assert osc.json('share', 'message', 'list') == []
    assert osc.json('share', 'snapshot', 'list') == []
    assert osc.json('share', 'network', 'list') == []


def _post(url, body):
    headers = {'X-Auth-Token': 'alice:p1', 'Content-Type': 'application/json',
               'X-OpenStack-Manila-API-Version': '2.87'}
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     method='POST', headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def broken_backend(tmp_path):
    """A server whose local back end cannot provision: its shares
    directory is a file. Messages live one second."""
    state = tmp_path / 'state'
    os.makedirs(state)
    (state / 'shares').write_text('not a directory')
    sections = {'DEFAULT': {'state_path': str(state),
                            'auth_strategy': 'noauth', 'message_ttl': 1}}
    with server_process.running(tmp_path, sections) as process:
        yield process


def test_a_failed_share_leaves_a_message_until_it_expires(broken_backend):
    share = _post(broken_backend.url + '/shares', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'doomed'}})['share']
    assert share['status'] == 'error'
    alice = _manila_ui_client(broken_backend.url, 'alice:p1', 'alice', 'p1')
    [message] = alice.messages.list()
    assert (message.resource_id, message.user_message) == (
        share['id'], 'create: An unknown error occurred.')
    time.sleep(1.2)
    manage = server_process.console_script('manila-locks-manage')
    result = subprocess.run(
        [manage, '--config-file', broken_backend.config_file, 'messages',
         'purge-expired'], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['1']
    assert alice.messages.list() == []
