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


LONG = 'n' * 256


def _create(**fields):
    share = {'share_proto': 'NFS', 'size': 1}
    share.update(fields)
    return 'post', '/shares', {'share': share}


def _update(**fields):
    return 'put', '/shares/{share}', {'share': fields}


def _too_long(name):
    return 400, '%s can only be 255 characters long.' % name


def _not_bool(value):
    return 400, "Invalid value '%s' for is_public: a boolean is required." % (
        value)


# Share create and update: names, descriptions and is_public, each a
# body with one error. Create reads display_name (display_description)
# only when name (description) is missing, null or empty, and its message
# names the field as 'name' ('description'), as Manila's does.
@pytest.mark.parametrize('method, path, body, status, message', [
    _create(name=LONG) + _too_long('name'),
    _create(display_name=LONG) + _too_long('name'),
    _create(name='', display_name=LONG) + _too_long('name'),
    _create(name=None, display_name=LONG) + _too_long('name'),
    _create(description=LONG) + _too_long('description'),
    _create(description='', display_description=LONG) +
    _too_long('description'),
    _create(is_public='perhaps') + _not_bool('perhaps'),
    _create(is_public=' yes no ') + _not_bool(' yes no '),
    _create(is_public='') + _not_bool(''),
    _update(display_name=LONG) + _too_long('display_name'),
    _update(display_description=LONG) + _too_long('display_description'),
    _update(is_public='perhaps') + _not_bool('perhaps'),
    _update(is_public='truee') + _not_bool('truee'),
])
def test_share_body_wording(admin, share, method, path, body, status,
                            message):
    path = path.format(share=share['id'])
    response = getattr(admin, method)(path, body, status=status)
    [(name, fault)] = response.json.items()
    assert fault == {'code': status, 'message': message}


@pytest.mark.parametrize('fields, name, description', [
    # name wins over display_name, whose length is then not checked.
    ({'name': 'n', 'display_name': LONG}, 'n', None),
    ({'description': 'd', 'display_description': LONG}, None, 'd'),
    ({'name': '', 'display_name': 'n' * 255}, 'n' * 255, None),
    ({'display_description': 'd'}, None, 'd'),
])
def test_share_create_display_fields(admin, fields, name, description):
    body = {'share_proto': 'NFS', 'size': 1}
    body.update(fields)
    share = admin.post('/shares', {'share': body}, status=200).json['share']
    assert (share['name'], share['description']) == (name, description)


@pytest.mark.parametrize('text, expected', [
    (' TRUE ', True), ('On', True), ('y', True), ('1', True),
    ('\tno\n', False), ('Off', False), ('F', False), ('0', False),
])
def test_share_is_public_strings(admin, share, text, expected):
    updated = admin.put('/shares/%s' % share['id'],
                        {'share': {'is_public': text}}, status=200)
    assert updated.json['share']['is_public'] is expected


def _flag_refused(name, value):
    return "Invalid value '%s' for %s: a boolean is required." % (value, name)


_MIGRATE = {'host': 'elsewhere@backend#pool', 'writable': True,
            'preserve_metadata': False, 'preserve_snapshots': 'no',
            'nondisruptive': 'False'}


@pytest.mark.parametrize('flag, value', [
    ('writable', 'perhaps'), ('preserve_metadata', ''),
    ('nondisruptive', 'truee'), ('force_host_assisted_migration', 'x'),
])
def test_migration_flag_wording(admin, share, flag, value):
    body = dict(_MIGRATE, **{flag: value})
    response = admin.post('/shares/%s/action' % share['id'],
                          {'migration_start': body}, status=400)
    assert response.json == {'badRequest': {
        'code': 400, 'message': _flag_refused(flag, value)}}


@pytest.mark.parametrize('force, shown', [
    ('perhaps', 'perhaps'), (1.0, '1.0'), (2, '2'), ([1], '[1]'),
    ({}, '{}'), ('', ''),
])
def test_extend_force_wording(admin, share, force, shown):
    response = admin.post('/shares/%s/action' % share['id'], {
        'extend': {'new_size': 5, 'force': force}}, status=400)
    assert response.json == {'badRequest': {
        'code': 400, 'message': _flag_refused('force', shown)}}


@pytest.mark.parametrize('version, force', [
    ('2.99', 1), ('2.99', 0), ('2.99', None), ('2.99', ' ON '),
    ('2.63', 'perhaps'), ('2.63', 1.0),
])
def test_extend_force_taken(admin, share, version, force):
    admin.as_(version=version).post('/shares/%s/action' % share['id'], {
        'extend': {'new_size': 5, 'force': force}}, status=202)
    shown = admin.get('/shares/%s' % share['id']).json['share']
    assert shown['size'] == 5


