"""Share metadata (/shares/{id}/metadata), as the manila CLI, Horizon and
the upstream API tests use it: list, replace (PUT), merge (POST), show and
delete a key; who may read and who may change; limits; admin-only keys."""
import uuid

import pytest

M = '/shares/%s/metadata'


def test_metadata_story(api, bob, share):
    path = M % share['id']
    assert api.get(path).json == {'metadata': {}}
    merged = api.post(path, {'metadata': {'a': '1', 'b': '2'}}).json
    assert merged == {'metadata': {'a': '1', 'b': '2'}}
    # POST merges: the answer is all of the metadata.
    assert bob.post(path, {'metadata': {'b': 'two', 'c': '3'}}).json == {
        'metadata': {'a': '1', 'b': 'two', 'c': '3'}}
    assert api.get(path + '/b').json == {'meta': {'b': 'two'}}
    # PUT replaces.
    assert api.put(path, {'metadata': {'z': '26'}}).json == {
        'metadata': {'z': '26'}}
    assert api.get(path).json == {'metadata': {'z': '26'}}
    assert api.get('/shares/%s' % share['id']).json['share'][
        'metadata'] == {'z': '26'}
    response = api.delete(path + '/z', status=200)
    assert response.body == b''
    assert api.get(path).json == {'metadata': {}}
    # An empty object clears everything.
    api.post(path, {'metadata': {'a': '1'}})
    assert api.put(path, {'metadata': {}}).json == {'metadata': {}}


def test_missing_keys_and_shares_are_404(api, share):
    path = M % share['id']
    fault = api.get(path + '/nope', status=404).json['itemNotFound']
    assert fault['message'] == 'Metadata item is not found.'
    api.delete(path + '/nope', status=404)
    for share_id in (str(uuid.uuid4()), 'not-a-uuid'):
        api.get(M % share_id, status=404)
        api.put(M % share_id, {'metadata': {'a': 'b'}}, status=404)
        api.post(M % share_id, {'metadata': {'a': 'b'}}, status=404)
        api.delete(M % share_id + '/a', status=404)


@pytest.mark.parametrize('body,message', [
    ({'metadata': {'': 'v'}}, 'Metadata property key is blank.'),
    ({'metadata': {'k' * 256: 'v'}},
     'Metadata property key is greater than 255 characters.'),
    ({'metadata': {'k': 'v' * 1024}},
     'Metadata property value is greater than 1023 characters.'),
    ({'metadata': {'k': ''}}, 'Metadata property value is blank.'),
    ({'metadata': 'k=v'}, 'Malformed request body'),
    ({'meta': {'k': 'v'}}, 'Malformed request body'),
])
def test_bad_bodies_are_400(api, share, body, message):
    for method in (api.put, api.post):
        fault = method(M % share['id'], body, status=400).json['badRequest']
        assert fault['message'] == message
    assert api.get(M % share['id']).json == {'metadata': {}}


def test_item_count_is_capped(api, share, conf):
    conf.set_override('max_metadata_items', 3)
    path = M % share['id']
    api.put(path, {'metadata': {'a': '1', 'b': '2'}})
    api.put(path, {'metadata': {'a': '1', 'b': '2', 'c': '3', 'd': '4'}},
            status=400)
    # A merge counts what the share would hold afterwards.
    fault = api.post(path, {'metadata': {'c': '3', 'd': '4'}},
                     status=400).json['badRequest']
    assert 'at most 3 metadata items' in fault['message']
    assert api.get(path).json == {'metadata': {'a': '1', 'b': '2'}}
    api.post(path, {'metadata': {'a': 'x', 'c': '3'}})


def test_other_projects_and_readers(api, reader, eve, share):
    path = M % share['id']
    api.post(path, {'metadata': {'k': 'v'}})
    assert reader.get(path).json == {'metadata': {'k': 'v'}}
    assert reader.get(path + '/k').json == {'meta': {'k': 'v'}}
    for method, args in ((reader.put, ({'metadata': {}},)),
                         (reader.post, ({'metadata': {'x': 'y'}},))):
        method(path, *args, status=403)
    reader.delete(path + '/k', status=403)
    # A private share of another project does not exist for eve.
    eve.get(path, status=404)
    eve.get(path + '/k', status=404)
    eve.post(path, {'metadata': {'x': 'y'}}, status=404)
    eve.delete(path + '/k', status=404)


