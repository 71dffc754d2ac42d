"""Share operations of the host. Every path that removes a share asks the
lock core's checker first, inside the transaction that holds the share's
row lock, so a lock placed concurrently either blocks it or fails."""
import datetime
import logging

from manila_locks.core import checker
from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host.db import shares as shares_db
from manila_locks import policy

LOG = logging.getLogger(__name__)

DELETABLE = ('available', 'error', 'inactive')


def target(share):
    return {'project_id': share.project_id, 'user_id': share.user_id}


class ShareStateError(exception.Forbidden):
    message = "Share status must be one of %(allowed)s; it is %(status)s."


class ShareSoftDeleted(exception.Forbidden):
    message = 'Share %(share_id)s is in the recycle bin.'


@db_api.writer
def create(context, driver, values, metadata):
    """Insert the share and provision it; on any failure nothing remains."""
    share = shares_db.create(context, dict(values, status='creating'),
                             metadata)
    path = driver.create_share(share)
    try:
        shares_db.add_export_location(context, share, path)
        share.status = 'available'
        context.session.flush()
    except Exception:
        driver.delete_share(share)
        raise
    return share


def _ensure_deletable(share, force):
    if share.is_soft_deleted:
        raise ShareSoftDeleted(share_id=share.id)
    if not force and share.status not in DELETABLE:
        raise ShareStateError(allowed=str(DELETABLE), status=share.status)


@db_api.writer
def delete(context, driver, share_id, force=False):
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:force_delete' if force else
                     'share:delete', target(share))
    checker.ensure_not_locked(context, share.id, 'delete')
    _ensure_deletable(share, force)
    driver.delete_share(share)
    shares_db.purge(context, share)
    LOG.info('Share %s deleted by user %s', share.id, context.user_id)


@db_api.writer
def unmanage(context, driver, share_id):
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:unmanage', target(share))
    checker.ensure_not_locked(context, share.id, 'unmanage')
    _ensure_deletable(share, False)
    driver.unmanage_share(share)
    shares_db.purge(context, share)
    share.status = 'unmanaged'


@db_api.writer
def soft_delete(context, share_id, retention_seconds):
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:soft_delete', target(share))
    checker.ensure_not_locked(context, share.id, 'soft delete')
    _ensure_deletable(share, False)
    share.is_soft_deleted = True
    share.scheduled_to_be_deleted_at = base.utcnow() + datetime.timedelta(
        seconds=retention_seconds)


@db_api.writer
def restore(context, share_id):
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, 'share:restore', target(share))
    share.is_soft_deleted = False
    share.scheduled_to_be_deleted_at = None


def purge_expired(context, driver):
    """Delete recycle-bin shares whose retention ran out. Locked shares are
    skipped (logged), never deleted. Returns the ids deleted."""
    deleted = []
    for share_id in shares_db.expired_soft_deleted_ids(context, base.utcnow()):
        try:
            _purge_one(context, driver, share_id)
            deleted.append(share_id)
        except exception.ResourceLocked as exc:
            LOG.warning('Recycle bin purge skipped share %s: %s', share_id,
                        exc)
    return deleted


@db_api.writer
def _purge_one(context, driver, share_id):
    share = shares_db.get_for_update(context, share_id)
    checker.ensure_not_locked(context, share.id, 'delete')
    driver.delete_share(share)
    shares_db.purge(context, share)


@db_api.writer
def update(context, share_id, changes):
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, 'share:update', target(share))
    if share.is_soft_deleted:
        raise ShareSoftDeleted(share_id=share.id)
    for key, value in changes.items():
        setattr(share, key, value)
    share.updated_at = base.utcnow()
    return share
