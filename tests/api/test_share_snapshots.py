"""/snapshots, as Manila answers when no share type has snapshot_support:
the back end takes no snapshots. manila-ui's Shares panel lists
/snapshots/detail to show any share."""
import uuid


def test_lists_are_empty(api, share):
    assert api.get('/snapshots').json == {'snapshots': []}
    assert api.get('/snapshots/detail').json == {'snapshots': []}
    assert api.get('/snapshots/detail?share_id=%s' % share['id']).json == {
        'snapshots': []}


def test_with_count_from_2_79(api):
    assert api.as_(version='2.79').get(
        '/snapshots?with_count=true').json == {'snapshots': [], 'count': 0}
    assert api.as_(version='2.79').get(
        '/snapshots/detail?with_count=false').json == {'snapshots': []}
    assert api.as_(version='2.78').get(
        '/snapshots?with_count=true').json == {'snapshots': []}


def test_no_snapshot_is_found(api):
    response = api.get('/snapshots/%s' % uuid.uuid4(), status=404)
    assert response.json == {'itemNotFound': {
        'code': 404, 'message': 'The resource could not be found.'}}


def test_create_is_refused_for_the_shares_lack_of_capability(api, share):
    response = api.post('/snapshots', {'snapshot': {
        'share_id': share['id'], 'name': 'snap', 'force': False}},
        status=422)
    assert response.json == {'computeFault': {
        'code': 422,
        'message': "Snapshots cannot be created for share '%s' since it "
                   "does not have that capability." % share['id']}}
    assert api.get('/snapshots').json == {'snapshots': []}


def test_create_first_finds_the_share(api, eve, share):
    unknown = str(uuid.uuid4())
    response = api.post('/snapshots', {'snapshot': {'share_id': unknown}},
                        status=404)
    assert response.json['itemNotFound']['message'] == (
        'Share %s could not be found.' % unknown)
    # Another project's private share is not found either.
    eve.post('/snapshots', {'snapshot': {'share_id': share['id']}},
             status=404)
    api.post('/snapshots', {'snapshot': {}}, status=400)
    api.post('/snapshots', {'share_id': share['id']}, status=422)


def test_policies(reader, share):
    reader.get('/snapshots/detail')
    reader.get('/snapshots/%s' % uuid.uuid4(), status=404)
    response = reader.post('/snapshots', {'snapshot': {
        'share_id': share['id']}}, status=403)
    assert 'share:create_snapshot' in response.json['forbidden']['message']
