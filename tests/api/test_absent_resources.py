"""Manila resources this service does not have (its one back end handles
no share servers, joins no networks or groups, replicates nothing): lists
are empty under Manila's keys, shows are 404 in Manila's words, creates
are refused, each after Manila's policy check and microversion gate.

No request here reads or writes a row, so these stories run on SQLite
only."""

import pytest

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True,
                                     scope='session')

EXPERIMENTAL = {'X-OpenStack-Manila-API-Experimental': 'True'}
# Fixed, so that every pytest-xdist worker collects the same test ids.
ID = 'cfeca3bd-a574-40ee-802a-07d40295a4cb'

# (path, key): what manila-ui and the CLI list.
LISTS = [
    ('/share-networks', 'share_networks'),
    ('/share-networks/detail', 'share_networks'),
    ('/security-services', 'security_services'),
    ('/security-services/detail?share_network_id=%s' % ID,
     'security_services'),
    ('/share-groups', 'share_groups'),
    ('/share-groups/detail', 'share_groups'),
    ('/share-group-types?is_public=all', 'share_group_types'),
    ('/share-group-snapshots', 'share_group_snapshots'),
    ('/share-group-snapshots/detail', 'share_group_snapshots'),
    ('/share-replicas', 'share_replicas'),
    ('/share-replicas/detail?share_id=%s' % ID, 'share_replicas'),
]
# (path, message) of a show.
SHOWS = [
    ('/share-networks/%s' % ID, 'Share network %s could not be found.' % ID),
    ('/security-services/%s' % ID, 'The resource could not be found.'),
    ('/share-groups/%s' % ID, 'Share group %s not found.' % ID),
    ('/share-group-types/%s' % ID,
     'Share group type with id %s not found.' % ID),
    ('/share-group-types/default', 'Default share group type not found.'),
    ('/share-group-snapshots/%s' % ID,
     'Share group snapshot %s not found.' % ID),
    ('/share-replicas/%s' % ID, 'Replica %s not found.' % ID),
]


@pytest.mark.parametrize('path,key', LISTS)
def test_lists_are_empty(api, path, key):
    assert api.as_(version='2.87').get(path).json == {key: []}


@pytest.mark.parametrize('path,message', SHOWS)
def test_shows_are_not_found_in_manilas_words(api, path, message):
    response = api.as_(version='2.87').get(path, status=404)
    assert response.json == {'itemNotFound': {'code': 404,
                                              'message': message}}


def test_share_servers_are_for_administrators(api, admin):
    response = api.get('/share-servers', status=403)
    assert 'share_server:index' in response.json['forbidden']['message']
    api.get('/share-servers/%s' % ID, status=403)
    assert admin.get('/share-servers').json == {'share_servers': []}
    response = admin.get('/share-servers/%s' % ID, status=404)
    assert response.json['itemNotFound']['message'] == (
        'Share server %s could not be found.' % ID)


def _refused(client, path, body, status):
    response = client.post(path, body, status=status)
    return next(iter(response.json.values()))['message']


def test_networks_and_security_services_cannot_be_created(api, reader):
    assert _refused(api, '/share-networks', {'share_network': {
        'name': 'net', 'neutron_net_id': ID}}, 400) == (
        'Share networks are not supported by this service: its back end '
        'does not handle share servers (driver_handles_share_servers='
        'False), so no share could use one.')
    assert 'not supported' in _refused(
        api, '/security-services', {'security_service': {
            'type': 'ldap', 'name': 'ldap'}}, 400)
    # The policy first, then the body, as in Manila.
    reader.post('/share-networks', {'share_network': {}}, status=403)
    api.post('/share-networks', {'name': 'net'}, status=422)
    api.post('/security-services', {'type': 'ldap'}, status=422)
    assert api.get('/share-networks').json == {'share_networks': []}


def test_share_group_types_cannot_be_created(api, admin):
    api.post('/share-group-types', {'share_group_type': {
        'name': 'g', 'share_types': [ID]}}, status=403)
    assert 'cannot group shares' in _refused(
        admin, '/share-group-types', {'share_group_type': {
            'name': 'g', 'share_types': [ID]}}, 400)


def test_share_groups_need_a_type_and_there_is_none(api):
    groups = '/share-groups'
    assert _refused(api, groups, {'share_group': {'name': 'g'}}, 400) == (
        'Must specify a share group type as a default share group type '
        'has not been configured.')
    assert _refused(api, groups, {'share_group': {
        'share_group_type_id': ID}}, 400) == (
        'Invalid input received: The specified share group type %s does '
        'not exist.' % ID)
    assert _refused(api, groups, {'share_group': {
        'share_group_type_id': 'gold'}}, 400) == (
        "The 'share_group_type_id' attribute must be a uuid.")
    assert _refused(api, groups, {'share_group': {
        'name': 'g', 'colour': 'red'}}, 400) == (
        "The fields {'colour'} are invalid.")
    assert _refused(api, groups, {'name': 'g'}, 400) == (
        "'share_group' is missing from the request body.")


def test_share_group_snapshots_name_a_group_that_is_not_found(api):
    path = '/share-group-snapshots'
    assert _refused(api, path, {'share_group_snapshot': {
        'share_group_id': ID}}, 400) == (
        'Share group %s could not be found.' % ID)
    assert _refused(api, path, {'share_group_snapshot': {}}, 400) == (
        "Must supply 'share_group_id' attribute.")
    assert _refused(api, path, {'share_group_snapshot': {
        'share_group_id': 'g1'}}, 400) == (
        "The 'share_group_id' attribute must be a uuid.")


@pytest.mark.parametrize('path,first,graduated', [
    ('/share-groups', '2.31', '2.55'),
    ('/share-group-types', '2.31', '2.55'),
    ('/share-group-snapshots', '2.31', '2.55'),
    ('/share-replicas', '2.11', '2.56')])
def test_experimental_before_graduation(api, path, first, graduated):
    minor = int(first.split('.')[1])
    before = api.as_(version='2.%d' % (minor - 1))
    before.get(path, status=404, headers=EXPERIMENTAL)
    early = api.as_(version=first)
    early.get(path, status=404)
    response = early.get(path, headers=EXPERIMENTAL)
    assert response.headers['X-OpenStack-Manila-API-Experimental'] == 'True'
    api.as_(version=graduated).get(path)


def test_readers_and_other_projects_list_nothing(reader, eve):
    for path, key in LISTS:
        assert reader.as_(version='2.87').get(path).json == {key: []}
        assert eve.as_(version='2.87').get(path).json == {key: []}
    anyone = reader.as_('nobody:p1:auditor')
    anyone.get('/share-networks', status=403)
