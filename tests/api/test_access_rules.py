"""Access rules without locks: grant, list, show, change, revoke, at the
microversions where each field and endpoint appears."""
import uuid

import pytest

from tests.api import access_rule_steps as steps

FIELDS_282 = {'id', 'share_id', 'access_level', 'access_to', 'access_type',
              'state', 'access_key', 'created_at', 'updated_at', 'metadata'}


def test_allow_answers_queued_then_backend_makes_it_active(api, share):
    rule = steps.allow(api.as_(version='2.82'), share['id'])
    assert set(rule) == FIELDS_282
    assert rule['state'] == 'queued_to_apply'
    assert (rule['access_type'], rule['access_to'], rule['access_level']) == (
        'ip', '10.0.0.5', 'rw')
    assert rule['share_id'] == share['id']
    shown = api.get('/share-access-rules/%s' % rule['id']).json['access']
    assert shown['state'] == 'active'
    assert shown['updated_at'] is not None


@pytest.mark.parametrize('version, action, fields, state', [
    ('2.0', 'os-allow_access', set(), 'new'),
    ('2.21', 'allow_access', {'access_key'}, 'new'),
    ('2.28', 'allow_access', {'access_key'}, 'queued_to_apply'),
    ('2.33', 'allow_access', {'access_key', 'created_at', 'updated_at'},
     'queued_to_apply'),
    ('2.45', 'allow_access', {'access_key', 'created_at', 'updated_at',
                              'metadata'}, 'queued_to_apply'),
])
def test_allow_fields_per_microversion(api, share, version, action, fields,
                                       state):
    body = {action: {'access_type': 'ip', 'access_to': '10.0.0.5'}}
    rule = api.as_(version=version).post(steps.action_path(share['id']),
                                         body).json['access']
    base = {'id', 'share_id', 'access_level', 'access_to', 'access_type',
            'state'}
    assert set(rule) == base | fields
    assert rule['state'] == state


@pytest.mark.parametrize('version, action', [
    ('2.6', 'allow_access'), ('2.7', 'os-allow_access'),
    ('2.6', 'deny_access'), ('2.7', 'os-deny_access'),
    ('2.45', 'access_list'), ('2.7', 'os-access_list'),
])
def test_actions_exist_only_in_their_versions(api, share, version, action):
    api.as_(version=version).post(steps.action_path(share['id']),
                                  {action: {}}, status=404)


def test_unknown_action_is_400(api, share):
    response = api.post(steps.action_path(share['id']),
                        {'allow_everyone': {}}, status=400)
    assert 'no such action' in steps.message(response)


def test_legacy_access_list_below_2_45(api, share):
    rule = steps.allow(api, share['id'])
    old = api.as_(version='2.44').post(steps.action_path(share['id']),
                                       {'access_list': None}).json
    assert old == {'access_list': [{
        'id': rule['id'], 'access_level': 'rw', 'access_to': '10.0.0.5',
        'access_type': 'ip', 'state': 'active', 'access_key': None,
        'created_at': rule['created_at'], 'updated_at': old['access_list'][0][
            'updated_at']}]}
    oldest = api.as_(version='2.0').post(steps.action_path(share['id']),
                                         {'os-access_list': None}).json
    assert set(oldest['access_list'][0]) == {
        'id', 'access_level', 'access_to', 'access_type', 'state'}


GOOD_GRANTS = [
    ('ip', '10.0.0.0/24'), ('ip', '2001:db8::/64'), ('ip', '2001:db8::1'),
    ('user', 'alice_nfs'), ('user', 'someone@example.com'),
    ('cert', 'client.example.com'), ('cephx', 'nova-compute-1'),
]


def test_allow_access_types(api, share):
    for access_type, access_to in GOOD_GRANTS:
        rule = steps.allow(api, share['id'], access_to, access_type,
                           access_level='ro')
        assert (rule['access_type'], rule['access_to'],
                rule['access_level']) == (access_type, access_to, 'ro')


