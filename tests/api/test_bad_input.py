"""Bad input to every share, share type and export location endpoint: each
request gets a 4xx in Manila's fault shape, none a 500, and none leaves a
row behind or changes one.

The table is (who, method, path, body, headers, expected status). Paths
use {share}, {type}, {dhss}, {el} and {missing} placeholders; a body is
sent as JSON unless it is bytes.
"""
import json

from manila_locks.db import base

MISSING = '0b5d5bbc-4d1d-4d4b-9d0e-8b1f4d1f2a3b'
OTHER_PROJECT = '4f2a9c1e7b3d4e5f8a6b0c1d2e3f4a5b'
LONG = 'x' * 256
DHSS = 'driver_handles_share_servers'


def _share(**fields):
    return {'share': dict({'share_proto': 'NFS', 'size': 1}, **fields)}


def _type(**fields):
    return {'share_type': dict({'name': 'new', 'extra_specs': {
        DHSS: False}}, **fields)}


def _version(text):
    return {'X-OpenStack-Manila-API-Version': text}


CREATE_SHARE = [
    ('api', 'POST', '/shares', b'{"share": ', None, 400),
    ('api', 'POST', '/shares', b'', None, 400),
    ('api', 'POST', '/shares', b'\xff\xfe', None, 400),
    ('api', 'POST', '/shares', b'[' * 100000, None, 400),
    ('api', 'POST', '/shares', b'{"share": {"share_proto": "NFS", "size": 1'
     + b'0' * 5000 + b'}}', None, 400),
    ('api', 'POST', '/shares', [], None, 400),
    ('api', 'POST', '/shares', 'share', None, 400),
    ('api', 'POST', '/shares', None, None, 400),
    ('api', 'POST', '/shares', 5, None, 400),
    ('api', 'POST', '/shares', {}, None, 422),
    ('api', 'POST', '/shares', {'share': 'x'}, None, 422),
    ('api', 'POST', '/shares', {'share': []}, None, 422),
    ('api', 'POST', '/shares', {'share': {'size': 1}}, None, 400),
    ('api', 'POST', '/shares', _share(size=None), None, 400),
    ('api', 'POST', '/shares', {'share': {'share_proto': 'NFS'}}, None, 400),
    ('api', 'POST', '/shares', _share(size='abc'), None, 400),
    ('api', 'POST', '/shares', _share(size=1.5), None, 400),
    ('api', 'POST', '/shares', _share(size=True), None, 400),
    ('api', 'POST', '/shares', _share(size=-1), None, 400),
    ('api', 'POST', '/shares', _share(size='-1'), None, 400),
    ('api', 'POST', '/shares', _share(size=0), None, 400),
    ('api', 'POST', '/shares', _share(size=2 ** 31), None, 400),
    ('api', 'POST', '/shares', _share(size=10 ** 30), None, 400),
    ('api', 'POST', '/shares', _share(size='1e3'), None, 400),
    ('api', 'POST', '/shares', _share(size='9' * 5000), None, 400),
    ('api', 'POST', '/shares', _share(size=[1]), None, 400),
    ('api', 'POST', '/shares', _share(share_proto=5), None, 400),
    ('api', 'POST', '/shares', _share(share_proto=''), None, 400),
    ('api', 'POST', '/shares', _share(share_proto='XFS'), None, 400),
    ('api', 'POST', '/shares', _share(name=LONG), None, 400),
    ('api', 'POST', '/shares', _share(display_name=LONG), None, 400),
    ('api', 'POST', '/shares', _share(description=LONG), None, 400),
    ('api', 'POST', '/shares', _share(name=5), None, 400),
    ('api', 'POST', '/shares', _share(name={'a': 1}), None, 400),
    ('api', 'POST', '/shares', _share(share_type='nope'), None, 404),
    ('api', 'POST', '/shares', _share(share_type=MISSING), None, 404),
    ('api', 'POST', '/shares', _share(share_type=5), None, 400),
    ('api', 'POST', '/shares', _share(share_type=LONG), None, 400),
    ('api', 'POST', '/shares', _share(share_type='default',
                                      volume_type='default'), None, 400),
    ('api', 'POST', '/shares', _share(share_type='{dhss}'), None, 400),
    ('api', 'POST', '/shares', _share(metadata='x'), None, 400),
    ('api', 'POST', '/shares', _share(metadata={'': 'v'}), None, 400),
    ('api', 'POST', '/shares', _share(metadata={'k': 5}), None, 400),
    ('api', 'POST', '/shares', _share(metadata={'k': ''}), None, 400),
    ('api', 'POST', '/shares', _share(metadata={'k': 'v' * 1024}), None,
     400),
    ('api', 'POST', '/shares', _share(metadata={LONG: 'v'}), None, 400),
    ('api', 'POST', '/shares', _share(is_public='perhaps'), None, 400),
    ('api', 'POST', '/shares', _share(is_public=True), None, 403),
    ('api', 'POST', '/shares', _share(snapshot_id=MISSING), None, 404),
    ('api', 'POST', '/shares', _share(share_network_id=MISSING), None, 404),
    ('api', 'POST', '/shares', _share(share_group_id=MISSING), None, 404),
    ('api', 'POST', '/shares', _share(availability_zone='mars'), None, 404),
    ('api', 'POST', '/shares', _share(scheduler_hints='x'), None, 400),
    ('api', 'POST', '/shares', _share(mount_point_name='mnt'), None, 400),
    ('api', 'POST', '/shares', _share(encryption_key_ref=MISSING), None,
     400),
    ('reader', 'POST', '/shares', _share(), None, 403),
]

