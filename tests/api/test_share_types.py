"""Share types: the default one, admin create/update/delete, extra specs,
private types and project access, per microversion."""
import urllib.parse

import pytest

DHSS = 'driver_handles_share_servers'


def _create(admin, name='gold', status=200, **extra):
    body = {'share_type': dict({'name': name, 'extra_specs': {
        DHSS: False}}, **extra)}
    return admin.post('/types', body, status=status).json


def test_default_type_seen_by_everyone(api, eve):
    default = api.get('/types/default').json
    assert default['share_type'] == default['volume_type']
    share_type = default['share_type']
    assert share_type['name'] == 'default'
    assert share_type['is_default'] is True
    assert share_type['required_extra_specs'] == {DHSS: 'False'}
    assert share_type['share_type_access:is_public'] is True
    listed = eve.get('/types').json
    assert [t['name'] for t in listed['share_types']] == ['default']
    assert listed['share_types'] == listed['volume_types']
    assert api.get('/types/%s' % share_type['id']).json == default
    assert api.get('/types/default').json == api.get(
        '/types/%s' % 'default').json


def test_type_fields_per_version(api, admin):
    _create(admin, 'gold', extra_specs={DHSS: 'false', 'secret': 'x',
                                        'replication_type': 'dr'})
    url = '/types/gold'
    old = api.as_(version='2.6').get(url).json['share_type']
    assert set(old) == {'id', 'name', 'extra_specs', 'required_extra_specs',
                        'os-share-type-access:is_public'}
    # Tenants see only tenant-visible specs.
    assert old['extra_specs'] == {DHSS: 'false', 'replication_type': 'dr'}
    at_2_7 = api.as_(version='2.7').get(url).json['share_type']
    assert 'share_type_access:is_public' in at_2_7
    assert 'os-share-type-access:is_public' not in at_2_7
    # From 2.24 the unset snapshot capabilities show as False to tenants.
    at_2_24 = api.as_(version='2.24').get(url).json['share_type']
    assert at_2_24['extra_specs']['snapshot_support'] is False
    assert at_2_24['extra_specs']['mount_snapshot_support'] is False
    assert 'description' not in at_2_24
    assert 'description' in api.as_(version='2.41').get(url).json[
        'share_type']
    assert 'is_default' not in api.as_(version='2.45').get(url).json[
        'share_type']
    latest = api.get(url).json['share_type']
    assert latest['is_default'] is False
    as_admin = admin.get(url).json['share_type']
    assert as_admin['extra_specs'] == {DHSS: 'false', 'secret': 'x',
                                       'replication_type': 'dr'}


def test_create_update_delete_type(api, admin):
    created = _create(admin, 'silver', description='for tests',
                      extra_specs={DHSS: True, 'snapshot_support': 'True'})
    silver = created['share_type']
    assert created['volume_type'] == silver
    assert silver['extra_specs'] == {DHSS: 'True',
                                     'snapshot_support': 'True'}
    assert silver['description'] == 'for tests'
    _create(api, 'mine', status=403)
    dup = _create(admin, 'silver', status=409)
    assert 'already exists' in dup['conflictingRequest']['message']

    url = '/types/%s' % silver['id']
    updated = admin.put(url, {'share_type': {
        'name': 'platinum', 'description': 'renamed'}}).json['share_type']
    assert (updated['name'], updated['description']) == (
        'platinum', 'renamed')
    admin.as_(version='2.49').put(url, {'share_type': {'name': 'x'}},
                                  status=404)
    admin.put(url, {'share_type': {}}, status=400)
    admin.put(url, {'share_type': {'name': 'default'}}, status=409)
    api.put(url, {'share_type': {'name': 'mine'}}, status=403)

    api.delete(url, status=403)
    assert admin.delete(url, status=202).body == b''
    admin.get(url, status=404)
    # The name is free again once the type is gone.
    _create(admin, 'platinum')


def test_type_in_use_cannot_be_deleted(api, admin):
    bronze = _create(admin, 'bronze')['share_type']
    share = api.create_share(share_type='bronze')
    assert share['share_type_name'] == 'bronze'
    fault = admin.delete('/types/%s' % bronze['id'], status=400).json
    assert fault['badRequest']['message'] == (
        'Target share type is still in use.')
    api.delete('/shares/%s' % share['id'], status=202)
    admin.delete('/types/%s' % bronze['id'], status=202)


def test_create_validation(admin):
    for name in ('', '   ', 'x' * 256):
        _create(admin, name, status=400)
    bad_specs = [{}, {DHSS: 'maybe'}, {DHSS: []},
                 {DHSS: False, 'bad key': 'x'},
                 {DHSS: False, 'snapshot_support': 'sometimes'},
                 {DHSS: False, 'k': 'v' * 256}, {DHSS: False, 'k': ''}]
    for specs in bad_specs:
        admin.post('/types', {'share_type': {
            'name': 'x', 'extra_specs': specs}}, status=400)
    old = admin.as_(version='2.40')
    fault = old.post('/types', {'share_type': {
        'name': 'x', 'description': 'd', 'extra_specs': {DHSS: False}}},
        status=400).json
    assert "'description' key is not supported" in fault['badRequest'][
        'message']
    # Before 2.24 a new type can snapshot unless it says otherwise.
    legacy = admin.as_(version='2.23').post('/types', {'volume_type': {
        'name': 'legacy', 'extra_specs': {DHSS: 'False'}}}).json
    assert legacy['share_type']['extra_specs']['snapshot_support'] == 'True'
    admin.post('/types', {'something': {}}, status=400)


