"""Nova's real flow, then its lock history.

Nova (nova/share/manila.py) reads the user's share with the user's token,
but allows, finds and denies its access rule with its own `[manila]`
credentials: the nova user, an administrator in the service project, with
no service token. Its locks are therefore `admin` locks of the nova user,
and only the global request id of the instance operation
(X-OpenStack-Request-ID, sent on every call) ties them to what the user
asked for. This drives that flow with openstacksdk as Nova builds it
(microversion 2.82, reason "Lock by nova", a global request id per
operation), lets the user try to delete the share meanwhile, and reads the
trail back through `openstack share lock history` and through the API, as
the user, another member of the project and an administrator.
"""
import json
import uuid

import pytest
import requests

from tests.functional import cli
from tests.functional import clouds

pytestmark = [cli.on_cli_backends(), clouds.QUIET_SDK]

ADDRESS = '10.0.0.9'
NOVA_REASON = 'Lock by nova'
REDACTED = '******'


def global_id():
    return 'req-%s' % uuid.uuid4()


def api_events(cloud, name, **params):
    """GET /v2/resource-lock-events as `name`, every page, oldest first."""
    response = requests.get(
        cloud.endpoint + '/resource-lock-events',
        params=dict(params, sort_dir='asc'), timeout=30,
        headers={'X-Auth-Token': cloud.people[name].token,
                 'X-OpenStack-Manila-API-Version': clouds.API_VERSION})
    assert response.status_code == 200, response.text
    return response.json()['resource_lock_events']


@pytest.fixture
def attached(cloud, unique_name):
    """Nova's attach and detach around a refused delete by the user:
    {share, rule, attach_id, detach_id}."""
    share = cloud.sdk('alice').create_share(name=unique_name, size=1,
                                            share_proto='NFS')
    attach_id, detach_id = global_id(), global_id()

    nova = cloud.sdk('nova_admin', global_request_id=attach_id)
    assert nova.get_share(share.id).status == 'available'
    assert [el.path for el in nova.export_locations(share.id)
            if el.is_preferred]
    rule = nova.create_access_rule(
        share.id, access_type='ip', access_to=ADDRESS, access_level='rw',
        lock_visibility=True, lock_deletion=True, lock_reason=NOVA_REASON)
    [mine] = [r for r in nova.access_rules(share)
              if r.access_type == 'ip' and r.access_to == ADDRESS]
    assert (mine.id, mine.state) == (rule.id, 'active')

    # The user tries to delete the share from the command line meanwhile.
    refused = cloud.cli('alice').run('share', 'delete', share.id, rc=1)
    assert 'prevent delete action. (HTTP 403)' in refused.output

    nova = cloud.sdk('nova_admin', global_request_id=detach_id)
    response = nova.delete_access_rule(rule.id, share.id, unrestrict=True)
    assert response.status_code == 202
    return {'share': share, 'rule': rule, 'attach_id': attach_id,
            'detach_id': detach_id}


def test_the_cli_shows_who_from_which_request_and_every_step(cloud,
                                                             attached):
    share, rule = attached['share'], attached['rule']
    nova = (cloud.user_of('nova_admin'), cloud.project_of('nova_admin'))
    alice = (cloud.user_of('alice'), cloud.project_of('alice'))

    # The share's trail: the companion lock Nova's rule put on the share.
    rows = cloud.cli('alice').json('share', 'lock', 'history', share.id)
    assert [(r['Event'], r['Action'], (r['User'], r['Project']),
             r['Lock Context'], r['Global Request ID']) for r in rows] == [
        ('placed', 'allow access', nova, 'admin', attached['attach_id']),
        ('refused', 'delete', alice, 'admin', None),
        ('released', 'unrestricted deny access', nova, 'admin',
         attached['detach_id'])]
    assert {r['Service User'] for r in rows} == {None}
    companion_reason = rows[0]['Changes']['after']['lock_reason']

    # The rule's trail: its deletion and visibility locks, Nova's reason;
    # the share delete was refused by the rule's deletion lock too.
    rows = cloud.cli('alice').json('share', 'lock', 'history', rule.id)
    assert sorted((r['Event'], r['Resource Action']) for r in rows) == [
        ('placed', 'delete'), ('placed', 'show'), ('refused', 'delete'),
        ('released', 'delete'), ('released', 'show')]
    placed = [r for r in rows if r['Event'] == 'placed']
    assert {r['Changes']['after']['lock_reason'] for r in placed} == {
        NOVA_REASON}
    # The companion names the rule's deletion lock.
    [rule_deletion_lock] = [r['Lock ID'] for r in placed
                            if r['Resource Action'] == 'delete']
    assert companion_reason == 'Locked by access lock: %s' % (
        rule_deletion_lock)

    # One lock's trail, and the instance operation's requests.
    lock_id = rule_deletion_lock
    one = cloud.cli('admin').json('share', 'lock', 'history', lock_id,
                                  '--all-projects')
    assert [r['Event'] for r in one] == ['placed', 'refused', 'released']
    during_attach = cloud.cli('alice').json(
        'share', 'lock', 'history', rule.id, '--global-request-id',
        attached['attach_id'])
    assert [r['Event'] for r in during_attach] == ['placed', 'placed']
    by_request = cloud.cli('alice').json(
        'share', 'lock', 'history', share.id, '--request-id',
        one[2]['Request ID'])
    assert [r['Event'] for r in by_request] == ['released']


