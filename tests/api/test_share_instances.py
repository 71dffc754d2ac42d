"""Share instances (2.3+), administrators only: one instance per share,
with the share's id; reset_status and force_delete act on the share, and a
deletion lock on the share or on one of its rules refuses force_delete."""
import uuid

import pytest

INSTANCE = '/share_instances/%s'
ACTION = INSTANCE + '/action'


@pytest.mark.parametrize('version,extra', [
    ('2.3', ['export_location', 'export_locations']),
    ('2.9', []),
    ('2.10', ['access_rules_status']),
    ('2.30', ['access_rules_status', 'replica_state', 'share_type_id',
              'cast_rules_to_readonly']),
    ('2.54', ['access_rules_status', 'replica_state', 'share_type_id',
              'cast_rules_to_readonly', 'progress']),
    ('2.99', ['access_rules_status', 'replica_state', 'share_type_id',
              'cast_rules_to_readonly', 'progress', 'updated_at']),
])
def test_instance_fields_per_version(admin, api, share, version, extra):
    admin = admin.as_(version=version)
    [instance] = admin.get('/shares/%s/instances' % share['id']).json[
        'share_instances']
    assert sorted(instance) == sorted([
        'id', 'share_id', 'availability_zone', 'created_at', 'host',
        'status', 'share_network_id', 'share_server_id'] + extra)
    assert instance['id'] == instance['share_id'] == share['id']
    assert instance['status'] == 'available'
    shown = admin.get(INSTANCE % share['id']).json['share_instance']
    assert shown == instance
    if 'export_locations' in extra:
        paths = [e['path'] for e in api.get(
            '/shares/%s/export_locations' % share['id'],
            headers={'X-OpenStack-Manila-API-Version': '2.9'}).json[
            'export_locations']]
        assert instance['export_locations'] == paths
        assert instance['export_location'] == paths[0]
    if version == '2.99':
        assert instance['progress'] == '100%'
        assert instance['replica_state'] is None
        assert instance['cast_rules_to_readonly'] is False


def test_export_locations_name_the_instance(admin, share):
    [export] = admin.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations']
    assert export['share_instance_id'] == share['id']


def test_list_every_project_and_filters(admin, api, eve):
    mine = api.create_share(name='mine')
    theirs = eve.create_share(name='theirs')
    ids = [i['id'] for i in admin.get('/share_instances').json[
        'share_instances']]
    assert {mine['id'], theirs['id']} <= set(ids)
    export = admin.get('/shares/%s/export_locations' % mine['id']).json[
        'export_locations'][0]
    for name in ('id', 'path'):
        query = '/share_instances?export_location_%s=%s' % (name,
                                                            export[name])
        found = admin.get(query).json['share_instances']
        assert [i['id'] for i in found] == [mine['id']]
        # Before 2.35 the filter is not known, and ignored.
        older = admin.as_(version='2.34').get(query).json['share_instances']
        assert len(older) >= 2
    api.post('/shares/%s/action' % mine['id'], {'soft_delete': None},
             status=202)
    listed = [i['id'] for i in admin.get('/share_instances').json[
        'share_instances']]
    assert mine['id'] not in listed
    binned = [i['id'] for i in admin.get(
        '/share_instances?is_soft_deleted=true').json['share_instances']]
    assert binned == [mine['id']]


def test_instances_are_for_administrators(api, reader, eve, admin, share):
    unknown = str(uuid.uuid4())
    for client in (api, reader, eve):
        for path in ('/share_instances', INSTANCE % share['id'],
                     INSTANCE % unknown,
                     '/shares/%s/instances' % share['id'],
                     '/shares/%s/instances' % unknown):
            client.get(path, status=403)
        for instance_id in (share['id'], unknown):
            client.post(ACTION % instance_id, {'force_delete': None},
                        status=403)
            client.post(ACTION % instance_id, {'reset_status': {
                'status': 'error'}}, status=403)
    for path in (INSTANCE % unknown, INSTANCE % 'not-a-uuid',
                 '/shares/%s/instances' % unknown):
        admin.get(path, status=404)
    admin.post(ACTION % unknown, {'force_delete': None}, status=404)
    # Before 2.3 there are no instances.
    admin.as_(version='2.2').get('/share_instances', status=404)
    admin.as_(version='2.2').get(INSTANCE % share['id'], status=404)


