"""Regressions of two reports, on every backend.

"No 500 for any input": NUL (PostgreSQL), lone UTF-16 surrogates (every
backend), dates whose UTC offset takes them out of years 1 to 9999, and
noauth identities longer than their columns each reached the database and
answered 500. Now: 400 (401 for the identity) in Manila's fault shape, and
nothing written.

"No limits": a 10 MB body was read and parsed in full, and allow_access
with 15,000 metadata items held the share's row lock for 11 s. Now: 413
above [oslo_middleware] max_request_body_size, before the body is parsed,
chunked or not; and 400 above [DEFAULT] max_metadata_items. BODY_KINDS
tables what the limiter hands on for each kind of body.
"""
import io
import json
import pathlib

from oslo_middleware import sizelimit
import pytest
import webob
import webtest

from manila_locks.api import middleware
from manila_locks.api import wsgi
from manila_locks.host import auth
from manila_locks.host import deploy
from tests.api import access_rule_steps as steps
from tests import conftest as db_fixtures

API_REF_SAMPLES = (pathlib.Path(__file__).parents[2] / 'api-ref' /
                   'source' / 'samples')
NUL = 'a\x00b'
SURROGATE = 'a\ud800b'
STORE = 'contains characters the service cannot store'
# Dict filters are Python literals; these escapes make a NUL and a lone
# surrogate once evaluated, though the URL holds neither.
LITERAL_NUL = '%7B%27k%27%3A%27%5Cx00%27%7D'         # {'k':'\x00'}
LITERAL_SURROGATE = '%7B%27%5Cud800%27%3A%27v%27%7D'  # {'\ud800':'v'}


def _fault(response, code):
    assert response.status_int == code, response.body[:200]
    [(name, fault)] = response.json.items()
    assert fault['code'] == code
    return fault['message']


@pytest.fixture
def rule(api, share):
    return steps.allow(api, share['id'], metadata={'k': 'v'})


@pytest.mark.parametrize('path', [
    '/shares?name=a%00b', '/shares/detail?status=%00',
    '/shares?metadata=%7B%27k%27%3A+%27%00%27%7D',
    '/resource-locks?lock_reason=%00', '/resource-locks?resource_id=%00',
    '/resource-locks?lock_reason~=%00', '/resource-locks?user_id=%00',
    '/resource-locks/%00', '/resource-locks/a%00b',
    '/share-access-rules/%00', '/share-access-rules?share_id=%00',
    '/share-transfers?name=%00', '/share-transfers/%00', '/types/%00',
    '/shares?%00=1', '/%00/shares',
])
def test_nul_in_the_url_is_a_400(api, path):
    response = api.raw('GET', path)
    assert STORE in _fault(response, 400)


@pytest.mark.parametrize('filter_', [
    '/shares?metadata=' + LITERAL_NUL,
    '/shares/detail?metadata=' + LITERAL_SURROGATE,
    '/shares?extra_specs=' + LITERAL_NUL,
    '/types?extra_specs=' + LITERAL_SURROGATE,
    '/share-access-rules?share_id={share}&metadata=' + LITERAL_NUL,
    '/share-access-rules?share_id={share}&metadata=' + LITERAL_SURROGATE,
])
def test_escapes_in_literal_filters_are_checked_too(api, admin, share,
                                                    filter_):
    # Filtering shares by extra specs is for administrators.
    client = admin if filter_.startswith('/shares?extra_specs') else api
    response = client.raw('GET', filter_.format(share=share['id']))
    assert STORE in _fault(response, 400)


def test_nul_in_a_metadata_key_in_the_url_is_a_400(db, api, rule):
    before = db_fixtures.read_rows(db.engine)
    response = api.raw('DELETE', '/share-access-rules/%s/metadata/k%%00'
                       % rule['id'])
    assert STORE in _fault(response, 400)
    assert db_fixtures.read_rows(db.engine) == before


def _share_body(name):
    return {'share': {'share_proto': 'NFS', 'size': 1, 'name': name}}


def _lock_body(share_id, reason):
    return {'resource_lock': {'resource_id': share_id,
                              'lock_reason': reason}}


def _allow_body(access_type, access_to, **fields):
    return {'allow_access': dict(access_type=access_type,
                                 access_to=access_to, **fields)}


