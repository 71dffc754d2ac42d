"""A deletion lock stops every path that removes a share (checklist 8.5,
defects 16 and 20), for owners and admins alike, and leaves the share as it
was. Each refusal is logged once."""
import logging

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import models
from manila_locks.db import base
from manila_locks.host import drivers
from manila_locks.host import models as host_models
from manila_locks.host import share_api

MESSAGE = 'Resource lock/s [%s] prevent delete action.'


def _delete(client, share_id, status):
    return client.delete('/shares/%s' % share_id, status=status)


def _delete_forced_param(client, share_id, status):
    return client.delete('/shares/%s?force=True' % share_id, status=status)


def _action(name):
    def call(client, share_id, status):
        return client.post('/shares/%s/action' % share_id, {name: None},
                           status=status)
    call.__name__ = name
    return call


PATHS = {
    'delete': _delete,
    'delete?force=True': _delete_forced_param,
    'force_delete': _action('force_delete'),
    'soft_delete': _action('soft_delete'),
    'unmanage': _action('unmanage'),
}
OWNER_PATHS = ('delete', 'delete?force=True', 'soft_delete')


def _assert_intact(api, share, lock_ids):
    shown = api.get('/shares/%s' % share['id']).json['share']
    assert shown['status'] == 'available'
    assert shown['is_soft_deleted'] is False
    exports = api.get('/shares/%s/export_locations' % share['id']).json
    assert exports['export_locations']
    live = api.get('/resource-locks?resource_id=%s' % share['id']).json
    assert sorted(item['id'] for item in live['resource_locks']) == sorted(
        lock_ids)


@pytest.mark.parametrize('path', sorted(PATHS))
def test_admin_is_refused_on_every_path(api, admin, share, lock, path):
    response = PATHS[path](admin, share['id'], 403)
    assert response.json['forbidden']['message'] == MESSAGE % lock['id']
    _assert_intact(api, share, [lock['id']])


@pytest.mark.parametrize('path', OWNER_PATHS)
def test_owner_is_refused(api, share, lock, path):
    response = PATHS[path](api, share['id'], 403)
    assert response.json['forbidden']['message'] == MESSAGE % lock['id']
    _assert_intact(api, share, [lock['id']])


@pytest.mark.parametrize('path', ['force_delete', 'unmanage'])
def test_owner_meets_policy_before_locks(api, share, lock, path):
    # Defect 16: no lock ids for a caller the action's policy refuses.
    response = PATHS[path](api, share['id'], 403)
    assert lock['id'] not in response.json['forbidden']['message']
    assert 'share:' in response.json['forbidden']['message']


def test_other_project_service_learns_no_lock_ids(api, db, share, lock):
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).values(
            is_public=True))
    service = api.as_('glance:services:service')
    response = _delete(service, share['id'], 403)
    assert response.json['forbidden']['message'] == (
        'Resource lock/s placed by others prevent delete action.')


@pytest.mark.parametrize('locker', ['api', 'bob', 'admin', 'nova'])
def test_any_lock_blocks_the_owner(request, api, share, locker):
    lock = request.getfixturevalue(locker).lock(share['id'])
    response = _delete(api, share['id'], 403)
    assert response.json['forbidden']['message'] == MESSAGE % lock['id']


def test_two_locks(api, admin, share):
    first = api.lock(share['id'])
    second = admin.lock(share['id'])
    response = _delete(api, share['id'], 403)
    assert response.json['forbidden']['message'] == (
        'Resource lock/s [%s, %s] prevent delete action.'
        % (first['id'], second['id']))
    api.delete('/resource-locks/%s' % first['id'], status=204)
    response = _delete(admin, share['id'], 403)
    assert response.json['forbidden']['message'] == MESSAGE % second['id']
    _assert_intact(api, share, [second['id']])
    admin.delete('/resource-locks/%s' % second['id'], status=204)
    _delete(api, share['id'], 202)
    api.get('/shares/%s' % share['id'], status=404)


@pytest.mark.parametrize('path', sorted(PATHS))
def test_unlocked_share_goes_on_every_path(api, admin, db, share, path):
    lock = api.lock(share['id'])
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    PATHS[path](admin, share['id'], 202)
    shares = api.get('/shares/detail').json['shares']
    assert share['id'] not in [item['id'] for item in shares
                               if not item.get('is_soft_deleted')]


def test_visibility_lock_does_not_block(api, db, share):
    with db.engine.begin() as connection:
        connection.execute(sa.insert(models.ResourceLock).values(
            id='f' * 8 + '-0000-4000-8000-' + '0' * 12, user_id='alice',
            project_id='p1', resource_project_id='p1', lock_context='user',
            resource_id=share['id'], resource_type='share',
            container_id=share['id'], resource_action='show',
            created_at=base.utcnow(),
            deleted=base.LIVE))
    _delete(api, share['id'], 202)


def test_recycle_bin_purge_skips_locked_shares(api, conf, db, share):
    # Reachable only by a race Manila has: a lock on a soft-deleted share.
    api.lock(share['id'])
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).values(
            is_soft_deleted=True,
            scheduled_to_be_deleted_at=base.utcnow()))
    context = ml_context.get_admin_context()
    assert share_api.purge_expired(context, drivers.load(conf)) == []
    with db.engine.connect() as connection:
        assert connection.execute(sa.select(host_models.Share.deleted)
                                  ).scalar_one() == base.LIVE


def test_refusal_is_logged_once(api, share, lock, caplog):
    caplog.set_level(logging.INFO, logger='manila_locks')
    response = PATHS['soft_delete'](api, share['id'], 403)
    request_id = response.headers['x-openstack-request-id']
    records = [r.getMessage() for r in caplog.records
               if 'Lock refused' in r.getMessage()]
    assert len(records) == 1
    for part in (request_id, 'user alice', 'project p1', 'soft delete',
                 share['id'], lock['id']):
        assert part in records[0]
