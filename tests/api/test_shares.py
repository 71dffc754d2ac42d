"""Shares: create, show, list, update, delete, as users of two projects
and an admin see them."""
import re
import uuid

SIX_DIGITS = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')


def test_create_show_update_delete(api):
    share = api.create_share(name='s1', size=2, description='first',
                             metadata={'team': 'blue'})
    assert share['status'] == 'available'
    assert (share['name'], share['size'], share['share_proto']) == (
        's1', 2, 'NFS')
    assert share['description'] == 'first'
    assert share['metadata'] == {'team': 'blue'}
    assert (share['project_id'], share['user_id']) == ('p1', 'alice')
    assert share['share_type_name'] == 'default'
    assert share['availability_zone'] == 'nova'
    assert share['is_public'] is False
    assert SIX_DIGITS.match(share['created_at'])
    assert 'host' not in share and 'share_server_id' not in share

    shown = api.get('/shares/%s' % share['id']).json['share']
    assert shown == share

    updated = api.put('/shares/%s' % share['id'], {'share': {
        'display_name': 'renamed', 'display_description': 'second'}}
    ).json['share']
    assert (updated['name'], updated['description']) == ('renamed', 'second')
    assert api.get('/shares/%s' % share['id']).json['share'][
        'name'] == 'renamed'

    response = api.delete('/shares/%s' % share['id'], status=202)
    assert response.body == b''
    api.get('/shares/%s' % share['id'], status=404)
    assert api.get('/shares').json['shares'] == []


def test_update_ignores_name_and_description_as_manila_does(api):
    # Manila's v2 update reads display_name/display_description only;
    # `openstack share set --name` sends display_name.
    share = api.create_share(name='kept')
    updated = api.put('/shares/%s' % share['id'], {'share': {
        'name': 'ignored', 'description': 'ignored'}}).json['share']
    assert (updated['name'], updated['description']) == ('kept', None)


def test_create_accepts_what_the_cli_sends(api):
    default = api.get('/types/default').json['share_type']
    body = {'share': {'size': 1, 'snapshot_id': None, 'name': 'cli',
                      'description': None, 'metadata': {},
                      'share_proto': 'nfs', 'share_network_id': None,
                      'share_type': default['id'], 'is_public': False,
                      'availability_zone': None, 'scheduler_hints': {}}}
    share = api.post('/shares', body).json['share']
    assert share['share_proto'] == 'NFS'
    assert share['share_type'] == default['id']
    by_name = api.create_share(name='by-type-name', share_type='default')
    assert by_name['share_type'] == default['id']
    legacy = api.create_share(name='legacy', volume_type='default',
                              display_description='old key')
    assert legacy['description'] == 'old key'


def test_public_shares_need_admin_and_are_seen_by_all(api, eve, admin):
    forbidden = api.post('/shares', {'share': {
        'share_proto': 'NFS', 'size': 1, 'is_public': True}}, status=403)
    assert "is_public" in forbidden.json['forbidden']['message']
    private = api.create_share(name='private')
    api.put('/shares/%s' % private['id'],
            {'share': {'is_public': True}}, status=403)
    public = admin.create_share(name='public', is_public='true')
    assert public['is_public'] is True

    # eve sees the public share, never alice's private one.
    eve.get('/shares/%s' % public['id'])
    eve.get('/shares/%s' % private['id'], status=404)
    eve.delete('/shares/%s' % private['id'], status=404)
    eve.put('/shares/%s' % private['id'],
            {'share': {'display_name': 'x'}}, status=404)
    eve.delete('/shares/%s' % public['id'], status=403)
    assert eve.get('/shares').json['shares'] == []
    names = {s['name'] for s in eve.get('/shares?is_public=true').json[
        'shares']}
    assert names == {'public'}


