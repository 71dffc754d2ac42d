"""Version discovery: what the manila CLI (GET /) and openstacksdk
(GET /v2, /v2/) read before anything else."""
import pytest

from manila_locks.api import microversion


def _check_document(body, base):
    [version] = body['versions']
    assert version['id'] == 'v2.0'
    assert version['status'] == 'CURRENT'
    assert version['version'] == str(microversion.MAX_VERSION) == '2.99'
    assert version['min_version'] == '2.0'
    assert version['updated']
    self_links = [link['href'] for link in version['links']
                  if link['rel'] == 'self']
    assert self_links == [base + '/v2/']
    assert version['media-types'][0]['base'] == 'application/json'


def test_root_answers_300_without_a_token(wsgi_app):
    response = wsgi_app.get('/', status=300)
    _check_document(response.json, 'http://localhost')
    assert response.headers['x-openstack-request-id'].startswith('req-')


@pytest.mark.parametrize('path', ['/v2', '/v2/'])
def test_v2_answers_200(wsgi_app, path):
    response = wsgi_app.get(path, status=200)
    _check_document(response.json, 'http://localhost')
    assert response.content_type == 'application/json'


def test_unknown_paths_are_json_404s(api):
    for path in ('/nothing', '/v3/shares'):
        response = api.app.get(path, headers=api.headers(), status=404)
        assert response.json['itemNotFound']['code'] == 404
    api.get('/shares/detail/extra', status=404)


def test_token_required_below_the_version_documents(wsgi_app):
    response = wsgi_app.get('/v2/shares', status=401)
    assert response.json['unauthorized']['code'] == 401