def test_cephx_rule_gets_a_key_from_the_backend(api, share):
    rule = steps.allow(api, share['id'], 'vm-host-1', 'cephx')
    [listed] = steps.rules(api, share['id'])
    assert listed['id'] == rule['id']
    assert listed['state'] == 'active'
    assert len(listed['access_key']) == 40


@pytest.mark.parametrize('version, access_type, access_to', [
    ('2.12', 'cephx', 'someone'),
    ('2.37', 'ip', '2001:db8::1'),
])
def test_types_that_came_later_are_refused_before(api, share, version,
                                                  access_type, access_to):
    steps.allow(api.as_(version=version), share['id'], access_to,
                access_type, status=400)


def _bad_ip(value, why=None):
    return ("Invalid ip access_to '%s': an IPv4 or IPv6 address or CIDR is "
            "required (%s)." % (value, why or "'%s' does not appear to be an "
                                "IPv4 or IPv6 network" % value))


def _bad_user(value):
    return ("Invalid user or group name '%s': it must be 4 to 255 characters "
            'long and contain none of " / \\ [ ] : ; | = , + * ? < >.'
            % value)


BAD_CERT = ('Invalid certificate common name: it must be 1 to 64 characters '
            'long.')
# (access_type, access_to, the 400's message)
MALFORMED_GRANTS = [
    ('ip', '1.2.3', _bad_ip('1.2.3')),
    ('ip', '256.1.1.1', _bad_ip('256.1.1.1')),
    ('ip', '10.0.0.5/24', _bad_ip('10.0.0.5/24',
                                  '10.0.0.5/24 has host bits set')),
    ('ip', 'nfs-client', _bad_ip('nfs-client')),
    ('ip', '', _bad_ip('')),
    ('ip', '10.0.0.5 ', _bad_ip('10.0.0.5 ')),
    ('user', 'abc', _bad_user('abc')),
    ('user', 'a/bcd', _bad_user('a/bcd')),
    ('user', '.. ..', 'Invalid user or group name: it cannot consist solely '
                      'of periods or spaces.'),
    ('user', 'x' * 256, 'Invalid input for field/attribute access_to. Value '
                        'is longer than 255 characters.'),
    ('cert', '', BAD_CERT),
    ('cert', 'c' * 65, BAD_CERT),
    ('cephx', '', 'Ceph IDs may not be empty.'),
    ('cephx', 'client.nova', 'Ceph IDs may not contain periods; give the ID '
                             'without the "client." prefix.'),
    ('cephx', 'tab\there', 'Ceph IDs must consist of printable ASCII '
                           'characters.'),
    ('nfs', '10.0.0.5', "Access type 'nfs' is not supported. Supported: ip, "
                        "user, cert, cephx."),
    ('IP', '10.0.0.5', "Access type 'IP' is not supported. Supported: ip, "
                       "user, cert, cephx."),
]

BAD_FIELDS = [
    {'access_level': 'rwx'}, {'access_level': 'RW'},
    {'access_to': 5}, {'metadata': {'k': 5}}, {'metadata': {'': 'v'}},
    {'metadata': {'k': ''}}, {'metadata': {'k': 'v' * 1024}},
]


def test_malformed_grants_are_400_and_store_nothing(db, api, share):
    for access_type, access_to, message in MALFORMED_GRANTS:
        response = steps.allow(api, share['id'], access_to, access_type,
                               status=400)
        assert response['badRequest']['message'] == message
    for fields in BAD_FIELDS:
        body = dict({'access_type': 'ip', 'access_to': '10.0.0.5'},
                    **fields)
        api.post(steps.action_path(share['id']), {'allow_access': body},
                 status=400)
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


def test_missing_fields_are_400(api, share):
    for body in ({'access_type': 'ip'}, {'access_to': '10.0.0.5'}, None):
        api.post(steps.action_path(share['id']), {'allow_access': body},
                 status=400)


DUPLICATES = [
    ('1.2.3.4', '1.2.3.4/32', 'ip'), ('1.2.3.4/32', '1.2.3.4', 'ip'),
    ('10.0.0.0/8', '10.0.0.0/8', 'ip'),
    ('2001:db8::1', '2001:db8::1/128', 'ip'),
    ('alice_nfs', 'alice_nfs', 'user'),
]


