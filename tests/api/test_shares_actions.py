"""Share actions: recycle bin, unmanage, extend/shrink, force delete,
reset status; and a smoke test per delete path that a deletion lock holds.
"""
import datetime
import os

from manila_locks import context
from manila_locks.core import store
from manila_locks.host.drivers import local
from manila_locks.host import share_service


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _act(client, share, body, status=202):
    return client.post('/shares/%s/action' % share['id'], body,
                       status=status)


def _show(client, share, status=200):
    return client.get('/shares/%s' % share['id'], status=status)


def _share_dir(conf, share):
    return os.path.join(conf.state_path, 'shares', 'share-%s' % share['id'])


def test_restoring_a_share_not_in_the_recycle_bin_is_a_bare_200(api):
    """As Manila answers it: webob's default Response, text/html, empty;
    the OpenAPI document describes exactly that."""
    response = _act(api, api.create_share(), {'restore': None}, status=200)
    assert (response.content_type, response.body) == ('text/html', b'')


def test_soft_delete_and_restore(api, bob, eve, conf):
    share = api.create_share()
    api.as_(version='2.68').post('/shares/%s/action' % share['id'],
                                 {'soft_delete': None}, status=404)
    eve.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=404)
    before = _utcnow()
    assert _act(api, share, {'soft_delete': None}).body == b''
    after = _utcnow()
    binned = _show(api, share).json['share']
    assert binned['is_soft_deleted'] is True
    # Due one retention period after it was binned.
    retention = datetime.timedelta(
        seconds=conf.soft_deleted_share_retention_time)
    due = datetime.datetime.fromisoformat(
        binned['scheduled_to_be_deleted_at'])
    assert before + retention <= due <= after + retention

    # In the recycle bin a share cannot change, or be binned again.
    fault = _act(api, share, {'soft_delete': None}, status=403).json
    assert fault['forbidden'] == {'code': 403, 'message': (
        "Cannot soft delete share '%s' since it has been soft deleted."
        % share['id'])}
    api.put('/shares/%s' % share['id'], {'share': {'display_name': 'x'}},
            status=403)
    _act(api, share, {'extend': {'new_size': 5}}, status=403)
    _act(api, share, {'shrink': {'new_size': 1}}, status=403)

    # Any project member may restore it.
    assert _act(bob, share, {'restore': None}).status_int == 202
    restored = _show(api, share).json['share']
    assert (restored['is_soft_deleted'],
            restored['scheduled_to_be_deleted_at']) == (False, None)
    # Restoring a share that is not in the bin is a no-op answered 200.
    assert _act(api, share, {'restore': None}, status=200).body == b''
    assert os.path.isdir(_share_dir(conf, share))


def test_recycle_bin_share_can_still_be_deleted(api):
    share = api.create_share()
    _act(api, share, {'soft_delete': None})
    api.delete('/shares/%s' % share['id'], status=202)
    _show(api, share, status=404)


def test_unmanage_keeps_the_data(api, admin, conf):
    share = api.create_share()
    _act(api, share, {'unmanage': None}, status=403)
    _act(admin.as_(version='2.6'), share, {'unmanage': None}, status=404)
    _act(admin, share, {'unmanage': None})
    _show(api, share, status=404)
    assert os.path.isdir(_share_dir(conf, share))

    old = api.create_share(name='old')
    admin.as_(version='2.6').post(
        '/os-share-unmanage/%s/unmanage' % old['id'], None, status=202)
    _show(api, old, status=404)
    admin.post('/os-share-unmanage/%s/unmanage' % old['id'], None,
               status=404)


def test_unmanage_refuses_busy_and_binned_shares(api, admin):
    share = api.create_share()
    _act(admin, share, {'reset_status': {'status': 'creating'}})
    fault = _act(admin, share, {'unmanage': None}, status=403).json
    assert 'transitional state' in fault['forbidden']['message']
    _act(admin, share, {'reset_status': {'status': 'available'}})
    _act(api, share, {'soft_delete': None})
    _act(admin, share, {'unmanage': None}, status=403)