def test_public_share_is_readable_not_writable_by_others(api, admin, eve):
    share = admin.as_('admin:p1:admin,member,reader').create_share(
        is_public=True)
    path = M % share['id']
    api.post(path, {'metadata': {'k': 'v'}})
    assert eve.get(path).json == {'metadata': {'k': 'v'}}
    assert eve.get(path + '/k').json == {'meta': {'k': 'v'}}
    eve.put(path, {'metadata': {}}, status=403)
    eve.post(path, {'metadata': {'x': 'y'}}, status=403)
    eve.delete(path + '/k', status=403)
    assert api.get(path).json == {'metadata': {'k': 'v'}}


def test_admin_only_keys(api, admin, share):
    path = M % share['id']
    admin.post(path, {'metadata': {'__affinity_same_host': 'x',
                                   'k': 'v'}})
    for method in (api.put, api.post):
        fault = method(path, {'metadata': {'__managed_at': 'now'}},
                       status=403).json['forbidden']
        assert fault['message'] == ('Cannot set or update admin only '
                                    'metadata.')
    api.delete(path + '/__affinity_same_host', status=403)
    # A member's replace keeps the admin-only keys already set.
    assert api.put(path, {'metadata': {'m': '1'}}).json == {'metadata': {
        'm': '1', '__affinity_same_host': 'x'}}
    # An admin naming one replaces everything.
    assert admin.put(path, {'metadata': {'__managed_at': 't'}}).json == {
        'metadata': {'__managed_at': 't'}}
    admin.delete(path + '/__managed_at', status=200)
    assert api.get(path).json == {'metadata': {}}


def test_policy_is_checked_before_the_share_is_looked_up(api, reader, share):
    unknown = M % str(uuid.uuid4())
    reader.put(unknown, {'metadata': {'a': 'b'}}, status=403)
    reader.post(unknown, {'metadata': {'a': 'b'}}, status=403)
    reader.delete(unknown + '/a', status=403)
    roleless = api.as_('nobody:p1:none')
    roleless.get(unknown, status=403)


def test_set_one_item_by_its_key(api, bob, reader, eve, share):
    path = M % share['id']
    api.post(path, {'metadata': {'a': '1', 'b': '2'}})
    assert api.post(path + '/b', {'metadata': {'b': 'two'}}).json == {
        'metadata': {'b': 'two'}}
    # The shape a show answers is taken too.
    assert bob.post(path + '/c', {'meta': {'c': '3'}}).json == {
        'metadata': {'c': '3'}}
    assert api.get(path).json == {'metadata': {
        'a': '1', 'b': 'two', 'c': '3'}}
    reader.post(path + '/a', {'metadata': {'a': 'x'}}, status=403)
    eve.post(path + '/a', {'metadata': {'a': 'x'}}, status=404)
    api.post(M % uuid.uuid4() + '/a', {'metadata': {'a': 'x'}}, status=404)
    assert api.get(path + '/a').json == {'meta': {'a': '1'}}


@pytest.mark.parametrize('body,message', [
    ({'metadata': {'b': '2'}}, 'Request body and URI mismatch'),
    ({'metadata': {'a': '1', 'b': '2'}},
     'Request body contains too many items'),
    ({'metadata': {'a': ''}}, 'Metadata property value is blank.'),
    ({'metadata': ['a']}, 'Malformed request body'),
    ({}, 'Malformed request body'),
])
def test_set_one_item_bad_bodies_are_400(api, share, body, message):
    fault = api.post(M % share['id'] + '/a', body, status=400).json[
        'badRequest']
    assert fault['message'] == message
    assert api.get(M % share['id']).json == {'metadata': {}}
