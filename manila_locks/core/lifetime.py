"""Changing a lock's lifetime: the /retention and /legal-hold
sub-resources of a lock, and the sweep of expired locks.

The rules (who may weaken what, and when) are core/retention.py's; this
module applies them inside the writes. Every change row-locks the lock's
resource, then the lock, as core/locks.update does, and records a
``changed`` event (before/after: expires_at, retention_mode, legal_hold)
in the same transaction.
"""
import datetime

from manila_locks.core import audit
from manila_locks.core import authorization
from manila_locks.core import clock
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import locks
from manila_locks.core import retention
from manila_locks.core import retry
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.db import base

LEGAL_HOLD_RULE = 'resource_lock:legal_hold'
COMPLIANCE_RULE = retention.COMPLIANCE_RULE
SET_OPERATION = 'set retention'
UNSET_OPERATION = 'unset retention'
HOLD_OPERATION = 'place legal hold'
RELEASE_OPERATION = 'release legal hold'


def _lock_with_resource(context, lookup, lock_id):
    """The lock, row-locked after its resource: the order every share
    writer takes them (see locks.update), so a change of lifetime and a
    delete of the resource are serialised."""
    lock = store.get(context, lock_id, locks.scope_of(context))
    lookup.get_for_update(context, lock.resource_type, lock.resource_id)
    return store.get(context, lock_id, locks.scope_of(context),
                     for_update=True)


def _mirror_on_companions(context, lock):
    """A companion lock lives exactly as long as its parent, and says so:
    same expiry, retention mode, cooling-off and hold."""
    for companion in store.live_companions(context, lock):
        locks.take_lifetime(companion, lock)


def _record_change(context, lock, before, operation):
    after = retention.snapshot(lock)
    if before == after:
        return
    lock.updated_at = base.utcnow()
    _mirror_on_companions(context, lock)
    store.flush(context)
    audit.record(context, audit.CHANGED, [lock.id], lock.resource_action,
                 lock.resource_id, operation)
    history.record(context, history.CHANGED, [lock], operation,
                   history.difference(before, after))


@retry.on_deadlock
@db_api.writer
def set_retention(context, lookup, lock_id, expires_at=None, duration=None,
                  mode=None, cooling_off_seconds=0, authorizer=None):
    """Set, extend or shorten a lock's expiry and/or change its mode.

    `mode` None keeps the lock's mode (governance for a lock without one).
    Becoming compliance starts the cooling-off period. A legal hold or a
    binding compliance retention refuses any shortening (a lock without an
    expiry has the longest one) and, for compliance, leaving the mode.
    Becoming compliance, or a compliance lock's extension, also takes the
    ``resource_lock:compliance`` policy.
    """
    authorizer = authorization.resolve(authorizer)
    lock = _lock_with_resource(context, lookup, lock_id)
    locks.ensure_may_manipulate(context, lock, 'resource_lock:update',
                                authorizer)
    now = clock.now()
    new_expiry = retention.expiry_from(now, expires_at, duration)
    new_mode = mode or lock.retention_mode or retention.GOVERNANCE
    shorter = lock.expires_at is None or new_expiry < lock.expires_at
    if lock.legal_hold_at is not None and shorter:
        raise retention.LockOnLegalHold(lock_ids=lock.id)
    compliance = new_mode == retention.COMPLIANCE
    binding = retention.is_binding(context, lock, now, authorizer)
    if binding and (shorter or not compliance):
        raise retention.LockRetained(lock_ids=lock.id)
    if compliance and (lock.retention_mode != retention.COMPLIANCE or
                       lock.expires_at is None or
                       new_expiry > lock.expires_at):
        # Making a lock unremovable, or keeping it so for longer, takes a
        # rule of its own, so that operators can bound who may.
        authorizer.authorize(context, COMPLIANCE_RULE,
                             locks.lock_target(lock))
    before = retention.snapshot(lock)
    if not compliance:
        lock.binding_from = None
    elif lock.retention_mode != retention.COMPLIANCE:
        # Becoming compliance starts the cooling-off period.
        lock.binding_from = now + datetime.timedelta(
            seconds=cooling_off_seconds)
    lock.expires_at, lock.retention_mode = new_expiry, new_mode
    _record_change(context, lock, before, SET_OPERATION)
    return lock


@retry.on_deadlock
@db_api.writer
def unset_retention(context, lookup, lock_id, authorizer=None):
    """Remove a lock's expiry and mode: it guards until removed again.
    That lengthens its life, so a legal hold allows it; a binding
    compliance retention does not (it would leave compliance)."""
    lock = _lock_with_resource(context, lookup, lock_id)
    locks.ensure_may_manipulate(context, lock, 'resource_lock:update',
                                authorizer)
    if retention.is_binding(context, lock, clock.now(), authorizer):
        raise retention.LockRetained(lock_ids=lock.id)
    before = retention.snapshot(lock)
    lock.expires_at = lock.retention_mode = lock.binding_from = None
    _record_change(context, lock, before, UNSET_OPERATION)
    return lock


def _ensure_may_hold(context, lock, authorizer):
    if lock.parent_lock_id:
        raise exception.CompanionLockImmutable(lock_id=lock.id,
                                               parent_id=lock.parent_lock_id)
    authorization.resolve(authorizer).authorize(
        context, LEGAL_HOLD_RULE, locks.lock_target(lock))


@retry.on_deadlock
@db_api.writer
def place_legal_hold(context, lookup, lock_id, reason=None,
                     authorizer=None):
    """Put a lock on legal hold (or change the reason of its hold)."""
    lock = _lock_with_resource(context, lookup, lock_id)
    _ensure_may_hold(context, lock, authorizer)
    before = retention.snapshot(lock)
    if lock.legal_hold_at is None:
        lock.legal_hold_at = clock.now()
    lock.legal_hold_reason = reason
    lock.legal_hold_user_id = context.user_id
    _record_change(context, lock, before, HOLD_OPERATION)
    return lock


@retry.on_deadlock
@db_api.writer
def release_legal_hold(context, lookup, lock_id, authorizer=None):
    """Release a lock's legal hold. A lock whose expiry passed while held
    is gone the moment its hold is released."""
    lock = _lock_with_resource(context, lookup, lock_id)
    _ensure_may_hold(context, lock, authorizer)
    before = retention.snapshot(lock)
    lock.legal_hold_at = lock.legal_hold_reason = None
    lock.legal_hold_user_id = None
    _record_change(context, lock, before, RELEASE_OPERATION)
    return lock


@retry.on_deadlock
@db_api.writer
def expire(context, now=None):
    """Mark the locks past their expiry (and not on legal hold) deleted,
    recording an ``expired`` event (and notification) for each; returns
    their ids. They stopped guarding at their expiry already."""
    found = store.expired_locks(context, now or clock.now())
    removed = store.soft_delete(context, found, history.EXPIRED,
                                retention.EXPIRE_OPERATION)
    if removed:
        audit.record(context, audit.REMOVED, removed, 'delete, show', '-',
                     'expired')
    return removed