def test_duplicates_are_400(db, api):
    for number, (first, second, access_type) in enumerate(DUPLICATES):
        share = api.create_share(name='dup%d' % number)
        steps.allow(api, share['id'], first, access_type)
        response = steps.allow(api, share['id'], second, access_type,
                               status=400)
        assert response['badRequest']['message'] == (
            'Share access %s:%s exists.' % (access_type, second))
    assert steps.live_rows(db)['rules'] == len(DUPLICATES)


def test_same_address_on_two_shares_is_fine(api, share):
    other = api.create_share(name='s2')
    steps.allow(api, share['id'])
    steps.allow(api, other['id'])


def test_metadata_from_2_45(db, api, share):
    rule = steps.allow(api, share['id'], metadata={'vm': 'one'})
    assert rule['metadata'] == {'vm': 'one'}
    steps.allow(api.as_(version='2.44'), share['id'], '10.0.0.6',
                metadata={'ignored': 'yes'})
    assert steps.live_rows(db)['metadata'] == 1


def test_list_show_need_2_45(api, share):
    rule = steps.allow(api, share['id'])
    old = api.as_(version='2.44')
    old.get('/share-access-rules?share_id=%s' % share['id'], status=404)
    old.get('/share-access-rules/%s' % rule['id'], status=404)


def test_list_needs_a_share_that_exists(api, share):
    response = api.get('/share-access-rules', status=400)
    assert "'share_id'" in steps.message(response)
    response_share_id = str(uuid.uuid4())
    response = steps.rules(api, response_share_id, status=400)
    assert response['badRequest']['message'] == 'Share %s not found.' % (
        response_share_id)


def test_show(api, share):
    rule = steps.allow(api, share['id'], metadata={'k': 'v'})
    shown = api.get('/share-access-rules/%s' % rule['id']).json['access']
    assert set(shown) == FIELDS_282
    assert shown['metadata'] == {'k': 'v'}
    api.get('/share-access-rules/%s' % uuid.uuid4(), status=404)


def test_other_projects_see_no_rules(api, eve, share):
    rule = steps.allow(api, share['id'])
    eve.get('/share-access-rules/%s' % rule['id'], status=404)
    steps.rules(eve, share['id'], status=400)
    steps.allow(eve, share['id'], '10.0.0.9', status=404)
    steps.deny(eve, share['id'], rule['id'], status=404)


def test_readers_may_look_but_not_change(api, reader, share):
    rule = steps.allow(api, share['id'])
    assert [r['id'] for r in steps.rules(reader, share['id'])] == [rule['id']]
    steps.allow(reader, share['id'], '10.0.0.9', status=403)
    steps.deny(reader, share['id'], rule['id'], status=403)


def test_filters_from_2_82(api, share):
    ip = steps.allow(api, share['id'], '10.0.0.5', metadata={'vm': 'a'})
    user = steps.allow(api, share['id'], 'alice_nfs', 'user',
                       access_level='ro')
    cephx = steps.allow(api, share['id'], 'host-1', 'cephx')
    key = api.get('/share-access-rules/%s' % cephx['id']).json['access'][
        'access_key']

    def ids(**filters):
        return [r['id'] for r in steps.rules(api, share['id'], **filters)]

    assert ids(access_type='user') == [user['id']]
    assert ids(access_level='ro') == [user['id']]
    assert ids(access_type='ip', access_to='10.0.0.5/32') == [ip['id']]
    assert ids(access_key=key) == [cephx['id']]
    assert ids(metadata="{'vm': 'a'}") == [ip['id']]
    assert ids(metadata="{'vm': 'b'}") == []
    old = api.as_(version='2.81')
    assert len(steps.rules(old, share['id'], access_type='user')) == 3


BAD_FILTERS = [
    {'access_type': 'nfs'}, {'access_to': '10.0.0.5'},
    {'access_type': 'ip', 'access_to': '10.0.0'},
    {'access_level': 'rx'}, {'metadata': 'not a dict'},
    {'metadata': "__import__('os')"}, {'metadata': "{'k': 1}"},
]


