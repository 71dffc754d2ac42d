"""Dispatch from path and method to handler, without a database."""
import re
import types

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import pytest
import routes
import webob

from manila_locks.api import router
from manila_locks.api import wsgi
from manila_locks.host import routes as host_routes


def _handler(name):
    def handle(req):
        return wsgi.json_response(req, {'handler': name,
                                        'vars': dict(req.urlvars)})
    return handle


TABLE = {
    '/': {'GET': _handler('versions')},
    '/things': {'GET': _handler('list'), 'POST': _handler('create')},
    '/things/detail': {'GET': _handler('detail')},
    '/things/{thing_id}': {'GET': _handler('show'),
                           'DELETE': _handler('delete')},
    '/things/{thing_id}/parts/{key}': {'GET': _handler('part')},
}


# Keystone's project ids: 32 hex digits.
OTHER_PROJECT = '6f1c2b0e9d8a4c3b8e7f1a2b3c4d5e6f'


@pytest.fixture
def app():
    return router.Router(TABLE, r'[0-9a-f\-]+')


def _call(app, method, path, project='p1'):
    request = webob.Request.blank(path, method=method)
    request.environ[wsgi.CONTEXT_KEY] = types.SimpleNamespace(
        project_id=project)
    return request.get_response(app)


@pytest.mark.parametrize('path,handler,urlvars', [
    ('/v2', 'versions', {}),
    ('/v2/', 'versions', {}),
    ('/v2/p1', 'versions', {}),
    ('/v2/p1/', 'versions', {}),
    ('/v2/things', 'list', {}),
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
    for path in ('/v2/%s/things', '/v2/%s'):
        response = _call(app, 'GET', path % OTHER_PROJECT, project='p1')
        assert response.status_int == 400
        assert 'project' in response.json['badRequest']['message']


def test_the_callers_project_is_a_project_whatever_its_shape(app):
    response = _call(app, 'GET', '/v2/demo/things', project='demo')
    assert response.json['handler'] == 'list'
    response = _call(app, 'GET', '/v2/%s/things/t1' % OTHER_PROJECT,
                     project=OTHER_PROJECT)
    assert response.json['handler'] == 'show'


def test_a_collection_name_is_never_a_project(app):
    response = _call(app, 'GET', '/v2/things', project='things')
    assert response.json['handler'] == 'list'


@pytest.mark.parametrize('method,path', [
    ('PUT', '/v2/things/t1'), ('PATCH', '/v2/things'),
    ('DELETE', '/v2/things'), ('HEAD', '/v2/things'), ('POST', '/v2'),
    ('POST', '/v2/p1'), ('DELETE', '/v2/p1/things/detail')])
def test_a_method_the_path_does_not_serve_is_404_as_in_manila(
        app, method, path):
    response = _call(app, method, path)
    assert response.status_int == 404
    assert 'Allow' not in response.headers
    if method != 'HEAD':
        assert response.json == {'itemNotFound': {
            'code': 404, 'message': 'The resource could not be found.'}}


@pytest.mark.parametrize('path', [
    '/v2/things/t1/other', '/v1/things', '/things', '/v2/p1/nothing/t1',
    '/v2x/things', '/v2/things/', '/v2/things/detail/', '/v2/p1/things/',
    '/v2/things/t1/parts/', '/v2//things', '/v2/p1//things', '/v2/p2',
    '/v2/p2/things', '/v2/nothing', '/v2/share-networks', '/v2/limits',
    '/v2/%s/nothing' % OTHER_PROJECT])
def test_unknown_path_is_404(app, path):
    response = _call(app, 'GET', path, project='p1')
    assert response.status_int == 404
    assert response.json == {'itemNotFound': {
        'code': 404, 'message': 'The resource could not be found.'}}


# The service's own table, resolved by one routes.Mapper per first path
# segment, against one Mapper of every route in the table's order (what
# the router did before): the same route and the same placeholders for
# every path, whichever segment it starts with.
#
# | paths                                           | from              |
# |-------------------------------------------------|-------------------|
# | every route path, placeholders filled with ids, | host/routes.ROUTES|
# | names with dots, dashes, colons, %-escapes      |                   |
# | the same with a trailing slash, a doubled slash,| each route path   |
# | one more segment, the first segment cut or cased|                   |
# | random paths built of the table's segments and  | hypothesis        |
# | of junk                                         |                   |

def _one_mapper(table):
    mapper = routes.Mapper()
    for path in table:
        mapper.connect(path, route_path=path)
    return mapper


_REFERENCE = _one_mapper(host_routes.ROUTES)


def _reference(app, mapper, path):
    """What app.resolve found with one mapper: the same project split,
    then the whole table."""
    _, below = app._split_project(path, None)
    match = mapper.match(below)
    if match is None:
        return None
    route_path = match.pop('route_path')
    return route_path, match


def _resolved(app, path):
    found = app.resolve(router.PREFIX + path)
    return None if found is None else (found.route_path, found.urlvars)


_FILLERS = ('s1', '6f1c2b0e-9d8a-4c3b-8e7f-1a2b3c4d5e6f', 'a.b-c',
            'provisioning:max_share_size', 'detail', 'x%2Fy', 'action')


def _paths_of(table):
    for path in table:
        for filler in _FILLERS:
            filled = re.sub(r'\{[^}]+\}', filler, path)
            yield filled
            yield filled + '/'
            yield filled + '/more'
            yield '/' + filled
            yield filled.upper()
            yield filled[:-1] if len(filled) > 1 else filled


@pytest.fixture(scope='module')
def service_router():
    return router.Router(host_routes.ROUTES, r'[0-9a-f\-]+')


def test_grouped_mappers_resolve_as_one_mapper(service_router):
    reference = _REFERENCE
    paths = sorted(set(_paths_of(host_routes.ROUTES)))
    assert len(paths) > 500
    matched = 0
    for path in paths:
        expected = _reference(service_router, reference, path)
        assert _resolved(service_router, path) == expected, path
        matched += expected is not None
    # Most paths of the table reach a route; the rest are near misses.
    assert matched > len(host_routes.ROUTES) * len(_FILLERS) / 2


_SEGMENTS = sorted({segment for path in host_routes.ROUTES
                    for segment in path.split('/')
                    if segment and not segment.startswith('{')})


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SEGMENTS),
                          st.text(alphabet='ab-_.:%/1', max_size=8)),
                min_size=0, max_size=5),
       st.booleans())
def test_random_paths_resolve_as_one_mapper(service_router, segments,
                                            trailing):
    path = '/' + '/'.join(segments) + ('/' if trailing else '')
    reference = _REFERENCE
    assert _resolved(service_router, path) == _reference(
        service_router, reference, path)


@pytest.mark.parametrize('path', ['/{anything}', '/share-{id}/x'])
def test_a_placeholder_in_a_first_segment_is_refused(path):
    with pytest.raises(ValueError, match='placeholder'):
        router.Router({path: {'GET': _handler('x')}}, '[0-9a-f]+')
