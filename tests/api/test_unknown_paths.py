"""A path the service does not serve answers 404 in Manila's fault shape, at
every microversion, with or without a project id in the URL; the paths it
serves answer the same in both URL shapes.

Horizon's manila-ui probes Manila collections; each unknown one once
answered 200 with the versions document, taken for /v2/{project_id}. The
ones it reads are served now (share networks, messages, ...: KNOWN below,
test_absent_resources.py); the rest answer 404.
"""
import uuid

import pytest

VERSIONS = ['2.0', '2.51', '2.81', '2.87', 'latest']
NOT_FOUND = {'itemNotFound': {'code': 404,
                              'message': 'The resource could not be found.'}}

# Manila collections this service does not serve, typos, and known paths
# with a trailing slash or an unknown tail (Manila's router: 404).
UNKNOWN = [
    '/share-instances', '/share-snapshots', '/share_instances/',
    '/services', '/scheduler-stats', '/scheduler-stats/pools/',
    '/os-quota-class-sets/default',
    '/extensions',
    '/resource-lock', '/resource_locks', '/share', '/type', '/demo',
    '/shares/', '/shares/detail/', '/types/default/', '/resource-locks/',
    '/share-access-rules/', '/shares/%s/unknown' % uuid.uuid4(),
    '/messages/', '/limits/', '/share-networks/detail/',
    '/p1/services', '/p1/share-snapshots', '/p1/shares/', '/p1/p1/shares',
    '/%s/services' % uuid.uuid4().hex, '//shares', '/p1//shares',
]

# (path, first microversion): served since then, 404 before it.
KNOWN = [
    ('', '2.0'),   # the versions document: /v2/{project_id}
    ('/shares', '2.0'),
    ('/shares/detail', '2.0'),
    ('/types', '2.0'),
    ('/types/default', '2.0'),
    ('/share-access-rules?share_id={share}', '2.45'),
    ('/share-transfers', '2.77'),
    ('/resource-locks', '2.81'),
    ('/availability-zones', '2.7'),
    ('/limits', '2.0'),
    ('/quota-sets/p1', '2.7'),
    ('/messages', '2.37'),
    ('/snapshots/detail', '2.0'),
    ('/share-networks', '2.0'),
    ('/security-services/detail', '2.0'),
    ('/share-groups/detail', '2.55'),
    ('/share-group-types', '2.55'),
    ('/share-group-snapshots/detail', '2.55'),
    ('/share-replicas/detail', '2.56'),
]


def _at_least(version, minimum):
    if version == 'latest':
        return True
    return tuple(map(int, version.split('.'))) >= tuple(
        map(int, minimum.split('.')))


@pytest.mark.parametrize('version', VERSIONS)
def test_unknown_paths_are_404_in_the_fault_shape(api, version):
    caller = api.as_(version=version)
    for method in ('GET', 'POST', 'PUT', 'DELETE'):
        for path in UNKNOWN:
            response = caller.raw(method, path)
            assert (response.status_int, response.json) == (
                404, NOT_FOUND), (method, path)
            assert 'X-OpenStack-Manila-API-Version' in response.headers


@pytest.mark.parametrize('version', VERSIONS)
def test_known_paths_route_with_and_without_the_project_id(api, version):
    share = api.create_share()
    caller = api.as_(version=version)
    for path, minimum in KNOWN:
        path = path.format(share=share['id'])
        status = 200 if _at_least(version, minimum) else 404
        if not path:
            # /v2 itself is discovery, answered before the router.
            caller.get('', status=200)
        else:
            caller.get(path, status=status)
        caller.get('/p1' + path, status=status)


def test_a_method_a_path_does_not_serve_is_404_as_in_manila(api):
    share = api.create_share()
    for method, path in [('PATCH', '/shares/%s' % share['id']),
                         ('DELETE', '/shares'), ('PUT', '/resource-locks'),
                         ('GET', '/shares/%s/action' % share['id']),
                         ('POST', '/p1'), ('DELETE', '/p1/types/default')]:
        response = api.raw(method, path)
        assert (response.status_int, response.json) == (404, NOT_FOUND)
        assert 'Allow' not in response.headers


def test_the_project_segment_is_the_callers_or_shaped_like_an_id(api, eve):
    # eve's project (p2) is a name: in alice's URL it is no project id.
    assert api.raw('GET', '/p2/shares').json == NOT_FOUND
    assert api.raw('GET', '/p2').json == NOT_FOUND
    # Another project's id in Keystone's shape: the URL is malformed.
    other = uuid.uuid4().hex
    for path in ('/%s/shares' % other, '/%s' % other):
        fault = api.raw('GET', path).json['badRequest']
        assert 'not the project of the token' in fault['message']
    # The caller's own project, whatever its shape.
    assert eve.get('/p2').json['versions'][0]['id'] == 'v2.0'
    caller = api.as_('carol:%s' % other)
    assert caller.get('/%s/shares' % other).json == {'shares': []}
