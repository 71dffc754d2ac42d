"""Share deletion locks, beyond the story in
tests/api/gabbits/share-deletion-locks.yaml (every removal path refused for
owner and admin, the share left as it was): each path without locks, what a
service of another project learns, locks that do not block, the recycle-bin
purge, and the refusal's log line."""
import logging

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import models
from manila_locks.db import base
from manila_locks.db import prepared
from manila_locks.host.db import shares as shares_db
from manila_locks.host import drivers
from manila_locks.host import models as host_models
from manila_locks.host import share_service
from tests import dbutils


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


def test_other_project_service_learns_no_lock_ids(api, db, share, lock):
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).values(
            is_public=True))
    service = api.as_('glance:services:service')
    response = _delete(service, share['id'], 403)
    assert response.json['forbidden']['message'] == (
        'Resource lock/s placed by others prevent delete action.')


@pytest.mark.parametrize('path', sorted(PATHS))
def test_unlocked_share_goes_on_every_path(api, admin, db, share, path):
    lock = api.lock(share['id'])
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    PATHS[path](admin, share['id'], 202)
    assert api.get('/shares/detail').json['shares'] == []
    if path == 'soft_delete':
        # In the recycle bin until it expires.
        shown = api.get('/shares/%s' % share['id']).json['share']
        assert shown['is_soft_deleted'] is True
    else:
        api.get('/shares/%s' % share['id'], status=404)


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
    assert share_service.purge_expired(context, drivers.load(conf)) == []
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


# The quick refusal (core/checker.refuse_seen): a share that a lock already
# guards is refused in one short transaction, without its row lock.

@pytest.mark.parametrize('path', sorted(PATHS))
def test_a_seen_lock_refuses_without_the_row_locked_path(
        api, admin, db, share, lock, monkeypatch, path):
    def row_locked(*args, **kwargs):
        raise AssertionError('the row-locked path ran')
    for name in ('_delete', '_soft_delete', '_unmanage'):
        monkeypatch.setattr(share_service, name, row_locked)
    seen = dbutils.sent_while(
        db.engine, lambda: PATHS[path](admin, share['id'], 403))
    # (On PostgreSQL the share's row lock of a lock create runs as an
    # EXECUTE of a statement prepared on an earlier request: db/prepared.)
    row_lock = prepared._plan(shares_db._LOCKABLE).name
    assert not [text for text in seen
                if 'FOR UPDATE' in text or row_lock in text]
    # The read, then the refusal's history (on PostgreSQL and SQLite each
    # on its own, the history's commit relaxed by the insert itself or by
    # a PRAGMA before it: db/api.refusal_insert; the action paths look
    # the share up before).
    kinds = [dbutils.kind(text) for text in seen if dbutils.counted(text)
             and dbutils.kind(text) not in ('BEGIN', 'PRAGMA')]
    assert kinds[-2:] == ['SELECT', 'INSERT']
    assert kinds.count('INSERT') == 1
    events = api.get('/resource-lock-events?event=refused').json
    [event] = events['resource_lock_events']
    assert event['lock_id'] == lock['id']


def test_a_lock_placed_after_the_quick_read_is_still_seen(
        api, share, lock, monkeypatch):
    # As if the lock had been placed between the quick read and the row
    # lock: the quick read saw none, so only the row-locked path decides,
    # and it refuses (and writes the refusal's history once).
    real = share_service.shares_db.read_guarded

    def saw_nothing(connection, context, share_id):
        found, _ = real(connection, context, share_id)
        return found, []
    monkeypatch.setattr(share_service.shares_db, 'read_guarded', saw_nothing)
    response = _delete(api, share['id'], 403)
    assert lock['id'] in response.json['forbidden']['message']
    events = api.get('/resource-lock-events?event=refused').json
    assert [e['lock_id'] for e in events['resource_lock_events']] == [
        lock['id']]
    api.get('/shares/%s' % share['id'])


def test_the_quick_read_keeps_404_before_403(api, share, lock):
    # Another project's private share is not found, locked or not.
    other = api.as_('carol:p2')
    _delete(other, share['id'], 404)
    events = api.get('/resource-lock-events?event=refused').json
    assert events['resource_lock_events'] == []
