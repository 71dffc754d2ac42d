"""Errors worded as Manila words them, where a client or a person may
match on the text. Each row: who, method, path, body (bytes are sent
as-is), extra headers, status, and the exact message."""
import pytest

POLICY = "Policy doesn't allow %s to be performed."
BODY = b'{"share": {"share_proto": "NFS", "size": 1}}'


def _lock(share_id, **fields):
    return {'resource_lock': dict({'resource_id': share_id}, **fields)}


CASES = [
    ('api', 'POST', '/resource-locks', 'lock:resource_type=bogus', None, 400,
     "Invalid input for field/attribute resource_lock/resource_type. "
     "Value: 'bogus'. 'bogus' is not one of ['share', 'access_rule']"),
    ('api', 'POST', '/resource-locks', 'lock:resource_action=bogus', None,
     400, "Invalid input for field/attribute resource_lock/resource_action. "
     "Value: 'bogus'. 'bogus' is not one of ['delete', 'show']"),
    ('api', 'POST', '/shares', BODY, {'Content-Type': 'text/plain'}, 400,
     'Unsupported Content-Type'),
    ('api', 'POST', '/shares', b'share_proto=NFS&size=1',
     {'Content-Type': 'application/x-www-form-urlencoded'}, 400,
     'Unsupported Content-Type'),
    ('api', 'POST', '/shares', BODY,
     {'Content-Type': 'application/json; charset=UTF-8'}, 200, None),
    ('api', 'POST', '/shares', BODY, {'Content-Type': 'application/json'},
     200, None),
    ('reader', 'POST', '/shares', BODY, {'Content-Type': 'application/json'},
     403, POLICY % 'share:create'),
    ('reader', 'POST', '/resource-locks', 'lock:', None, 403,
     POLICY % 'resource_lock:create'),
]


@pytest.mark.parametrize('who,method,path,body,headers,status,message',
                         CASES, ids=lambda value: None)
def test_manila_wording(request, share, who, method, path, body, headers,
                        status, message):
    client = request.getfixturevalue(who)
    if isinstance(body, str) and body.startswith('lock:'):
        fields = dict(pair.split('=') for pair in body[5:].split(',')
                      if pair)
        body = _lock(share['id'], **fields)
    if isinstance(body, dict):
        reply = client.post(path, body, status='*', expect_errors=True)
    else:
        extra = client.headers(headers)
        reply = client.app.request('/v2' + path, method=method, body=body,
                                   headers=extra, expect_errors=True)
    assert reply.status_int == status, reply.body
    if message is not None:
        fault, = reply.json.values()
        assert fault == {'code': status, 'message': message}
