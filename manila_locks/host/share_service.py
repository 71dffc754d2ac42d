"""Share operations of the host. Every path that removes a share asks the
lock core's checker first, inside the transaction that holds the share's
row lock, so a lock placed concurrently either blocks it or fails."""
import datetime
import logging

from manila_locks.core import checker
from manila_locks.core import exception
from manila_locks.core import retry
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host.db import shares as shares_db
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import extra_specs
from manila_locks.host import message_field
from manila_locks.host import message_service
from manila_locks.host import placement
from manila_locks.host import quota
from manila_locks import policy

LOG = logging.getLogger(__name__)

DELETABLE = ('available', 'error', 'inactive')
# Statuses an operation is still running in (Manila's TRANSITIONAL_STATUSES).
TRANSITIONAL = ('creating', 'deleting', 'manage_starting',
                'unmanage_starting', 'extending', 'shrinking', 'migrating',
                'migrating_to', 'restoring', 'reverting', 'server_migrating',
                'server_migrating_to', 'backup_restoring', 'backup_creating',
                'ensuring')
RESETTABLE = ('creating', 'available', 'deleting', 'error', 'error_deleting',
              'migrating', 'migrating_to', 'server_migrating')
SHRINKABLE = ('available', 'shrinking_possible_data_loss_error')
# Manila's TASK_STATE_STATUSES: what reset_task_state may set (None clears).
TASK_STATES = ('migration_starting', 'migration_in_progress',
               'migration_completing', 'migration_success', 'migration_error',
               'migration_cancelled', 'migration_driver_in_progress',
               'migration_driver_phase1_done', 'data_copying_starting',
               'data_copying_in_progress', 'data_copying_completing',
               'data_copying_completed', 'data_copying_cancelled',
               'data_copying_error', None)


def target(share):
    return {'project_id': share.project_id, 'user_id': share.user_id}


class ShareStateError(exception.StateError):
    message = "Share status must be one of %(allowed)s; it is %(status)s."


class ShareSoftDeleted(exception.StateError):
    message = ("Cannot %(action)s share '%(share_id)s' since it has been "
               "soft deleted.")


class ShareTransitional(exception.StateError):
    message = ("Share with transitional state can not be unmanaged. Share "
               "'%(share_id)s' is in '%(status)s' state.")


class ShareNotRestorable(exception.StateError):
    message = ('Share %(share_id)s is being deleted or has suffered an error '
               'during deletion, cannot be restored.')


class PublicShareNotAllowed(exception.Forbidden):
    message = ("User is not authorized to set 'is_public' to True in the "
               "request.")


class InvalidResize(exception.Invalid):
    """Extend or shrink asked for a size or state that does not allow it."""


class InvalidStatus(exception.Invalid):
    message = 'Invalid state. Valid states: %(valid)s.'


class TaskStateOfSoftDeleted(exception.StateError):
    message = ("task state cannot be reset for share '%(share_id)s' since "
               "it has been soft deleted.")


@db_api.writer
def create(context, driver, values, metadata, specs=None, limits=None):
    """Insert the share and provision it.

    Within the project's `limits` (quota.limits; None: unlimited), or
    QuotaExceeded. A share no back end can hold (its type names another
    share_backend_name) is kept in status error, as Manila's scheduler
    leaves it (no host, nothing provisioned). A back end that fails to
    provision leaves the share in error with a user message saying so, as
    Manila's share manager does; any other failure leaves nothing.
    """
    if limits is not None:
        quota.check_create(context, limits, context.project_id,
                           values['share_type_id'], values['size'])
    if not placement.fits_backend(driver, specs or {}):
        share = shares_db.create(context, dict(values, status='error',
                                               host=None), metadata)
        LOG.warning('Share %s: no backend named %r (this host has %r); '
                    'the share is in error', share.id,
                    specs[extra_specs.BACKEND_NAME], driver.backend_name)
        return share
    share = shares_db.create(context, dict(values, status='creating'),
                             metadata)
    try:
        path = driver.create_share(share)
    except Exception:
        LOG.exception('Back end failed to create share %s', share.id)
        share.status = 'error'
        message_service.record(context, driver.conf.message_ttl,
                               message_field.Action.CREATE, share)
        return share
    try:
        shares_db.add_export_location(context, share, path)
        share.status = 'available'
        context.session.flush()
    except Exception:
        driver.delete_share(share)
        raise
    return share