def test_bad_filters_are_400(api, share):
    for filters in BAD_FILTERS:
        steps.rules(api, share['id'], status=400, **filters)


def test_update_access_level_from_2_88(api, share):
    rule = steps.allow(api, share['id'])
    path = '/share-access-rules/%s' % rule['id']
    body = {'update_access': {'access_level': 'ro'}}
    api.as_(version='2.87').put(path, body, status=404)
    updated = api.put(path, body).json['access']
    assert (updated['access_level'], updated['state']) == (
        'ro', 'queued_to_update')
    assert api.get(path).json['access']['state'] == 'active'
    for bad in ({'update_access': {'access_level': 'rwx'}},
                {'update_access': {}}, {'access_level': 'ro'},
                {'update_access': {'access_level': 'ro', 'access_to': 'x'}}):
        api.put(path, bad, status=400)
    api.put('/share-access-rules/%s' % uuid.uuid4(), body, status=404)


def test_metadata_endpoints(api, reader, share):
    rule = steps.allow(api, share['id'], metadata={'a': '1'})
    path = '/share-access-rules/%s/metadata' % rule['id']
    assert api.put(path, {'metadata': {'b': '2', 'a': '3'}}).json == {
        'metadata': {'a': '3', 'b': '2'}}
    response = api.delete(path + '/a', status=200)
    assert response.body == b''
    api.delete(path + '/a', status=404)
    assert api.get('/share-access-rules/%s' % rule['id']).json['access'][
        'metadata'] == {'b': '2'}
    api.put(path, {'metadata': {'k': 7}}, status=400)
    api.put(path, {'meta': {}}, status=400)
    reader.put(path, {'metadata': {'c': '1'}}, status=403)
    api.as_(version='2.44').put(path, {'metadata': {'c': '1'}}, status=404)


def test_deny_answers_202_and_removes_the_rule(db, api, share):
    rule = steps.allow(api, share['id'], metadata={'k': 'v'})
    response = steps.deny(api, share['id'], rule['id'])
    assert response.status_int == 202
    assert response.body == b''
    assert steps.rules(api, share['id']) == []
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}
    steps.deny(api, share['id'], rule['id'], status=404)


def test_legacy_deny(api, share):
    old = api.as_(version='2.0')
    rule = old.post(steps.action_path(share['id']), {'os-allow_access': {
        'access_type': 'ip', 'access_to': '10.0.0.5'}}).json['access']
    old.post(steps.action_path(share['id']),
             {'os-deny_access': {'access_id': rule['id']}}, status=202)


def test_deny_of_a_rule_on_another_share_is_404(db, api, share):
    other = api.create_share(name='s2')
    rule = steps.allow(api, other['id'])
    response = steps.deny(api, share['id'], rule['id'], status=404)
    assert rule['id'] in steps.message(response)
    assert steps.live_rows(db)['rules'] == 1


@pytest.mark.parametrize('body', [{}, {'access_id': 5}, None])
def test_deny_needs_an_access_id(api, share, body):
    api.post(steps.action_path(share['id']), {'deny_access': body},
             status=400)


def test_share_delete_takes_its_rules(db, api, share):
    steps.allow(api, share['id'], metadata={'k': 'v'})
    api.delete('/shares/%s' % share['id'], status=202)
    assert steps.live_rows(db)['rules'] == 0


def test_share_must_be_available_for_new_rules(db, api, admin, share):
    rule = steps.allow(api, share['id'])
    admin.post(steps.action_path(share['id']),
               {'reset_status': {'status': 'error'}}, status=202)
    response = steps.allow(api, share['id'], '10.0.0.6', status=400)
    assert 'error' in response['badRequest']['message']
    steps.deny(api, share['id'], rule['id'])


def test_recycle_bin_shares_take_no_rule_changes(db, api, share):
    rule = steps.allow(api, share['id'])
    api.post(steps.action_path(share['id']), {'soft_delete': None},
             status=202)
    steps.allow(api, share['id'], '10.0.0.6', status=403)
    steps.deny(api, share['id'], rule['id'], status=403)
    assert steps.live_rows(db)['rules'] == 1