SHARE_BY_ID = [
    ('api', 'GET', '/shares/not-a-uuid', None, None, 404),
    ('api', 'GET', '/shares/{missing}', None, None, 404),
    ('api', 'GET', '/shares/' + 'x' * 300, None, None, 404),
    ('eve', 'GET', '/shares/{share}', None, None, 404),
    ('api', 'DELETE', '/shares/not-a-uuid', None, None, 404),
    ('api', 'DELETE', '/shares/{missing}', None, None, 404),
    ('eve', 'DELETE', '/shares/{share}', None, None, 404),
    ('api', 'PUT', '/shares/not-a-uuid', {'share': {'display_name': 'n'}},
     None, 404),
    ('api', 'PUT', '/shares/{share}', b'{', None, 400),
    ('api', 'PUT', '/shares/{share}', [], None, 400),
    ('api', 'PUT', '/shares/{share}', {}, None, 422),
    ('api', 'PUT', '/shares/{share}', {'share': 'x'}, None, 422),
    ('api', 'PUT', '/shares/{share}', {'share': {'display_name': LONG}},
     None, 400),
    ('api', 'PUT', '/shares/{share}', {'share': {'display_name': 5}}, None,
     400),
    ('api', 'PUT', '/shares/{share}', {'share': {'is_public': 'perhaps'}},
     None, 400),
    ('api', 'PUT', '/shares/{share}', {'share': {'is_public': True}}, None,
     403),
    ('reader', 'PUT', '/shares/{share}', {'share': {'display_name': 'n'}},
     None, 403),
    ('api', 'PATCH', '/shares/{share}', {}, None, 404),
    ('api', 'GET', '/shares/not-a-uuid/export_locations', None, None, 404),
    ('eve', 'GET', '/shares/{share}/export_locations', None, None, 404),
    ('api', 'GET', '/shares/{share}/export_locations/abc', None, None, 404),
    ('api', 'GET', '/shares/{share}/export_locations/{el}', None,
     _version('2.8'), 404),
]