def _ensure_status(share, allowed):
    if share.status not in allowed:
        raise ShareStateError(allowed=str(allowed), status=share.status)


def _ensure_not_soft_deleted(share, action):
    if share.is_soft_deleted:
        raise ShareSoftDeleted(action=action, share_id=share.id)


def _refuse_if_locked(context, share_id, rule, operation):
    """Refuse at once (core/checker.refuse_seen) removing a share that a
    lock guards; 404 and then 403 by `rule` come first, as on the
    row-locked path that follows when nothing refuses."""
    def read(connection):
        share, found = shares_db.read_guarded(connection, context, share_id)
        policy.authorize(context, rule, target(share))
        return share.id, found
    checker.refuse_seen(context, read, operation)


def delete(context, driver, share_id, force=False, rule=None):
    """Delete (or force-delete) a share; recycle-bin shares too, as in
    Manila. force skips the status check, never the lock check. `rule`:
    the policy, when not share:delete or share:force_delete (force-deleting
    a share's one instance removes the share)."""
    rule = rule or ('share:force_delete' if force else 'share:delete')
    _refuse_if_locked(context, share_id, rule, 'delete')
    _delete(context, driver, share_id, force, rule)


@retry.on_deadlock
@db_api.writer
def _delete(context, driver, share_id, force, rule):
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, rule, target(share))
    checker.ensure_not_locked(context, share.id, 'delete')
    if not force:
        _ensure_status(share, DELETABLE)
    driver.delete_share(share)
    shares_db.purge(context, share, 'force delete' if force else 'delete')
    LOG.info('Share %s deleted by user %s', share.id, context.user_id)


def unmanage(context, driver, share_id):
    _refuse_if_locked(context, share_id, 'share:unmanage', 'unmanage')
    _unmanage(context, driver, share_id)


@retry.on_deadlock
@db_api.writer
def _unmanage(context, driver, share_id):
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:unmanage', target(share))
    checker.ensure_not_locked(context, share.id, 'unmanage')
    _ensure_not_soft_deleted(share, 'unmanage')
    if share.status in TRANSITIONAL:
        raise ShareTransitional(share_id=share.id, status=share.status)
    driver.unmanage_share(share)
    shares_db.purge(context, share, 'unmanage')
    share.status = 'unmanaged'
    LOG.info('Share %s unmanaged by user %s', share.id, context.user_id)


def soft_delete(context, share_id, retention_seconds):
    _refuse_if_locked(context, share_id, 'share:soft_delete', 'soft delete')
    _soft_delete(context, share_id, retention_seconds)


@retry.on_deadlock
@db_api.writer
def _soft_delete(context, share_id, retention_seconds):
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:soft_delete', target(share))
    checker.ensure_not_locked(context, share.id, 'soft delete')
    _ensure_not_soft_deleted(share, 'soft delete')
    _ensure_status(share, DELETABLE)
    share.is_soft_deleted = True
    share.scheduled_to_be_deleted_at = base.utcnow() + datetime.timedelta(
        seconds=retention_seconds)
    share.updated_at = base.utcnow()


@retry.on_deadlock
@db_api.writer
def restore(context, share_id):
    """Take a share out of the recycle bin. Returns False (and changes
    nothing) when it was not in the recycle bin."""
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, 'share:restore', target(share))
    if not share.is_soft_deleted:
        return False
    if share.status in ('deleting', 'error_deleting'):
        raise ShareNotRestorable(share_id=share.id)
    share.is_soft_deleted = False
    share.scheduled_to_be_deleted_at = None
    share.updated_at = base.utcnow()
    return True


def purge_expired(context, driver):
    """Delete recycle-bin shares whose retention ran out. Locked shares are
    skipped (logged), never deleted. Returns the ids deleted."""
    deleted = []
    for share_id in shares_db.expired_soft_deleted_ids(context, base.utcnow()):
        try:
            _purge_one(context, driver, share_id)
            deleted.append(share_id)
        except exception.ResourceLocked as exc:
            # The checker has logged the refusal with its lock ids.
            LOG.debug('Recycle bin purge skipped share %s: %s', share_id,
                      exc)
        except shares_db.ShareNotFound:
            LOG.info('Recycle bin purge: share %s is already gone',
                     share_id)
    return deleted