# (what, method, path, body(bad string, ids))
BODIES = [
    ('share-name', 'POST', '/shares', lambda bad, ids: _share_body(bad)),
    ('share-description', 'PUT', '/shares/{share}',
     lambda bad, ids: {'share': {'display_description': bad}}),
    ('lock-reason', 'POST', '/resource-locks',
     lambda bad, ids: _lock_body(ids['share'], bad)),
    ('lock-reason-update', 'PUT', '/resource-locks/{lock}',
     lambda bad, ids: {'resource_lock': {'lock_reason': bad}}),
    ('cert-access-to', 'POST', '/shares/{share}/action',
     lambda bad, ids: _allow_body('cert', bad)),
    ('user-access-to', 'POST', '/shares/{share}/action',
     lambda bad, ids: _allow_body('user', 'user' + bad)),
    ('rule-lock-reason', 'POST', '/shares/{share}/action',
     lambda bad, ids: _allow_body('ip', '10.0.0.9', lock_reason=bad,
                                  lock_deletion=True)),
    ('rule-metadata-key', 'POST', '/shares/{share}/action',
     lambda bad, ids: _allow_body('ip', '10.0.0.9', metadata={bad: 'v'})),
    ('rule-metadata-value', 'POST', '/shares/{share}/action',
     lambda bad, ids: _allow_body('ip', '10.0.0.9', metadata={'k': bad})),
    ('access-id', 'POST', '/shares/{share}/action',
     lambda bad, ids: {'deny_access': {'access_id': bad}}),
    ('set-metadata-key', 'PUT', '/share-access-rules/{rule}/metadata',
     lambda bad, ids: {'metadata': {bad: 'v'}}),
    ('set-metadata-value', 'PUT', '/share-access-rules/{rule}/metadata',
     lambda bad, ids: {'metadata': {'k': bad}}),
    ('transfer-name', 'POST', '/share-transfers',
     lambda bad, ids: {'transfer': {'share_id': ids['share'], 'name': bad}}),
    ('nested-in-a-list', 'POST', '/shares', lambda bad, ids: {'share': {
        'share_proto': 'NFS', 'size': 1, 'metadata': {'k': [{'x': bad}]}}}),
]


@pytest.mark.parametrize('bad', [NUL, SURROGATE], ids=['nul', 'surrogate'])
@pytest.mark.parametrize('what, method, path, body', BODIES,
                         ids=[case[0] for case in BODIES])
def test_unstorable_strings_in_a_body_are_a_400_and_write_nothing(
        db, api, share, rule, bad, what, method, path, body):
    lock = api.lock(share['id'])
    ids = {'share': share['id'], 'rule': rule['id'], 'lock': lock['id']}
    before = db_fixtures.read_rows(db.engine)
    response = api.raw(method, path.format(**ids),
                       body=json.dumps(body(bad, ids)).encode(),
                       headers={'Content-Type': 'application/json'})
    assert STORE in _fault(response, 400)
    assert db_fixtures.read_rows(db.engine) == before


def test_the_message_names_the_field(api):
    response = api.raw('POST', '/shares', body=json.dumps(
        _share_body(SURROGATE)).encode())
    assert _fault(response, 400) == (
        "Invalid input received: field 'share/name' of the request body "
        "contains characters the service cannot store (NUL, or a UTF-16 "
        "surrogate that is not part of a pair).")


def test_surrogate_pairs_are_characters_and_stored(api, share):
    # "\ud83d\ude00" in JSON is one character, U+1F600.
    body = b'{"resource_lock": {"resource_id": "%s", "lock_reason": ' \
           b'"\\ud83d\\ude00"}}' % share['id'].encode()
    response = api.raw('POST', '/resource-locks', body=body)
    assert response.status_int == 200
    assert response.json['resource_lock']['lock_reason'] == '\U0001F600'


@pytest.mark.parametrize('name', ['created_since', 'created_before'])
@pytest.mark.parametrize('value', [
    '0001-01-01T00:00:00%2B01:00', '9999-12-31T23:59:59-01:00',
    '0001-01-01T00:30:00%2B23:59',
])
def test_dates_outside_the_range_in_utc_are_a_400(api, name, value):
    response = api.raw('GET', '/resource-locks?%s=%s' % (name, value))
    assert name in _fault(response, 400)


@pytest.mark.parametrize('value', [
    '0001-01-01T00:00:00', '9999-12-31T23:59:59.999999',
    '0001-01-01T00:00:00-01:00', '9999-12-31T23:59:59%2B01:00',
])
def test_dates_at_the_edges_of_the_range_are_served(api, value):
    for name in ('created_since', 'created_before'):
        response = api.raw('GET', '/resource-locks?%s=%s' % (name, value))
        assert response.status_int == 200, response.body