ACTIONS = [
    ('api', 'POST', '/shares/{share}/action', b'{"extend"', None, 400),
    ('api', 'POST', '/shares/{share}/action', [], None, 400),
    ('api', 'POST', '/shares/{share}/action', {}, None, 400),
    ('api', 'POST', '/shares/{share}/action', {'extend': {'new_size': 3},
                                               'shrink': None}, None, 400),
    ('api', 'POST', '/shares/{share}/action', {'dance': None}, None, 400),
    ('api', 'POST', '/shares/not-a-uuid/action', {'restore': None}, None,
     404),
    ('api', 'POST', '/shares/{missing}/action', {'restore': None}, None,
     404),
    ('api', 'POST', '/shares/{share}/action', {'extend': None}, None, 400),
    ('api', 'POST', '/shares/{share}/action', {'extend': {}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'extend': {'new_size': 'x'}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'extend': {'new_size': -3}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'extend': {'new_size': 10 ** 20}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'extend': {'new_size': '9' * 5000}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'extend': {'new_size': 1}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'extend': {'new_size': 5, 'force': 'perhaps'}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'shrink': {'new_size': 9}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'shrink': {'new_size': 0}}, None, 400),
    ('api', 'POST', '/shares/{share}/action',
     {'os-extend': {'new_size': 5}}, None, 404),
    ('api', 'POST', '/shares/{share}/action', {'soft_delete': None},
     _version('2.68'), 404),
    ('api', 'POST', '/shares/{share}/action', {'force_delete': None}, None,
     403),
    ('admin', 'POST', '/shares/{share}/action', {'reset_status': {}}, None,
     400),
    ('admin', 'POST', '/shares/{share}/action', {'reset_status': 'x'}, None,
     400),
    ('admin', 'POST', '/shares/{share}/action',
     {'reset_status': {'status': 'happy'}}, None, 400),
    ('admin', 'POST', '/shares/{share}/action',
     {'reset_status': {'status': 5}}, None, 400),
    ('api', 'POST', '/shares/{share}/action', {'unmanage': None}, None, 403),
    ('eve', 'POST', '/shares/{share}/action', {'soft_delete': None}, None,
     404),
]

LISTS = [
    ('api', 'GET', '/shares?sort_key=bogus', None, None, 400),
    ('api', 'GET', '/shares/detail?sort_key=', None, None, 400),
    ('api', 'GET', '/shares?sort_dir=up', None, None, 400),
    ('api', 'GET', '/shares?limit=-1', None, None, 400),
    ('api', 'GET', '/shares?limit=x', None, None, 400),
    ('api', 'GET', '/shares?limit=99999999999999999999', None, None, 400),
    ('api', 'GET', '/shares?offset=-1', None, None, 400),
    ('api', 'GET', '/shares?limit=' + '9' * 5000, None, None, 400),
    ('api', 'GET', '/shares?offset=4294967296', None, None, 400),
    ('api', 'GET', '/shares?with_count=maybe', None, None, 400),
    ('api', 'GET', '/shares?is_public=maybe', None, None, 400),
    ('api', 'GET', '/shares?is_soft_deleted=maybe', None, None, 400),
    ('api', 'GET', '/shares?metadata=%5B', None, None, 400),
    ('api', 'GET', '/shares?metadata=' + '%5B' * 5000, None, None, 400),
    # Filtering shares by extra specs is for administrators, as in Manila.
    ('api', 'GET', '/shares?extra_specs=x', None, None, 403),
    ('admin', 'GET', '/shares?extra_specs=x', None, None, 400),
    ('api', 'GET', '/shares?host=h', None, None, 403),
    ('admin', 'GET', '/shares?all_tenants=maybe', None, None, 400),
]

