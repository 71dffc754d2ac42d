"""A share's export locations for other projects, as Manila's export
location controller answers: any live share is found, and a private one of
another project is 403 (showing the share itself is 404)."""
import uuid

EXPORTS = '/shares/%s/export_locations'


def test_another_projects_private_share_is_403(api, eve, share):
    [export] = api.get(EXPORTS % share['id']).json['export_locations']
    for path in (EXPORTS % share['id'],
                 EXPORTS % share['id'] + '/' + export['id']):
        fault = eve.get(path, status=403).json['forbidden']
        assert 'share:get' in fault['message']
    eve.get('/shares/%s' % share['id'], status=404)
    fault = eve.get(EXPORTS % uuid.uuid4(), status=404).json['itemNotFound']
    assert fault['message'].startswith("Share '")


def test_a_public_share_shows_its_locations_to_every_project(admin, eve):
    public = admin.create_share(is_public=True)
    [export] = eve.get(EXPORTS % public['id']).json['export_locations']
    assert 'is_admin_only' not in export
    eve.get(EXPORTS % public['id'] + '/' + export['id'])
