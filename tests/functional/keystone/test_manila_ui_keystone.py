"""The calls manila-ui (Horizon) makes, through Keystone.

Horizon builds python-manilaclient pinned at 2.87 with no version
negotiation, from the user's Keystone token and the `sharev2` catalog URL.
"""
from manilaclient import client as manila_client
from manilaclient.common.apiclient import exceptions as manila_exc
import pytest

HORIZON_VERSION = '2.87'


def horizon_client(cloud, name):
    """What manila_ui/api/manila.py builds for a logged-in user."""
    session = cloud.session(name)
    return manila_client.Client(
        HORIZON_VERSION, input_auth_token=session.get_token(),
        project_id=session.get_project_id(),
        service_catalog_url=session.get_endpoint(service_type='sharev2',
                                                 interface='public'),
        user_agent='manila_ui_plugin_for_horizon')


@pytest.fixture
def alice_lock(keystone_cloud):
    alice = horizon_client(keystone_cloud, 'alice')
    share = alice.shares.create('NFS', 1, name='horizon-share')
    return share, alice.resource_locks.create(
        share.id, 'share', 'delete', 'from the dashboard')


def test_resource_locks_panel(keystone_cloud, alice_lock):
    share, lock = alice_lock
    alice = horizon_client(keystone_cloud, 'alice')

    assert lock.id in [each.id for each in alice.resource_locks.list()]
    alice.resource_locks.update(lock, lock_reason='edited in Horizon')
    assert alice.resource_locks.get(lock.id).lock_reason == \
        'edited in Horizon'

    admin = horizon_client(keystone_cloud, 'admin')
    everyone = admin.resource_locks.list(search_opts={'all_projects': True})
    assert lock.id in [each.id for each in everyone]
    assert lock.id not in [each.id for each in admin.resource_locks.list()]

    alice.resource_locks.delete(lock)
    with pytest.raises(manila_exc.NotFound):
        alice.resource_locks.get(lock.id)


def test_locked_shares_tab_lists_rules_of_a_locked_share(keystone_cloud,
                                                         alice_lock):
    share, lock = alice_lock
    alice = horizon_client(keystone_cloud, 'alice')
    alice.shares.allow(share, 'ip', '10.0.0.11', 'rw')
    rules = alice.share_access_rules.access_list(share)
    assert [rule.access_to for rule in rules] == ['10.0.0.11']
    # Horizon's delete button on a locked share: the error it shows.
    with pytest.raises(manila_exc.Forbidden) as refused:
        alice.shares.delete(share)
    assert 'prevent delete action' in str(refused.value)
