"""Regressions the fuzz run found, kept as plain in-process stories so they
run on every backend without the fuzzer."""
from urllib import parse

import pytest

from tests.api import conftest as api_tier

api, conf, wsgi_app = api_tier.api, api_tier.conf, api_tier.wsgi_app
_conf_and_enforcer = api_tier._conf_and_enforcer

# Outside the Basic Multilingual Plane: 4 bytes in UTF-8. MariaDB with a
# utf8mb3 connection refused to compare them (error 1267), answered 503.
ASTRAL = '\U0001F600\U000f47e0'
QUOTED = parse.quote(ASTRAL)


@pytest.mark.parametrize('path', [
    '/shares?name=%s', '/shares/detail?status=%s',
    '/shares/detail?export_location_path=%s',
    '/resource-locks?id=%s', '/resource-locks?lock_reason~=%s',
])
def test_filter_with_four_byte_characters_finds_nothing(api, path):
    assert api.get(path % QUOTED).status_int == 200


def test_four_byte_characters_are_stored_and_read_back(api):
    share = api.create_share(name='s' + ASTRAL, description=ASTRAL)
    shown = api.get('/shares/%s' % share['id']).json['share']
    assert (shown['name'], shown['description']) == ('s' + ASTRAL, ASTRAL)
    found = api.get('/shares?name=s' + QUOTED).json['shares']
    assert [s['id'] for s in found] == [share['id']]
    lock = api.lock(share['id'], reason=ASTRAL)
    assert api.get('/resource-locks/%s' % lock['id']).json[
        'resource_lock']['lock_reason'] == ASTRAL


@pytest.mark.parametrize('method', ['GET', 'POST', 'DELETE'])
@pytest.mark.parametrize('path', [
    '/%ff/shares', '/shares/%ff', '/shares/%ff/action', '/resource-locks/%ff',
    '/types/%ff', '/shares?name=%ff', '/resource-locks?id=%ff',
    '/share-access-rules?share_id=%ff', '/shares?metadata=%ff',
    '/resource-locks?lock_reason~=%c3%28',
])
def test_url_that_is_not_utf8_is_a_400_fault(api, method, path):
    """Bytes that are not UTF-8 in the path or query made webob raise
    inside the router, and the catch-all then raised again while logging
    the path: a bare 500 from the WSGI server."""
    response = api.raw(method, path, body=b'{}' if method == 'POST' else b'')
    assert response.status_int == 400
    assert response.json['badRequest']['code'] == 400