VERSIONS = [
    ('api', 'GET', '/shares', None, _version('2.x'), 400),
    ('api', 'GET', '/shares', None, _version('2'), 400),
    ('api', 'GET', '/shares', None, _version('3.0'), 406),
    ('api', 'GET', '/shares', None, _version('2.100'), 406),
    ('api', 'GET', '/shares', None, _version('1.0'), 406),
    ('api', 'POST', '/shares', _share(), _version('9.9'), 406),
    ('api', 'GET', '/types', None,
     {'X-OpenStack-Manila-API-Version': '',
      'OpenStack-API-Version': 'shared-file-system two'}, 400),
    ('api', 'GET', '/p2/shares', None, None, 404),
    ('api', 'GET', '/%s/shares' % OTHER_PROJECT, None, None, 400),
]

TYPES = [
    ('admin', 'POST', '/types', b'{"share_type"', None, 400),
    ('admin', 'POST', '/types', [], None, 400),
    ('admin', 'POST', '/types', {}, None, 400),
    ('admin', 'POST', '/types', {'share_type': 'x'}, None, 400),
    ('admin', 'POST', '/types', _type(name=''), None, 400),
    ('admin', 'POST', '/types', _type(name=LONG), None, 400),
    ('admin', 'POST', '/types', _type(name=5), None, 400),
    ('admin', 'POST', '/types', _type(name='default'), None, 409),
    ('admin', 'POST', '/types', _type(extra_specs={}), None, 400),
    ('admin', 'POST', '/types', _type(extra_specs='x'), None, 400),
    ('admin', 'POST', '/types', _type(extra_specs={DHSS: 'maybe'}), None,
     400),
    ('admin', 'POST', '/types', _type(extra_specs={DHSS: False, 'k': [5]}),
     None, 400),
    ('admin', 'POST', '/types', _type(extra_specs={DHSS: False, '': 'v'}),
     None, 400),
    ('admin', 'POST', '/types', _type(extra_specs={DHSS: False,
                                                   'k': LONG}), None, 400),
    ('admin', 'POST', '/types', _type(description=LONG), None, 400),
    ('admin', 'POST', '/types', _type(description='d'), _version('2.40'),
     400),
    ('admin', 'POST', '/types', _type(
        **{'share_type_access:is_public': 'perhaps'}), None, 400),
    ('api', 'POST', '/types', _type(), None, 403),
    ('api', 'GET', '/types/nope', None, None, 404),
    ('admin', 'GET', '/types?is_public=maybe', None, None, 400),
    ('api', 'GET', '/types?extra_specs=%7B%7D', None, _version('2.42'), 400),
    ('api', 'GET', '/types?extra_specs=x', None, None, 400),
    ('admin', 'PUT', '/types/{type}', {}, None, 400),
    ('admin', 'PUT', '/types/{type}', {'share_type': {}}, None, 400),
    ('admin', 'PUT', '/types/{type}', {'share_type': {'name': ' '}}, None,
     400),
    ('admin', 'PUT', '/types/{type}', {'share_type': {'name': 'default'}},
     None, 409),
    ('admin', 'PUT', '/types/{type}', {'share_type': {'name': 'n'}},
     _version('2.49'), 404),
    ('admin', 'PUT', '/types/nope', {'share_type': {'name': 'n'}}, None,
     404),
    ('api', 'PUT', '/types/{type}', {'share_type': {'name': 'n'}}, None,
     403),
    ('admin', 'DELETE', '/types/nope', None, None, 404),
    ('admin', 'DELETE', '/types/{type}', None, None, 400),
    ('api', 'DELETE', '/types/{type}', None, None, 403),
    ('admin', 'POST', '/types/{type}/extra_specs', {'extra_specs': 'x'},
     None, 400),
    ('admin', 'POST', '/types/{type}/extra_specs', {'extra_specs': {}},
     None, 400),
    ('admin', 'POST', '/types/{type}/extra_specs', {}, None, 400),
    ('admin', 'POST', '/types/{type}/extra_specs',
     {'extra_specs': {'bad key': 'v'}}, None, 400),
    ('admin', 'POST', '/types/{type}/extra_specs',
     {'extra_specs': {'k': LONG}}, None, 400),
    ('admin', 'POST', '/types/{type}/extra_specs',
     {'extra_specs': {DHSS: 'perhaps'}}, None, 400),
    ('admin', 'POST', '/types/nope/extra_specs', {'extra_specs': {'k': 'v'}},
     None, 404),
    ('api', 'POST', '/types/{type}/extra_specs', {'extra_specs': {'k': 'v'}},
     None, 403),
    ('admin', 'PUT', '/types/{type}/extra_specs/k', {'j': 'v'}, None, 400),
    ('admin', 'PUT', '/types/{type}/extra_specs/k', {}, None, 400),
    ('admin', 'PUT', '/types/{type}/extra_specs/k', {'k': 'v', 'j': 'v'},
     None, 400),
    ('admin', 'GET', '/types/{type}/extra_specs/absent', None, None, 404),
    ('admin', 'DELETE', '/types/{type}/extra_specs/absent', None, None, 404),
    ('admin', 'DELETE', '/types/{type}/extra_specs/' + DHSS, None, None,
     403),
    ('admin', 'POST', '/types/{type}/action', {'dance': {}}, None, 400),
    ('admin', 'POST', '/types/{type}/action', {'addProjectAccess': {}},
     None, 400),
    ('admin', 'POST', '/types/{type}/action', {'addProjectAccess': 'p'},
     None, 400),
    ('admin', 'POST', '/types/default/action',
     {'addProjectAccess': {'project': 'p1'}}, None, 409),
    ('admin', 'GET', '/types/default/share_type_access', None, None, 404),
]