@pytest.mark.parametrize('token', [
    'u' * 256 + ':p1', 'alice:' + 'p' * 256, 'u' * 300 + ':p1:admin',
])
def test_noauth_identity_longer_than_its_column_is_a_401(db, api, token):
    before = db_fixtures.read_rows(db.engine)
    client = api.as_(token)
    response = client.raw('POST', '/shares',
                          body=json.dumps(_share_body('s')).encode())
    assert '255' in _fault(response, 401)
    assert db_fixtures.read_rows(db.engine) == before


def test_noauth_identity_of_255_characters_is_served(api):
    client = api.as_('u' * 255 + ':' + 'p' * 255)
    share = client.create_share()
    assert client.lock(share['id'])['user_id'] == 'u' * 255


@pytest.mark.parametrize('header, value', [
    ('X-User-Id', 'u' * 256), ('X-Project-Id', 'p' * 256),
    ('X-User-Id', NUL), ('X-Project-Id', NUL),
])
def test_any_identity_that_cannot_be_stored_is_a_401(conf, header, value):
    """keystonemiddleware's headers take the same check as noauth's."""
    def unreachable(environ, start_response):
        raise AssertionError('the request got past authentication')

    request = webob.Request.blank('/v2/shares', headers=dict(
        {'X-User-Id': 'alice', 'X-Project-Id': 'p1',
         'X-Identity-Status': 'Confirmed'}, **{header: value}))
    response = request.get_response(auth.ContextMiddleware(unreachable))
    assert response.status_int == 401
    assert response.json['unauthorized']['code'] == 401


# --- Limits -----------------------------------------------------------