BAD_TYPE_NAME = 'Type name or description is not valid.'
NO_DESCRIPTION = (
    "'description' key is not supported by this microversion. Use 2.41 or "
    "greater microversion to be able to use 'description' in share type.")
ACCESS = 'share_type_access:is_public'
OS_ACCESS = 'os-share-type-access:is_public'


def _type(**fields):
    body = {'name': 'wording', 'extra_specs': {
        'driver_handles_share_servers': False}}
    body.update(fields)
    return {'share_type': body}


@pytest.mark.parametrize('version, body, message', [
    ('2.99', _type(name='   '), BAD_TYPE_NAME),
    ('2.99', _type(name='n' * 256), BAD_TYPE_NAME),
    ('2.99', _type(name=' ' * 300), BAD_TYPE_NAME),
    ('2.99', _type(description='d' * 256), BAD_TYPE_NAME),
    ('2.40', _type(description='d'), NO_DESCRIPTION),
    ('2.40', _type(description=''), NO_DESCRIPTION),
    ('2.40', _type(description='d' * 256), NO_DESCRIPTION),
    ('2.99', _type(**{ACCESS: 'perhaps'}), _flag_refused(ACCESS, 'perhaps')),
    ('2.99', _type(**{OS_ACCESS: 'nah'}), _flag_refused(OS_ACCESS, 'nah')),
    ('2.99', _type(**{ACCESS: '', OS_ACCESS: True}), _flag_refused(ACCESS,
                                                                   '')),
])
def test_share_type_create_wording(admin, version, body, message):
    response = admin.as_(version=version).post('/types', body, status=400)
    assert response.json == {'badRequest': {'code': 400, 'message': message}}


@pytest.mark.parametrize('fields, is_public', [
    # The older spelling is not read when the newer one is given.
    ({ACCESS: True, OS_ACCESS: 'nah'}, True),
    ({ACCESS: ' OFF '}, False),
    ({OS_ACCESS: 'no'}, False),
    ({}, True),
])
def test_share_type_create_is_public(admin, fields, is_public):
    created = admin.post('/types', _type(name='  spaced  ', **fields))
    share_type = created.json['share_type']
    assert (share_type['name'], share_type[ACCESS]) == ('spaced', is_public)


@pytest.mark.parametrize('fields, message', [
    ({'name': '  '}, 'Share type name cannot be empty.'),
    ({'name': ' ' * 300}, 'Share type name cannot be empty.'),
    ({'name': 'n' * 256},
     'Share type name cannot be greater than 255 characters in length.'),
    ({'description': 'd' * 256}, 'Share type description cannot be '
     'greater than 255 characters in length.'),
    ({ACCESS: 'perhaps'}, '%s has a non-boolean value.' % ACCESS),
    ({'name': None, 'description': None}, 'Specify share type name, '
     'description, share_type_access:is_public or a combination thereof.'),
])
def test_share_type_update_wording(admin, fields, message):
    created = admin.post('/types', _type()).json['share_type']
    response = admin.put('/types/%s' % created['id'],
                         {'share_type': fields}, status=400)
    assert response.json == {'badRequest': {'code': 400, 'message': message}}


def test_share_type_update_takes_trimmed_names_and_boolean_text(admin):
    created = admin.post('/types', _type()).json['share_type']
    updated = admin.put('/types/%s' % created['id'], {'share_type': {
        'name': ' renamed ', 'description': '', ACCESS: 'No'}})
    share_type = updated.json['share_type']
    assert (share_type['name'], share_type['description'],
            share_type[ACCESS]) == ('renamed', None, False)


@pytest.mark.parametrize('body, message', [
    ({}, MALFORMED), ({'other': {'k': 'v'}}, MALFORMED),
    ({'meta': []}, MALFORMED), ({'metadata': 'k=v'}, MALFORMED),
    ({'metadata': None, 'meta': {'k': 'v'}}, MALFORMED),
    ({'metadata': {'other': 'v'}}, 'Request body and URI mismatch'),
    ({'metadata': {'k': 'v', 'other': 'v'}},
     'Request body contains too many items'),
    ({'metadata': {'other': 5}},
     'Metadata property value of other must be a string.'),
])
def test_metadata_item_wording(api, share, body, message):
    response = api.post('/shares/%s/metadata/k' % share['id'], body,
                        status=400)
    assert response.json == {'badRequest': {'code': 400, 'message': message}}


@pytest.mark.parametrize('body', [{'metadata': {'k': 'v'}},
                                  {'meta': {'k': 'v'}}])
def test_metadata_item_is_set(api, share, body):
    response = api.post('/shares/%s/metadata/k' % share['id'], body)
    assert response.json == {'metadata': {'k': 'v'}}