def test_extend_and_shrink(api, reader, admin):
    share = api.create_share(size=2)
    _act(api, share, {'extend': {'new_size': 5}})
    assert _show(api, share).json['share']['size'] == 5
    _act(api, share, {'shrink': {'new_size': '3'}})
    assert _show(api, share).json['share']['size'] == 3
    # os- spellings below 2.7, plain ones from 2.7.
    legacy = api.as_(version='2.6')
    _act(legacy, share, {'os-extend': {'new_size': 4}})
    _act(legacy, share, {'os-shrink': {'new_size': 3}})
    _act(legacy, share, {'extend': {'new_size': 9}}, status=404)
    _act(api, share, {'os-extend': {'new_size': 9}}, status=404)

    grow = _act(api, share, {'extend': {'new_size': 3}}, status=400).json
    assert 'must be greater than current size' in grow['badRequest'][
        'message']
    shrink = _act(api, share, {'shrink': {'new_size': 3}}, status=400).json
    assert 'must be less than current size' in shrink['badRequest'][
        'message']
    _act(api, share, {'shrink': {'new_size': 0}}, status=400)
    for bad in ({}, {'new_size': 'big'}, {'new_size': -1},
                {'new_size': 1.5}, {'new_size': True}, None, 7):
        fault = _act(api, share, {'extend': bad}, status=400).json
        assert fault['badRequest']['message'] == (
            'New share size must be specified as an integer.')
    _act(reader, share, {'extend': {'new_size': 10}}, status=403)
    # force (2.64) is for admins.
    _act(api, share, {'extend': {'new_size': 10, 'force': True}},
         status=403)
    _act(admin, share, {'extend': {'new_size': 10, 'force': 'true'}})
    _act(admin, share, {'reset_status': {'status': 'error'}})
    busy = _act(api, share, {'extend': {'new_size': 11}}, status=400).json
    assert "must be 'available' to extend" in busy['badRequest']['message']
    assert _show(api, share).json['share']['size'] == 10


def test_force_delete_and_reset_status_are_for_admins(api, admin):
    share = api.create_share()
    _act(api, share, {'force_delete': None}, status=403)
    _act(api, share, {'reset_status': {'status': 'error'}}, status=403)
    _act(admin.as_(version='2.6'), share,
         {'os-reset_status': {'status': 'deleting'}})
    assert _show(api, share).json['share']['status'] == 'deleting'
    bad = _act(admin, share, {'reset_status': {'status': 'happy'}},
               status=400).json
    assert 'Invalid state' in bad['badRequest']['message']
    _act(admin, share, {'reset_status': {}}, status=400)
    _act(admin, share, {'force_delete': None})
    _show(api, share, status=404)
    legacy = api.create_share()
    _act(admin.as_(version='2.6'), legacy, {'os-force_delete': None})
    _show(api, legacy, status=404)


def test_unknown_and_malformed_actions(api):
    share = api.create_share()
    fault = _act(api, share, {'dance': None}, status=400).json
    assert fault['badRequest']['message'] == 'There is no such action: dance'
    _act(api, share, {}, status=400)
    _act(api, share, {'extend': {'new_size': 3}, 'shrink': None},
         status=400)
    api.post('/shares/%s/action' % ('0' * 36), {'restore': None},
             status=404)


def _assert_locked(client, share, response):
    assert 'prevent' in response.json['forbidden']['message']
    assert _show(client, share).json['share']['status'] == 'available'


def test_a_deletion_lock_holds_on_every_delete_path(api, admin, conf):
    # Smoke tests only: the lock behaviour is tested in depth elsewhere.
    share = api.create_share()
    lock = api.lock(share['id'])
    _assert_locked(api, share, api.delete('/shares/%s' % share['id'],
                                          status=403))
    _assert_locked(api, share, _act(admin, share, {'force_delete': None},
                                    status=403))
    _assert_locked(api, share, _act(api, share, {'soft_delete': None},
                                    status=403))
    _assert_locked(api, share, _act(admin, share, {'unmanage': None},
                                    status=403))
    assert _show(api, share).json['share']['is_soft_deleted'] is False
    assert os.path.isdir(_share_dir(conf, share))
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    api.delete('/shares/%s' % share['id'], status=202)


def test_recycle_bin_purge_skips_locked_shares(api, conf):
    conf.set_override('soft_deleted_share_retention_time', 0)
    expired, locked, kept = (api.create_share(name=n)
                             for n in ('expired', 'locked', 'kept'))
    for share in (expired, locked):
        _act(api, share, {'soft_delete': None})
    # The lock API refuses to lock a share in the recycle bin; a lock
    # placed just before the soft delete committed looks like this.
    _insert_delete_lock(locked)
    purged = share_service.purge_expired(context.get_admin_context(),
                                         local.LocalDriver(conf))
    assert purged == [expired['id']]
    _show(api, expired, status=404)
    assert not os.path.exists(_share_dir(conf, expired))
    assert _show(api, locked).json['share']['is_soft_deleted'] is True
    assert _show(api, kept).json['share']['status'] == 'available'


def _insert_delete_lock(share):
    store.insert(context.get_admin_context(), {
        'user_id': 'alice', 'project_id': 'p1', 'resource_project_id': 'p1',
        'lock_context': 'user', 'resource_id': share['id'],
        'resource_type': 'share', 'container_id': share['id'],
        'resource_action': 'delete'})