LIMIT = 114688


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if any handler reads a JSON body."""
    def refuse(req):
        raise AssertionError('the body was parsed')
    monkeypatch.setattr(wsgi, 'read_json', refuse)


def _big_share_body(size):
    body = json.dumps(_share_body('s')).encode()
    return body[:-2] + b', "description": "' + b'x' * size + b'"}}'


def test_body_over_the_limit_is_a_413_before_it_is_parsed(db, api,
                                                          no_parsing):
    before = db_fixtures.read_rows(db.engine)
    response = api.raw('POST', '/shares', body=_big_share_body(10 * 2 ** 20))
    assert str(LIMIT) in _fault(response, 413)
    assert response.content_type == 'application/json'
    assert response.json['overLimit']['code'] == 413
    assert db_fixtures.read_rows(db.engine) == before


def _chunked(app, path, body, token='alice:p1'):
    """A request with no Content-Length, read until the stream ends, as a
    server hands over a chunked body."""
    request = webtest.TestRequest.blank('/v2' + path, method='POST', headers={
        'X-Auth-Token': token, 'Content-Type': 'application/json',
        'X-OpenStack-Manila-API-Version': '2.82',
        'Transfer-Encoding': 'chunked'})
    request.environ['wsgi.input'] = io.BytesIO(body)
    request.environ.pop('CONTENT_LENGTH', None)
    request.environ['wsgi.input_terminated'] = True
    return app.do_request(request, status='*', expect_errors=True)


def test_chunked_body_over_the_limit_is_a_413(db, wsgi_app):
    before = db_fixtures.read_rows(db.engine)
    response = _chunked(wsgi_app, '/shares',
                        _big_share_body(10 * 2 ** 20))
    assert 'Request is too large' in _fault(response, 413)
    assert db_fixtures.read_rows(db.engine) == before


def test_chunked_body_under_the_limit_is_served(wsgi_app):
    response = _chunked(wsgi_app, '/shares', json.dumps(
        _share_body('chunked')).encode())
    assert response.status_int == 200, response.body
    assert response.json['share']['name'] == 'chunked'


class _Unread(io.RawIOBase):
    def read(self, size=-1):
        raise AssertionError('the body was read')

    readinto = read


def test_no_length_and_no_end_of_input_means_no_body(wsgi_app):
    """wsgiref hands over the socket, with no Content-Length for a chunked
    body and no promise that the input ends: the body is not read (it would
    wait on the client), as webob reads none without the limiter."""
    request = webtest.TestRequest.blank('/v2/shares', method='POST', headers={
        'X-Auth-Token': 'alice:p1', 'Transfer-Encoding': 'chunked'})
    request.environ['wsgi.input'] = _Unread()
    request.environ.pop('CONTENT_LENGTH', None)
    response = wsgi_app.do_request(request, status='*', expect_errors=True)
    assert 'body is empty' in _fault(response, 400)


def test_body_just_under_the_limit_is_parsed(api):
    body = _big_share_body(0)
    body = _big_share_body(LIMIT - len(body))
    assert len(body) == LIMIT
    response = api.raw('POST', '/shares', body=body)
    # Read and judged: the description is too long, not the body.
    assert 'description' in _fault(response, 400)


def test_the_limit_is_configurable(conf, db):
    conf.set_override('max_request_body_size', 100, group='oslo_middleware')
    client = webtest.TestApp(deploy.build_app(conf))
    response = client.post('/v2/shares', _big_share_body(100), headers={
        'X-Auth-Token': 'alice:p1'}, expect_errors=True)
    assert '(100 bytes)' in _fault(response, 413)


def _items(count):
    return {'k%05d' % n: 'v' for n in range(count)}


@pytest.mark.parametrize('body_limit, status', [
    (None, 413),          # 15,000 items do not fit in 114688 bytes...
    (2 ** 24, 400),       # ...and where they do, the item count refuses.
])
def test_fifteen_thousand_metadata_items_are_refused(
        db, api, share, conf, body_limit, status):
    if body_limit:
        conf.set_override('max_request_body_size', body_limit,
                          group='oslo_middleware')
    before = db_fixtures.read_rows(db.engine)
    response = api.raw('POST', '/shares/%s/action' % share['id'],
                       body=json.dumps(_allow_body(
                           'ip', '10.0.0.9', metadata=_items(15000))).encode())
    _fault(response, status)
    assert db_fixtures.read_rows(db.engine) == before


# (method, path, body, items the resource already has)
@pytest.mark.parametrize('method, path, body, present', [
    ('POST', '/shares/{share}/action',
     lambda items: _allow_body('ip', '10.0.0.9', metadata=items), 0),
    ('PUT', '/share-access-rules/{rule}/metadata',
     lambda items: {'metadata': items}, 1),
    ('POST', '/shares', lambda items: {'share': {
        'share_proto': 'NFS', 'size': 1, 'metadata': items}}, 0),
])
def test_more_metadata_items_than_the_maximum_are_a_400(
        db, api, share, rule, method, path, body, present):
    before = db_fixtures.read_rows(db.engine)
    ids = {'share': share['id'], 'rule': rule['id']}
    response = api.raw(method, path.format(**ids),
                       body=json.dumps(body(_items(129))).encode())
    assert _fault(response, 400).startswith(
        'Invalid input received: a share or access rule can have at most '
        '128 metadata items')
    assert db_fixtures.read_rows(db.engine) == before
    # Up to the maximum is fine.
    response = api.raw(method, path.format(**ids),
                       body=json.dumps(body(_items(128 - present))).encode())
    assert response.status_int == 200, response.body[:200]


def test_metadata_set_in_several_requests_stops_at_the_maximum(
        db, api, rule, conf):
    conf.set_override('max_metadata_items', 3)
    path = '/share-access-rules/%s/metadata' % rule['id']
    assert api.put(path, {'metadata': {'a': '1'}}).json['metadata'] == {
        'k': 'v', 'a': '1'}
    # Changing existing keys keeps the count.
    api.put(path, {'metadata': {'a': '2', 'k': 'w', 'b': '3'}})
    response = api.put(path, {'metadata': {'c': '4'}}, status=400)
    assert 'this request would give it 4' in response.json[
        'badRequest']['message']
    assert api.get('/share-access-rules/%s' % rule['id']).json['access'][
        'metadata'] == {'k': 'w', 'a': '2', 'b': '3'}


# What BodySizeLimit does with each kind of request, against a limit of
# 100 bytes: (CONTENT_LENGTH, input said to end, what the app is given).
# 'as is': the server's own input, untouched (a declared length within
# the limit goes straight on, as oslo's limiter would pass it);
# 'limited': oslo's reader, which stops at the limit; 413: refused.
BODY_KINDS = [
    ('10', False, 'as is'),
    ('0', False, 'as is'),
    ('100', False, 'as is'),
    ('101', False, 413),
    ('10', True, 'as is'),
    ('ten', False, 'limited'),
    (None, True, 'limited'),
    (None, False, 'as is'),
]


def _server_request(server_input, length, terminated, headers=None):
    """A POST as a server hands it over: its input, CONTENT_LENGTH as
    given (None: none), and whether it says the input ends."""
    request = webob.Request.blank('/v2/shares', method='POST',
                                  headers=headers)
    request.environ['wsgi.input'] = server_input
    request.environ.pop('CONTENT_LENGTH', None)
    if length is not None:
        request.environ['CONTENT_LENGTH'] = length
    if terminated:
        request.environ['wsgi.input_terminated'] = True
    return request


@pytest.mark.parametrize('length, terminated, given', BODY_KINDS)
def test_what_the_body_size_limit_hands_on(conf, length, terminated, given):
    conf.set_override('max_request_body_size', 100, group='oslo_middleware')
    seen = []

    def app(environ, start_response):
        seen.append(environ['wsgi.input'])
        return webob.Response(body=b'{}')(environ, start_response)

    server_input = io.BytesIO(b'{}')
    request = _server_request(server_input, length, terminated)
    response = request.get_response(middleware.BodySizeLimit(app, conf))
    if given == 413:
        assert response.status_int == 413 and not seen
        assert '(100 bytes)' in response.json['overLimit']['message']
        return
    assert response.status_int == 200
    (handed,) = seen
    if given == 'as is':
        assert handed is server_input
    else:
        assert isinstance(handed, sizelimit.LimitingReader)


# What wsgi.read_json takes from each kind of request after the limiter
# (limit 100 bytes): (CONTENT_LENGTH, input said to end, what the input
# holds). It must take what webob's req.body gives for the same request,
# which it read every body with before; a declared length it now reads
# straight from the input (the calls that saves: test_request_cost).
READ_KINDS = [
    ('7', False, b'{"a": 1}'),       # less than sent
    ('8', False, b'{"a": 1}'),
    ('8', True, b'{"a": 1}'),
    ('0', False, b''),
    ('0', False, b'{"a": 1}'),
    ('ten', False, b'{"a": 1}'),
    (' 8', False, b'{"a": 1}'),
    ('+8', False, b'{"a": 1}'),
    (None, True, b'{"a": 1}'),
    (None, False, b'{"a": 1}'),
    ('8', False, b'[1, 2, 3]'),
    ('3', False, b'\xff\xfe{'),
]


def _read_through_the_limiter(conf, length, terminated, data, reader):
    """What `reader` returned, or the error's message."""
    request = _server_request(io.BytesIO(data), length, terminated,
                              {'Content-Type': 'application/json'})
    got = []

    @wsgi.wsgify
    def app(req):
        got.append(reader(req))
        return webob.Response(body=b'{}')
    response = request.get_response(middleware.BodySizeLimit(app, conf))
    if response.status_int != 200:
        return _fault(response, response.status_int)
    return got[0]


