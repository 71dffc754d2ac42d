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


MANILA = 'X-OpenStack-Manila-API-Version'


@pytest.mark.parametrize('path', ['/v2', '/v2/'])
@pytest.mark.parametrize('asked,echoed', [(None, '2.0'), ('2.7', '2.7'),
                                          ('latest', '2.99')])
def test_v2_echoes_the_microversion(wsgi_app, path, asked, echoed):
    """openstacksdk and manilaclient read the negotiated version from the
    /v2 document's headers, as Manila sends them."""
    headers = {MANILA: asked} if asked else {}
    response = wsgi_app.get(path, headers=headers, status=200)
    assert response.headers[MANILA] == echoed
    assert MANILA in response.headers['Vary']
    _check_document(response.json, 'http://localhost')


@pytest.mark.parametrize('path', ['/v2', '/v2/', '/v2/shares'])
def test_malformed_version_is_400_and_out_of_range_406(wsgi_app, path):
    # Below the documents the token is checked first, as in Manila.
    token = {'X-Auth-Token': 'alice:p1'} if path == '/v2/shares' else {}
    malformed = wsgi_app.get(path, headers=dict(token, **{MANILA: '2.0.1'}),
                             status=400)
    assert malformed.json['badRequest']['message'] == (
        'API Version String 2.0.1 is of invalid format. Must be of format '
        'MajorNum.MinorNum.')
    too_new = wsgi_app.get(path, headers=dict(token, **{MANILA: '3.0'}),
                           status=406)
    assert too_new.json['notAcceptable']['message'] == (
        'Version 3.0 is not supported by the API. Minimum is 2.0 and '
        'maximum is 2.99.')
    # Manila names the version it refused, and that the answer varies.
    assert too_new.headers[MANILA] == '3.0'
    assert MANILA in too_new.headers['Vary']


def test_root_ignores_version_headers(wsgi_app):
    """GET / is unversioned in Manila: no echo, and a bad header does not
    matter there."""
    for asked in ('2.7', '2.0.1', '3.0'):
        response = wsgi_app.get('/', headers={MANILA: asked}, status=300)
        assert MANILA not in response.headers
        assert 'Vary' not in response.headers


def test_experimental_header_is_echoed(api):
    response = api.get('/shares', headers={
        'X-OpenStack-Manila-API-Experimental': 'True'})
    assert response.headers['X-OpenStack-Manila-API-Experimental'] == 'True'
    plain = api.get('/shares')
    assert 'X-OpenStack-Manila-API-Experimental' not in plain.headers