@retry.on_deadlock
@db_api.writer
def _purge_one(context, driver, share_id):
    share = shares_db.get_for_update(context, share_id)
    checker.ensure_not_locked(context, share.id, 'delete')
    driver.delete_share(share)
    shares_db.purge(context, share, 'recycle bin purge')


@retry.on_deadlock
@db_api.writer
def update(context, share_id, changes):
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, 'share:update', target(share))
    _ensure_not_soft_deleted(share, 'update')
    if changes.get('is_public') and not policy.check(
            context, 'share:set_public_share', target(share)):
        raise PublicShareNotAllowed()
    for key, value in changes.items():
        setattr(share, key, value)
    share.updated_at = base.utcnow()
    return share


@retry.on_deadlock
@db_api.writer
def extend(context, driver, share_id, new_size, force=False, limits=None):
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, 'share:extend', target(share))
    if force:
        policy.authorize(context, 'share:force_extend', target(share))
    _ensure_not_soft_deleted(share, 'extend')
    if share.status != 'available':
        raise InvalidResize(
            "Share %s status must be 'available' to extend, but current "
            "status is: %s." % (share.id, share.status))
    if new_size <= share.size:
        raise InvalidResize(
            'New size for extend must be greater than current size. '
            '(current: %s, extended: %s).' % (share.size, new_size))
    beyond_max = policy.check(
        context, 'share:extend_beyond_max_share_size_spec', target(share))
    placement.check_size_of(context, share, new_size,
                            'admin-extend' if beyond_max else 'extend')
    if limits is not None:
        quota.check_extend(context, limits, share, new_size)
    driver.extend_share(share, new_size)
    _resized(share, new_size)
    return share


@retry.on_deadlock
@db_api.writer
def shrink(context, driver, share_id, new_size):
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, 'share:shrink', target(share))
    _ensure_not_soft_deleted(share, 'shrink')
    if share.status not in SHRINKABLE:
        raise InvalidResize(
            'Share %s status must in (%s) to shrink, but current status is: '
            '%s.' % (share.id, ', '.join(SHRINKABLE), share.status))
    if not 0 < new_size < share.size:
        raise InvalidResize(
            'New size for shrink must be less than current size and greater '
            'than 0 (current: %s, new: %s)' % (share.size, new_size))
    placement.check_size_of(context, share, new_size, 'shrink')
    driver.shrink_share(share, new_size)
    _resized(share, new_size)
    return share


def _resized(share, new_size):
    # The local driver resizes synchronously: the share stays available.
    share.size = new_size
    share.status = 'available'
    share.updated_at = base.utcnow()


@retry.on_deadlock
@db_api.writer
def reset_status(context, share_id, status, rule='share:reset_status'):
    share = shares_db.get(context, share_id, for_update=True)
    policy.authorize(context, rule, target(share))
    _ensure_not_soft_deleted(share, 'reset the status of')
    if status not in RESETTABLE:
        raise InvalidStatus(valid=', '.join(RESETTABLE))
    share.status = status
    share.updated_at = base.utcnow()
    # An offer stands only while its share awaits transfer, and no status
    # reset_status sets is awaiting_transfer: an open offer ends here, in
    # this transaction. (Manila leaves it open, and a later offer of the
    # share makes the old key work again.)
    for transfer in transfers_db.withdraw_for_share(context, share.id):
        LOG.info('Transfer %s of share %s withdrawn: user %s reset the '
                 "share's status to %s", transfer.id, share.id,
                 context.user_id, status)
    return share


@retry.on_deadlock
@db_api.writer
def reset_task_state(context, share_id, task_state):
    share = shares_db.get(context, share_id, for_update=True)
    # Manila runs reset_task_state through its reset_status path, so a
    # caller needs both rules.
    policy.authorize(context, 'share:reset_task_state', target(share))
    policy.authorize(context, 'share:reset_status', target(share))
    if share.is_soft_deleted:
        raise TaskStateOfSoftDeleted(share_id=share.id)
    if task_state not in TASK_STATES:
        raise InvalidStatus(valid=', '.join(str(s) for s in TASK_STATES))
    share.task_state = task_state
    share.updated_at = base.utcnow()
    return share
