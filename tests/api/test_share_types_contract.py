"""Share type behaviour the upstream API suite relies on: private types an
administrator's project was given, unsetting a description, extra spec
values as JSON numbers and booleans, empty keys and ids, extra spec reads
for administrators only, and the 2.99 tenant view."""
import pytest

DHSS = 'driver_handles_share_servers'
ADMIN_PROJECT = 'admin-project'


def _create(admin, name, **extra):
    body = {'share_type': dict({'name': name, 'extra_specs': {
        DHSS: False}}, **extra)}
    return admin.post('/types', body).json['share_type']


def _names(client, query=''):
    return [t['name'] for t in client.get('/types' + query).json[
        'share_types']]


def test_private_type_is_listed_for_the_projects_given_it(admin, api):
    private = _create(admin, 'private',
                      **{'share_type_access:is_public': False})
    action = '/types/%s/action' % private['id']
    assert 'private' not in _names(admin)
    admin.post(action, {'addProjectAccess': {'project': ADMIN_PROJECT}},
               status=202)
    assert _names(admin) == ['default', 'private']
    assert _names(admin, '?is_public=true') == ['default', 'private']
    assert _names(admin, '?is_public=false') == ['private']
    # Another project sees it only once given it too.
    assert 'private' not in _names(api)
    admin.post(action, {'addProjectAccess': {'project': 'p1'}}, status=202)
    assert 'private' in _names(api)
    admin.post(action, {'removeProjectAccess': {'project': ADMIN_PROJECT}},
               status=202)
    assert 'private' not in _names(admin)


@pytest.mark.parametrize('version', ['2.50', '2.99'])
def test_update_unsets_the_description_with_an_empty_string(admin, version):
    admin = admin.as_(version=version)
    gold = _create(admin, 'gold', description='shiny')
    url = '/types/%s' % gold['id']
    updated = admin.put(url, {'share_type': {'description': ''}}).json
    assert updated['share_type']['description'] is None
    assert admin.get(url).json['share_type']['description'] is None
    # null changes nothing, and nothing to change is Manila's 400.
    fault = admin.put(url, {'share_type': {'description': None}},
                      status=400).json['badRequest']
    assert fault['message'] == (
        'Specify share type name, description, share_type_access:is_public '
        'or a combination thereof.')


@pytest.mark.parametrize('field,value,message', [
    ('name', '  ', 'Share type name cannot be empty.'),
    ('name', 'n' * 256,
     'Share type name cannot be greater than 255 characters in length.'),
    ('description', 'd' * 256, 'Share type description cannot be greater '
                               'than 255 characters in length.'),
    ('share_type_access:is_public', 'perhaps',
     'share_type_access:is_public has a non-boolean value.'),
])
def test_update_messages(admin, field, value, message):
    gold = _create(admin, 'gold')
    fault = admin.put('/types/%s' % gold['id'], {'share_type': {
        field: value}}, status=400).json['badRequest']
    assert fault['message'] == message


def test_create_takes_numbers_and_booleans_as_text(admin):
    created = _create(admin, 'numbers', extra_specs={
        DHSS: False, 'snapshot_support': True, 'max_files': 1000,
        'ratio': 1.5, 'provisioning:max_share_size': 10})
    assert created['extra_specs'] == {
        DHSS: 'False', 'snapshot_support': 'True', 'max_files': '1000',
        'ratio': '1.5', 'provisioning:max_share_size': '10'}
    # Setting specs afterwards takes booleans but, as in Manila, no numbers.
    url = '/types/%s/extra_specs' % created['id']
    admin.post(url, {'extra_specs': {'mount_snapshot_support': False}})
    assert admin.get(url + '/mount_snapshot_support').json == {
        'mount_snapshot_support': 'False'}
    fault = admin.post(url, {'extra_specs': {'max_files': 2000}},
                       status=400).json['badRequest']
    assert fault['message'].startswith('Invalid extra_spec: max_files: 2000')


def test_empty_keys_and_ids(admin):
    gold = _create(admin, 'gold', extra_specs={DHSS: False, 'key': 'v'})
    url = '/types/%s/extra_specs' % gold['id']
    # An empty key in a body is a bad spec.
    admin.post(url, {'extra_specs': {'': 'value_with_empty_key'}},
               status=400)
    admin.post('/types', {'share_type': {'name': 'x', 'extra_specs': {
        DHSS: False, '': 'v'}}}, status=400)
    admin.post(url, {'extra_specs': ''}, status=400)
    # An empty key or type id in the URL names nothing.
    admin.get(url + '/', status=404)
    admin.put(url + '/', {'': 'new_value'}, status=404)
    for path in ('/types//extra_specs', '/types//extra_specs/key'):
        admin.get(path, status=404)
    admin.post('/types//extra_specs', {'extra_specs': {'k': 'v'}},
               status=404)
    admin.put('/types//extra_specs/key', {'key': 'v'}, status=404)
    admin.delete('/types//extra_specs/key', status=404)


def test_extra_spec_reads_are_for_administrators(admin, api, reader, eve):
    gold = _create(admin, 'gold', extra_specs={DHSS: False, 'key': 'v'})
    url = '/types/%s/extra_specs' % gold['id']
    for client in (api, reader, eve):
        for path in (url, url + '/key', url + '/' + DHSS):
            fault = client.get(path, status=403).json['forbidden']
            assert 'share_types_extra_spec:' in fault['message']
    assert admin.get(url).json == {'extra_specs': {DHSS: 'False',
                                                   'key': 'v'}}
    # The type itself still shows tenants the specs they may see.
    assert api.get('/types/%s' % gold['id']).json['share_type'][
        'extra_specs'][DHSS] == 'False'


def test_snapshot_inherit_share_access_support_in_the_2_99_view(admin, api):
    gold = _create(admin, 'gold')
    url = '/types/%s' % gold['id']
    key = 'snapshot_inherit_share_access_support'
    assert api.get(url).json['share_type']['extra_specs'][key] is False
    for version in ('2.24', '2.98'):
        assert key not in api.as_(version=version).get(url).json[
            'share_type']['extra_specs']
    assert key not in admin.get(url).json['share_type']['extra_specs']
    admin.post(url + '/extra_specs', {'extra_specs': {key: True}})
    assert api.get(url).json['share_type']['extra_specs'][key] == 'True'
    admin.post(url + '/extra_specs', {'extra_specs': {key: 'sometimes'}},
               status=400)