def test_reset_status(admin, api, share):
    admin.post(ACTION % share['id'], {'reset_status': {'status': 'error'}},
               status=202)
    assert api.get('/shares/%s' % share['id']).json['share'][
        'status'] == 'error'
    fault = admin.post(ACTION % share['id'], {'reset_status': {
        'status': 'bogus'}}, status=400).json['badRequest']
    assert fault['message'].startswith('Invalid state. Valid states: ')
    admin.post(ACTION % share['id'], {'reset_status': {}}, status=400)
    old = admin.as_(version='2.6')
    old.post(ACTION % share['id'], {'os-reset_status': {
        'status': 'available'}}, status=202)
    old.post(ACTION % share['id'], {'reset_status': {
        'status': 'available'}}, status=404)
    admin.post(ACTION % share['id'], {'os-reset_status': {
        'status': 'available'}}, status=404)
    admin.post(ACTION % share['id'], {'migrate': None}, status=400)


@pytest.mark.parametrize('name,version', [('force_delete', '2.99'),
                                          ('os-force_delete', '2.6')])
def test_force_delete_removes_the_share(admin, api, name, version):
    share = api.create_share()
    api.post('/shares/%s/action' % share['id'], {'reset_status': {
        'status': 'error_deleting'}}, status=403)
    admin.post('/shares/%s/action' % share['id'], {'reset_status': {
        'status': 'error_deleting'}}, status=202)
    admin.as_(version=version).post(ACTION % share['id'], {name: None},
                                    status=202)
    api.get('/shares/%s' % share['id'], status=404)
    admin.get(INSTANCE % share['id'], status=404)


def test_force_delete_is_refused_by_a_share_lock(admin, api, share):
    lock = api.lock(share['id'], reason='keep')
    fault = admin.post(ACTION % share['id'], {'force_delete': None},
                       status=403).json['forbidden']
    assert fault['message'] == (
        'Resource lock/s [%s] prevent delete action.' % lock['id'])
    api.get('/shares/%s' % share['id'])
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    admin.post(ACTION % share['id'], {'force_delete': None}, status=202)


def test_force_delete_is_refused_by_a_rule_lock(admin, api, share):
    api.post('/shares/%s/action' % share['id'], {'allow_access': {
        'access_type': 'ip', 'access_to': '10.0.0.1', 'lock_deletion': True,
    }})
    admin.post(ACTION % share['id'], {'force_delete': None}, status=403)
    api.get('/shares/%s' % share['id'])


EXPORTS = INSTANCE + '/export_locations'


def test_instance_export_locations_are_the_shares(admin, share):
    of_share = admin.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations']
    listed = admin.get(EXPORTS % share['id']).json['export_locations']
    assert listed == of_share
    assert [e['share_instance_id'] for e in listed] == [share['id']]
    for export in listed:
        shown = admin.get(EXPORTS % share['id'] + '/' + export['id']).json[
            'export_location']
        assert shown == dict(export, created_at=shown['created_at'],
                             updated_at=shown['updated_at'])
    # The fields follow the microversion, as for a share's locations.
    [old] = admin.as_(version='2.13').get(EXPORTS % share['id']).json[
        'export_locations']
    assert 'preferred' not in old


def test_instance_export_locations_for_administrators(api, reader, eve,
                                                      admin, share):
    [export] = admin.get(EXPORTS % share['id']).json['export_locations']
    unknown = str(uuid.uuid4())
    # The policy answers first: 403 whether or not the instance exists.
    for client in (api, reader, eve):
        for path in (EXPORTS % share['id'], EXPORTS % unknown,
                     EXPORTS % share['id'] + '/' + export['id']):
            client.get(path, status=403)
    for path in (EXPORTS % unknown, EXPORTS % 'not-a-uuid',
                 EXPORTS % unknown + '/' + export['id']):
        fault = admin.get(path, status=404).json['itemNotFound']
        assert fault['message'].startswith('Share instance ')
    other = api.create_share()
    admin.get(EXPORTS % other['id'] + '/' + export['id'], status=404)
    admin.get(EXPORTS % share['id'] + '/fake-id', status=404)
    # Before 2.9 the path is not served.
    admin.as_(version='2.8').get(EXPORTS % share['id'], status=404)


def test_export_location_updated_at_is_when_it_was_reported(admin, api,
                                                            share):
    """Manila stamps updated_at when the backend reports a location, at
    its creation too; the upstream tests parse it as a timestamp."""
    el_id = api.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations'][0]['id']
    for client, path in ((api, '/shares/%s/export_locations/%s'),
                         (admin, EXPORTS + '/%s')):
        shown = client.get(path % (share['id'], el_id)).json[
            'export_location']
        assert shown['updated_at'] == shown['created_at']
        assert shown['updated_at'] is not None