def test_project_scoping_and_admin_all_tenants(api, bob, reader, eve, admin):
    mine = api.create_share(name='alice-share')
    eve.create_share(name='eve-share')
    # Project members share; a reader can read but not change.
    assert bob.get('/shares/%s' % mine['id']).json['share']['id'] == (
        mine['id'])
    reader.get('/shares/%s' % mine['id'])
    reader.put('/shares/%s' % mine['id'],
               {'share': {'display_name': 'x'}}, status=403)
    reader.delete('/shares/%s' % mine['id'], status=403)
    reader.post('/shares', {'share': {'share_proto': 'NFS', 'size': 1}},
                status=403)

    # all_tenants is ignored for members, honoured for admins.
    assert [s['name'] for s in api.get('/shares?all_tenants=1').json[
        'shares']] == ['alice-share']
    assert admin.get('/shares').json['shares'] == []
    every = admin.get('/shares/detail?all_tenants=1').json['shares']
    assert {s['name'] for s in every} == {'alice-share', 'eve-share'}
    assert all('host' in s and 'share_server_id' in s for s in every)
    p2 = admin.get('/shares?all_tenants=true&project_id=p2').json['shares']
    assert [s['name'] for s in p2] == ['eve-share']
    # project_id without all_tenants does not widen an admin's list.
    assert admin.get('/shares?project_id=p2').json['shares'] == []
    # Admins act on any project's share.
    admin.get('/shares/%s' % mine['id'])
    admin.delete('/shares/%s' % mine['id'], status=202)


def test_delete_only_from_a_settled_status(api, admin):
    share = api.create_share()
    for status in ('creating', 'deleting', 'error_deleting', 'migrating'):
        admin.post('/shares/%s/action' % share['id'],
                   {'reset_status': {'status': status}}, status=202)
        fault = api.delete('/shares/%s' % share['id'], status=403).json
        assert 'status must be one of' in fault['forbidden']['message']
    for status in ('error', 'available'):
        admin.post('/shares/%s/action' % share['id'],
                   {'reset_status': {'status': status}}, status=202)
    api.delete('/shares/%s' % share['id'], status=202)


def test_both_url_shapes_and_project_mismatch(api):
    share = api.create_share()
    project_url = api.app.get('/v2/p1/shares/%s' % share['id'],
                              headers=api.headers())
    assert project_url.json['share']['id'] == share['id']
    links = {link['rel']: link['href']
             for link in project_url.json['share']['links']}
    assert links['self'].endswith('/v2/p1/shares/%s' % share['id'])
    assert links['bookmark'].endswith('/p1/shares/%s' % share['id'])
    listed = api.app.get('/v2/p1/shares/detail', headers=api.headers())
    assert [s['id'] for s in listed.json['shares']] == [share['id']]
    api.app.post_json('/v2/p1/shares', {'share': {
        'share_proto': 'NFS', 'size': 1}}, headers=api.headers())
    # Another project's id (Keystone's shape) is refused; a word that is
    # not the caller's project is no project id at all.
    mismatch = api.app.get('/v2/%s/shares' % uuid.uuid4().hex,
                           headers=api.headers(), status=400)
    assert 'badRequest' in mismatch.json
    api.app.get('/v2/p2/shares', headers=api.headers(), status=404)


def test_http_conventions(api):
    share = api.create_share()
    responses = [
        api.get('/shares'),
        api.get('/shares/%s' % share['id']),
        api.get('/shares/00000000-0000-0000-0000-000000000000', status=404),
        api.raw('PATCH', '/shares/%s' % share['id']),
        api.delete('/shares/%s' % share['id'], status=202),
    ]
    for response in responses:
        request_id = response.headers['x-openstack-request-id']
        assert request_id.startswith('req-')
        assert response.headers['x-compute-request-id'] == request_id
        assert response.headers['X-OpenStack-Manila-API-Version'] == '2.99'
    not_served = responses[3]   # a method the path does not serve
    assert not_served.status_int == 404
    assert not_served.json['itemNotFound']['code'] == 404
    assert responses[2].json['itemNotFound']['code'] == 404
    assert responses[4].body == b'' and responses[4].content_length in (
        0, None)


def test_timestamps_have_six_fractional_digits(api, admin):
    share = api.create_share()
    api.put('/shares/%s' % share['id'],
            {'share': {'display_name': 'touched'}})
    api.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=202)
    shown = api.get('/shares/%s' % share['id']).json['share']
    assert SIX_DIGITS.match(shown['created_at'])
    assert SIX_DIGITS.match(shown['scheduled_to_be_deleted_at'])
    exports = admin.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations']
    detail = admin.get('/shares/%s/export_locations/%s' % (
        share['id'], exports[0]['id'])).json['export_location']
    assert SIX_DIGITS.match(detail['created_at'])
