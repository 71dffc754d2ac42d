"""Locks with a lifetime: expiry, retention modes and legal hold.

A lock may carry an expiry (``expires_at``). It guards while the expiry is
ahead of ``clock.now()``; from that instant on every guard and every read
treats it as gone (store._unexpired adds the condition to the guard
query), and ``expire`` (``manila-locks-manage locks expire``, for cron)
marks it deleted later, recording an ``expired`` event. Nothing writes at
the moment of expiry.

The retention mode says who may weaken the lock before then:

* ``governance``: as any lock, whoever may update it (policy and lock
  context, core/locks.ensure_may_manipulate) may remove it, shorten or
  remove its expiry, or change its action.
* ``compliance``: nobody, administrators and services included, on any
  path, until it expires; it can only be extended. During the cooling-off
  period (``binding_from``, set when the lock becomes compliance) its own
  user may still treat it as governance, so a mistake is not permanent,
  if they pass ``resource_lock:compliance`` themselves.

A **legal hold** is independent of both: while held, the lock neither
expires nor can be removed, shortened or have its action changed. Placing
and releasing it takes the ``resource_lock:legal_hold`` policy.

``refusal`` is the one test every removing path asks: lock DELETE and PUT,
the retention and legal hold sub-resources (core/lifetime.py), an access
rule's deny (core/rule_locks.py) and every path that removes a share
(core/checker.py). This module holds the rules only; it reads and writes
nothing, and asks the policy only who may undo a compliance retention
while it cools off.
"""
import datetime

from manila_locks.core import authorization
from manila_locks.core import clock
from manila_locks.core import exception

GOVERNANCE = 'governance'
COMPLIANCE = 'compliance'
MODES = (GOVERNANCE, COMPLIANCE)

# The furthest ahead an expiry may be set: far enough for any retention
# rule, near enough that adding it to now never leaves datetime's range.
MAX_AHEAD = datetime.timedelta(days=100 * 366)
MAX_DURATION = int(MAX_AHEAD.total_seconds())

EXPIRE_OPERATION = 'expire'
# Making a lock compliance, or extending a compliance lock (core/lifetime).
COMPLIANCE_RULE = 'resource_lock:compliance'


class LockRetained(exception.Forbidden):
    message = ('Resource lock/s [%(lock_ids)s] are under compliance '
               'retention and cannot be removed, shortened or changed '
               'before they expire.')


class LockOnLegalHold(exception.Forbidden):
    message = ('Resource lock/s [%(lock_ids)s] are on legal hold and '
               'cannot be removed, shortened or changed.')


class ExpiryNotAhead(exception.Invalid):
    message = ('The expiry %(expires_at)s must be later than now '
               '(%(now)s UTC) and at most %(days)d days ahead.')


def is_binding(context, lock, now, authorizer=None):
    """True when compliance retention binds this caller now (`authorizer`:
    see core/authorization.py)."""
    if lock.retention_mode != COMPLIANCE or lock.expires_at is None:
        return False
    if lock.expires_at <= now:
        return False
    cooling_off = lock.binding_from is not None and now < lock.binding_from
    return not (cooling_off and _may_undo(context, lock, authorizer))


def _may_undo(context, lock, authorizer):
    """While cooling off: the lock's own user, if they may make a lock
    compliance themselves (an operator who restricts
    resource_lock:compliance does not let a user undo what a compliance
    officer did)."""
    if context.user_id != lock.user_id:
        return False
    return authorization.resolve(authorizer).check(
        context, COMPLIANCE_RULE,
        {'project_id': lock.project_id, 'user_id': lock.user_id})


def refusal(context, found, now=None, authorizer=None):
    """The error that keeps `context` from removing or weakening any of the
    locks `found`, or None: a legal hold first, then compliance."""
    now = now or clock.now()
    held = [lock.id for lock in found if lock.legal_hold_at is not None]
    if held:
        return LockOnLegalHold(lock_ids=', '.join(held))
    bound = [lock.id for lock in found
             if is_binding(context, lock, now, authorizer)]
    if bound:
        return LockRetained(lock_ids=', '.join(bound))
    return None


def is_retained(context, lock, now=None, authorizer=None):
    return refusal(context, [lock], now, authorizer) is not None


def ensure_removable(context, found, now=None, authorizer=None):
    error = refusal(context, found, now, authorizer)
    if error is not None:
        raise error


def snapshot(lock):
    """The lifetime fields of a lock, as history's before/after hold them."""
    return {'expires_at': _iso(lock.expires_at),
            'retention_mode': lock.retention_mode,
            'legal_hold': lock.legal_hold_at is not None,
            'legal_hold_reason': lock.legal_hold_reason}


def _iso(value):
    return None if value is None else value.strftime('%Y-%m-%dT%H:%M:%S.%f')


def expiry_from(now, expires_at=None, duration=None):
    """The expiry a request asks for: a time, or seconds from now."""
    if duration is not None:
        expires_at = now + datetime.timedelta(seconds=duration)
    if not now < expires_at <= now + MAX_AHEAD:
        raise ExpiryNotAhead(expires_at=_iso(expires_at), now=_iso(now),
                             days=MAX_AHEAD.days)
    return expires_at
