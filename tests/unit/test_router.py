"""Dispatch from path and method to handler, without a database."""
import types

import pytest
import webob

from manila_locks.api import router
from manila_locks.api import wsgi


def _handler(name):
    def handle(req):
        return wsgi.json_response(req, {'handler': name,
                                        'vars': dict(req.urlvars)})
    return handle


TABLE = {
    '/things': {'GET': _handler('list'), 'POST': _handler('create')},
    '/things/detail': {'GET': _handler('detail')},
    '/things/{thing_id}': {'GET': _handler('show'),
                           'DELETE': _handler('delete')},
    '/things/{thing_id}/parts/{key}': {'GET': _handler('part')},
}


@pytest.fixture
def app():
    return router.Router(TABLE)


def _call(app, method, path, project='p1'):
    request = webob.Request.blank(path, method=method)
    request.environ[wsgi.CONTEXT_KEY] = types.SimpleNamespace(
        project_id=project)
    return request.get_response(app)


@pytest.mark.parametrize('path,handler,urlvars', [
    ('/v2/things', 'list', {}),
    ('/v2/things/', 'list', {}),
    ('/v2/things/detail', 'detail', {}),
    ('/v2/things/t1', 'show', {'thing_id': 't1'}),
    ('/v2/p1/things', 'list', {}),
    ('/v2/p1/things/t1', 'show', {'thing_id': 't1'}),
    ('/v2/things/t1/parts/provisioning:max_share_size', 'part',
     {'thing_id': 't1', 'key': 'provisioning:max_share_size'}),
    ('/v2/things/t1/parts/a.b-c', 'part', {'thing_id': 't1', 'key': 'a.b-c'}),
])
def test_dispatch(app, path, handler, urlvars):
    response = _call(app, 'GET', path)
    assert response.status_int == 200
    assert response.json == {'handler': handler, 'vars': urlvars}


def test_project_in_url_is_remembered(app):
    request = webob.Request.blank('/v2/p1/things')
    request.environ[wsgi.CONTEXT_KEY] = types.SimpleNamespace(
        project_id='p1')
    request.get_response(app)
    assert request.environ[router.PROJECT_KEY] == 'p1'


def test_project_of_another_token_is_400(app):
    response = _call(app, 'GET', '/v2/p2/things', project='p1')
    assert response.status_int == 400
    assert 'project' in response.json['badRequest']['message']


def test_unknown_method_is_405_with_allow(app):
    response = _call(app, 'PUT', '/v2/things/t1')
    assert response.status_int == 405
    assert response.headers['Allow'] == 'DELETE, GET'
    assert response.json['badMethod']['code'] == 405


@pytest.mark.parametrize('path', ['/v2/things/t1/other', '/v1/things',
                                  '/things', '/v2/p1/nothing/t1',
                                  '/v2x/things'])
def test_unknown_path_is_404(app, path):
    response = _call(app, 'GET', path)
    assert response.status_int == 404
    assert response.json['itemNotFound']['code'] == 404
