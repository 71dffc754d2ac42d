"""Bodies whose checks are the handler's JSON schema, with Manila's own
words for the failures (validation.MESSAGES), and lookups that answer in
the caller's words: the exact status, fault and message of each."""
import pytest

MALFORMED = 'Malformed request body'
NEW_SIZE = 'New share size must be specified as an integer.'
NO_TYPE = "Malformed request body: a 'share_type' object is required."
# Fixed, so that every xdist worker collects the same test ids.
MISSING = '5d0c43c1-8a7e-4f0b-9d52-0b7b6f1e2a93'


def _share_action(body):
    return 'post', '/shares/{share}/action', body


@pytest.mark.parametrize('method, path, body, status, message', [
    _share_action({'reset_status': {}}) + (400, "Must specify 'status'"),
    _share_action({'reset_status': 'x'}) + (400, "Must specify 'status'"),
    ('post', '/share_instances/{share}/action', {'reset_status': None},
     400, "Must specify 'status'"),
    _share_action({'extend': {}}) + (400, NEW_SIZE),
    _share_action({'extend': None}) + (400, NEW_SIZE),
    _share_action({'extend': {'new_size': 1.5}}) + (400, NEW_SIZE),
    _share_action({'shrink': {'new_size': [1]}}) + (400, NEW_SIZE),
    _share_action({'migration_start': 'x'}) + (400, MALFORMED),
    ('put', '/shares/{share}/metadata', {'meta': {}}, 400, MALFORMED),
    ('post', '/shares/{share}/metadata', {'metadata': ['a']}, 400,
     MALFORMED),
    ('post', '/types', {'share_type': 'x', 'volume_type': {'name': 'v'}},
     400, NO_TYPE),
    ('post', '/types', {'volume_type': []}, 400, NO_TYPE),
    ('post', '/types', {'name': 'x'}, 400, NO_TYPE),
    ('post', '/types/{type}/extra_specs', {'extra_specs': {}}, 400,
     'Request body empty'),
    ('post', '/share-transfers', {'transfer': {'share_id': 'not-a-uuid'}},
     400, "The 'share_id' attribute must be a uuid."),
    ('put', '/resource-locks/{lock}', {'resource_lock': {
        'resource_id': MISSING, 'lock_reason': 'x'}}, 400,
     "Only 'resource_action' and 'lock_reason' can be set in "
     "resource_lock; not allowed: resource_id."),
    ('get', '/share-access-rules?share_id=' + MISSING, None, 400,
     'Share %s not found.' % MISSING),
    ('get', '/shares/%s/export_locations' % MISSING, None, 404,
     "Share '%s' not found." % MISSING),
    ('get', '/share_instances/%s/export_locations' % MISSING, None, 404,
     "Share instance '%s' not found." % MISSING),
    ('get', '/types/{type}/share_type_access', None, 404,
     'Access list not available for public share types.'),
    ('post', '/types/{type}/action', {'addProjectAccess': {
        'project': 'p'}}, 409, 'Invalid share type: Type access '
     'modification is not applicable to public share type.'),
    ('delete', '/types/{type}/extra_specs/driver_handles_share_servers',
     None, 403, "Extra spec 'driver_handles_share_servers' can't be "
     "deleted."),
])
def test_wording(admin, share, lock, method, path, body, status, message):
    share_type = admin.get('/types/default').json['share_type']
    path = path.format(share=share['id'], type=share_type['id'],
                       lock=lock['id'])
    client = admin
    if body is None:
        response = getattr(client, method)(path, status=status)
    else:
        response = getattr(client, method)(path, body, status=status)
    [(name, fault)] = response.json.items()
    assert fault == {'code': status, 'message': message}