def _as_webob_reads(req):
    # read_json as it was: every body through webob's req.body.
    data = req.body
    if not data:
        raise webob.exc.HTTPBadRequest(
            explanation='The request body is empty; a JSON object is '
                        'required.')
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise webob.exc.HTTPBadRequest(
            explanation='Malformed request body: it is not valid JSON.')
    if not isinstance(body, dict):
        raise webob.exc.HTTPBadRequest(
            explanation='Malformed request body: a JSON object is '
                        'required.')
    return body


@pytest.mark.parametrize('length, terminated, data', READ_KINDS)
def test_read_json_takes_what_webob_would(conf, length, terminated, data):
    conf.set_override('max_request_body_size', 100, group='oslo_middleware')
    got = _read_through_the_limiter(conf, length, terminated, data,
                                    wsgi.read_json)
    expected = _read_through_the_limiter(conf, length, terminated, data,
                                         _as_webob_reads)
    assert got == expected


def test_a_body_shorter_than_its_length_is_a_400(conf):
    # webob raised DisconnectionError (a 500); the handler never runs.
    ran = []
    message = _read_through_the_limiter(
        conf, '20', False, b'{"a": 1}',
        lambda req: ran.append(wsgi.read_json(req)))
    assert message == ('The request body is shorter than its '
                       'Content-Length (20 bytes).')
    assert not ran


@pytest.mark.parametrize('length, terminated', [('8', False), (None, True)])
def test_the_body_stays_readable_after_read_json(conf, length, terminated):
    assert _read_through_the_limiter(
        conf, length, terminated, b'{"a": 1}',
        lambda req: (wsgi.read_json(req), req.body,
                     wsgi.read_json(req))) == (
        {'a': 1}, b'{"a": 1}', {'a': 1})


def test_a_short_body_through_the_service_answers_the_api_ref_sample(
        wsgi_app, db):
    """The whole service, a lock create whose body is shorter than its
    Content-Length: api-ref's sample, and nothing written."""
    before = db_fixtures.read_rows(db.engine)
    request = webtest.TestRequest.blank(
        '/v2/resource-locks', method='POST', headers={
            'X-Auth-Token': 'alice:p1', 'Content-Type': 'application/json',
            'X-OpenStack-Manila-API-Version': '2.81'})
    request.environ['wsgi.input'] = io.BytesIO(b'{"resource_lock": {}}'[:8])
    request.environ['CONTENT_LENGTH'] = '20'
    response = wsgi_app.do_request(request, status='*', expect_errors=True)
    with open(API_REF_SAMPLES / 'fault-short-body-response.json') as sample:
        assert response.json == json.load(sample)
    assert db_fixtures.read_rows(db.engine) == before