def test_the_table_as_people_read_it(cloud, attached):
    result = cloud.cli('bob').run('share', 'lock', 'history',
                                  attached['share'].id, console_script=True)
    rows = result.table()
    assert [row['Event'] for row in rows if row['Event']] == [
        'placed', 'refused', 'released']
    assert 'Global Request ID' in rows[0]
    assert attached['attach_id'] in result.stdout
    assert 'lock_reason: - -> Locked by access lock' in result.stdout
    events = cloud.cli('bob').run('share', 'lock', 'history',
                                  attached['rule'].id, '-f', 'value',
                                  '-c', 'Event', '-c', 'User')
    assert events.stdout.split('\n')[0] == 'placed ' + cloud.user_of(
        'nova_admin')


def test_another_member_sees_the_trail_without_the_hidden_address(
        cloud, unique_name):
    # Attached and not yet detached: the rule and its address are hidden.
    share = cloud.sdk('alice').create_share(name=unique_name, size=1,
                                            share_proto='NFS')
    attach_id = global_id()
    nova = cloud.sdk('nova_admin', global_request_id=attach_id)
    rule = nova.create_access_rule(
        share.id, access_type='ip', access_to=ADDRESS, access_level='rw',
        lock_visibility=True, lock_deletion=True, lock_reason=NOVA_REASON)
    assert cloud.sdk('bob').get_access_rule(rule.id).access_to == REDACTED

    through_api = api_events(cloud, 'bob', resource_id=rule.id)
    assert len(through_api) == 2
    assert {e['global_request_id'] for e in through_api} == {attach_id}
    through_cli = cloud.cli('bob').run('share', 'lock', 'history', rule.id,
                                       '-f', 'json')
    for seen in (json.dumps(through_api), through_cli.stdout):
        assert ADDRESS not in seen
        assert 'access_to' not in seen and 'access_key' not in seen

    # Another project sees neither the rule nor its history.
    refused = cloud.cli('eve').run('share', 'lock', 'history', rule.id,
                                   rc=1, console_script=True)
    assert refused.stdout == ''
    assert refused.stderr.strip().splitlines() == [
        'No resource lock, share or access rule with ID %s was found (or '
        'it is not visible to you).' % rule.id]
    assert api_events(cloud, 'eve', resource_id=rule.id) == []

    cloud.sdk('nova_admin').delete_access_rule(rule.id, share.id,
                                               unrestrict=True)


def test_the_api_has_the_same_trail_by_global_request_id(cloud, attached):
    events = api_events(cloud, 'alice',
                        global_request_id=attached['detach_id'])
    assert {(e['event'], e['user_id'], e['requester_context'])
            for e in events} == {('released', cloud.user_of('nova_admin'),
                                  'admin')}
    assert len(events) == 3
    assert {e['service_user_id'] for e in events} == {None}


def test_bad_filters_are_the_services_message(cloud, attached):
    result = cloud.cli('alice').run('share', 'lock', 'history',
                                    attached['share'].id, '--since',
                                    'yesterday', rc=1)
    [line] = result.stderr.strip().splitlines()
    assert line.endswith('(HTTP 400)')
    assert 'created_since' in line