BAD_REQUESTS = CREATE_SHARE + SHARE_BY_ID + ACTIONS + LISTS + VERSIONS + TYPES


def _rows(engine):
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
            table.select().order_by(*table.primary_key.columns))]
            for table in base.Base.metadata.sorted_tables}


def _send(client, method, path, body, headers, names):
    if not isinstance(body, bytes):
        text = '' if body is None and method in ('GET', 'DELETE') else (
            json.dumps(body))
        for key, value in names.items():
            text = text.replace('{%s}' % key, value)
        body = text.encode()
    return client.raw(method, path, body=body, headers=dict(
        {'Content-Type': 'application/json'}, **(headers or {})))


def _problem(response, expected):
    if response.status_int != expected:
        return 'answered %s' % response.status
    try:
        body = response.json
    except ValueError:
        return 'answered a body that is not JSON: %r' % response.body[:80]
    [(name, fault)] = body.items()
    if fault.get('code') != expected or not isinstance(
            fault.get('message'), str) or not fault['message']:
        return 'answered a fault not in Manila shape: %r' % body
    return None


def _fixtures(api, admin):
    gold = admin.post('/types', _type(name='gold')).json['share_type']
    # The share keeps its type in use.
    share = api.create_share(name='target', size=5, share_type='gold')
    admin.post('/types', _type(name='dhss', extra_specs={DHSS: True}))
    admin.post('/types/%s/extra_specs' % gold['id'],
               {'extra_specs': {'k': 'v'}})
    el = api.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations'][0]
    return {'share': share['id'], 'type': gold['id'], 'dhss': 'dhss',
            'el': el['id'], 'missing': MISSING}


def test_bad_input_gets_a_clear_4xx_and_changes_nothing(
        db, api, reader, eve, admin):
    clients = {'api': api, 'reader': reader, 'eve': eve, 'admin': admin}
    names = _fixtures(api, admin)
    before = _rows(db.engine)
    problems = []
    for who, method, path, body, headers, expected in BAD_REQUESTS:
        response = _send(clients[who], method, path.format(**names), body,
                         headers, names)
        problem = _problem(response, expected)
        if problem:
            problems.append('%s %s %s as %s: %s' % (
                method, path, repr(body)[:60], who, problem))
    assert problems == [], '\n'.join(problems)
    assert _rows(db.engine) == before
