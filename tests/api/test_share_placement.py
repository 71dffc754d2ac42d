"""Where a share's type lets it go: the type's size limits
(provisioning:min_share_size / max_share_size / max_share_extend_size) at
create, extend and shrink, and its share_backend_name, which must name this
host's backend."""
import pytest

DHSS = 'driver_handles_share_servers'


def _type(admin, name, **specs):
    return admin.post('/types', {'share_type': {
        'name': name, 'extra_specs': dict({DHSS: False}, **specs)}}).json[
        'share_type']


def _act(client, share, body, status=202):
    return client.post('/shares/%s/action' % share['id'], body,
                       status=status)


def test_create_keeps_to_the_type_size_limits(admin, api):
    _type(admin, 'sized', **{'provisioning:min_share_size': '2',
                             'provisioning:max_share_size': '5'})
    body = {'share': {'share_proto': 'NFS', 'share_type': 'sized'}}
    small = api.post('/shares', {'share': dict(body['share'], size=1)},
                     status=400).json['badRequest']
    assert small['message'] == (
        "Invalid input received: Specified share size of '1' is less than "
        "the minimum required size of '2' for share type 'sized'.")
    big = api.post('/shares', {'share': dict(body['share'], size=6)},
                   status=400).json['badRequest']
    assert big['message'] == (
        "Invalid input received: Specified share size of '6' is greater "
        "than the maximum allowable size of '5' for share type 'sized'.")
    assert api.get('/shares').json['shares'] == []
    for size in (2, 5):
        api.post('/shares', {'share': dict(body['share'], size=size)})


def test_extend_and_shrink_keep_to_the_limits(admin, api):
    _type(admin, 'sized', **{'provisioning:min_share_size': '2',
                             'provisioning:max_share_size': '5',
                             'provisioning:max_share_extend_size': '8'})
    share = api.create_share(size=3, share_type='sized')
    fault = _act(api, share, {'extend': {'new_size': 6}},
                 status=400).json['badRequest']
    assert "greater than the maximum allowable size of '5'" in (
        fault['message'])
    _act(api, share, {'extend': {'new_size': 5}})
    fault = _act(api, share, {'shrink': {'new_size': 1}},
                 status=400).json['badRequest']
    assert "less than the minimum required size of '2'" in fault['message']
    _act(api, share, {'shrink': {'new_size': 2}})
    # An administrator may go past max_share_size, up to the extend limit.
    _act(admin, share, {'extend': {'new_size': 8}})
    fault = _act(admin, share, {'extend': {'new_size': 9}},
                 status=400).json['badRequest']
    assert "maximum allowable extend size of '8'" in fault['message']
    assert api.get('/shares/%s' % share['id']).json['share']['size'] == 8


@pytest.mark.parametrize('name,status', [('LOCAL', 'available'),
                                         (' LOCAL ', 'available'),
                                         ('elsewhere', 'error')])
def test_share_backend_name_must_name_this_backend(admin, api, name, status):
    _type(admin, 'placed', share_backend_name=name)
    share = api.create_share(share_type='placed')
    assert share['status'] == status
    shown = admin.get('/shares/%s' % share['id']).json['share']
    assert shown['status'] == status
    exports = api.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations']
    if status == 'error':
        assert (shown['host'], exports) == (None, [])
        # A share in error can be deleted as usual.
        api.delete('/shares/%s' % share['id'], status=202)
    else:
        assert len(exports) == 1


def test_the_backend_name_comes_from_config(admin, api, conf):
    conf.set_override('share_backend_name', 'GOLD_POOL')
    _type(admin, 'gold', share_backend_name='GOLD_POOL')
    _type(admin, 'local', share_backend_name='LOCAL')
    assert api.create_share(share_type='gold')['status'] == 'available'
    assert api.create_share(share_type='local')['status'] == 'error'