def test_dhss_true_type_needs_a_share_network(api, admin):
    _create(admin, 'dhss', extra_specs={DHSS: 'True'})
    fault = api.post('/shares', {'share': {
        'share_proto': 'NFS', 'size': 1, 'share_type': 'dhss'}},
        status=400).json
    assert 'Share network must be set' in fault['badRequest']['message']


def test_extra_specs(api, admin):
    gold = _create(admin, 'gold')['share_type']
    url = '/types/%s/extra_specs' % gold['id']
    assert admin.get(url).json == {'extra_specs': {DHSS: 'False'}}
    api.get(url, status=403)
    echoed = admin.post(url, {'extra_specs': {
        'snapshot_support': True, 'provisioning:max_share_size': '10'}}).json
    assert echoed == {'extra_specs': {'snapshot_support': True,
                                      'provisioning:max_share_size': '10'}}
    assert admin.get(url + '/snapshot_support').json == {
        'snapshot_support': 'True'}
    assert admin.get(url + '/provisioning:max_share_size').json == {
        'provisioning:max_share_size': '10'}
    admin.put(url + '/snapshot_support', {'snapshot_support': 'False'})
    assert admin.get(url).json['extra_specs']['snapshot_support'] == 'False'
    for body, message in (({}, 'Request body empty'),
                          ({'other': 'x'}, 'Request body and URI mismatch'),
                          ({'snapshot_support': 'True', 'x': 'y'},
                           'Request body contains too many items')):
        fault = admin.put(url + '/snapshot_support', body, status=400).json
        assert fault['badRequest']['message'] == message
    admin.put(url + '/' + DHSS, {DHSS: 'sometimes'}, status=400)
    admin.post(url, {'extra_specs': {'bad key!': 'x'}}, status=400)
    api.post(url, {'extra_specs': {'a': 'b'}}, status=403)

    admin.delete(url + '/snapshot_support', status=202)
    admin.get(url + '/snapshot_support', status=404)
    admin.delete(url + '/snapshot_support', status=404)
    fault = admin.delete(url + '/' + DHSS, status=403).json
    assert "can't be deleted" in fault['forbidden']['message']
    api.delete(url + '/provisioning:max_share_size', status=403)


def test_private_types_and_project_access(api, eve, admin):
    private = _create(admin, 'private', **{
        'share_type_access:is_public': False})['share_type']
    assert private['share_type_access:is_public'] is False
    url = '/types/%s' % private['id']
    # Admins list public types unless asked for private or all.
    assert [t['name'] for t in admin.get('/types').json['share_types']] == [
        'default']
    assert [t['name'] for t in admin.get('/types?is_public=false').json[
        'share_types']] == ['private']
    assert len(admin.get('/types?is_public=all').json['share_types']) == 2
    admin.get('/types?is_public=perhaps', status=400)

    api.get(url, status=404)
    api.post('/shares', {'share': {'share_proto': 'NFS', 'size': 1,
                                   'share_type': 'private'}}, status=404)
    admin.post(url + '/action', {'addProjectAccess': {'project': 'p1'}},
               status=202)
    admin.post(url + '/action', {'addProjectAccess': {'project': 'p1'}},
               status=409)
    assert admin.get(url + '/share_type_access').json == {
        'share_type_access': [{'share_type_id': private['id'],
                               'project_id': 'p1'}]}
    assert admin.as_(version='2.6').get(
        url + '/os-share-type-access').json['share_type_access']
    admin.as_(version='2.6').get(url + '/share_type_access', status=404)
    assert [t['name'] for t in api.get('/types').json['share_types']] == [
        'default', 'private']
    eve.get(url, status=404)
    share = api.create_share(share_type='private')
    # The share names its private type.
    assert share['share_type_name'] == 'private'

    admin.post(url + '/action', {'removeProjectAccess': {'project': 'p1'}},
               status=202)
    admin.post(url + '/action', {'removeProjectAccess': {'project': 'p1'}},
               status=404)
    api.get(url, status=404)
    api.post(url + '/action', {'addProjectAccess': {'project': 'p1'}},
             status=403)
    default_id = api.get('/types/default').json['share_type']['id']
    admin.post('/types/%s/action' % default_id,
               {'addProjectAccess': {'project': 'p1'}}, status=409)
    admin.get('/types/%s/share_type_access' % default_id, status=404)
    admin.post(url + '/action', {'addProjectAccess': {}}, status=400)
    admin.post(url + '/action', {'dance': {}}, status=400)


@pytest.mark.parametrize('version,status', [('2.42', 400), ('2.43', 200)])
def test_list_types_by_extra_specs(admin, version, status):
    _create(admin, 'snappy', extra_specs={DHSS: False,
                                          'snapshot_support': 'True'})
    query = urllib.parse.urlencode({
        'extra_specs': "{'snapshot_support': 'True'}"})
    response = admin.as_(version=version).get('/types?' + query,
                                              status=status)
    if status == 200:
        assert [t['name'] for t in response.json['share_types']] == [
            'snappy']
