"""Locks that come and go with an access rule.

``place`` runs inside the host's allow_access transaction: the rule and its
locks are committed together or not at all. ``release_for_deny`` runs inside
the deny transaction, after the host has found the rule on the caller's
share, so nothing here is reached for a rule the caller cannot see.
"""
import dataclasses
import typing

from manila_locks.core import audit
from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import locks
from manila_locks.core import retention
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api


ALLOW = 'allow access'
DENY = 'deny access'
UNRESTRICTED_DENY = 'unrestricted deny access'


class RuleLocked(exception.Forbidden):
    message = ("Cannot deny access for share '%(share_id)s' since it has "
               "been locked. Please remove the locks and retry the "
               "operation")


class RestrictionsNotYours(exception.Forbidden):
    message = ('Unable to drop access rule restrictions that are not placed '
               'by you.')


class ReasonWithoutLock(exception.Invalid):
    message = ('Lock reason can only be specified when locking the '
               'visibility or the deletion of an access rule.')


@dataclasses.dataclass(frozen=True)
class LockRequest:
    """What allow_access asked for: lock_deletion, lock_visibility and
    lock_reason of its body (all absent below 2.82)."""
    deletion: bool = False
    visibility: bool = False
    reason: typing.Optional[str] = None

    def check(self):
        if self.reason is not None and not (self.deletion or
                                            self.visibility):
            raise ReasonWithoutLock()


@dataclasses.dataclass(frozen=True)
class PlacedLocks:
    """The rule's own new locks (each brings what locks.create brings)."""
    deletion: typing.Any = None
    visibility: typing.Any = None


@db_api.writer
def place(context, lookup, rule_id, request):
    """Lock a new rule as `request` asks.

    A deletion lock on the rule brings its companion deletion lock on the
    share (locks.create places it); a visibility lock hides the rule's
    access_to and access_key from those who may not bypass it. Every lock
    is placed under the usual rules (policy, lock context, resource state);
    any refusal propagates and rolls back the caller's whole transaction.
    """
    request.check()
    deletion = visibility = None
    if request.deletion:
        deletion = locks.create(context, lookup, v.ACCESS_RULE, rule_id,
                                v.DELETE, request.reason, ALLOW)
    if request.visibility:
        visibility = locks.create(context, lookup, v.ACCESS_RULE, rule_id,
                                  v.SHOW, request.reason, ALLOW)
    return PlacedLocks(deletion, visibility)


def _may_remove(context, lock):
    # The same test /resource-locks applies to DELETE (policy, then the
    # lock-context table).
    try:
        locks.ensure_may_manipulate(context, lock, 'resource_lock:delete')
    except exception.Forbidden:
        return False
    return True


@db_api.writer
def release_for_deny(context, share_id, rule_id, unrestrict):
    """Clear the way for denying a rule, or raise Forbidden.

    Deletion locks refuse the deny unless `unrestrict` is set and the caller
    may remove every one of them (policy ``resource_lock:delete`` and the
    lock-context rules). When the deny may go on, all the rule's locks
    (deletion and visibility) and their companion share locks are removed
    here, in the caller's transaction, so they vanish with the rule.

    A lock that a legal hold or a compliance retention keeps refuses the
    deny, unrestricted or not, whatever its action: nobody may remove it.
    """
    on_rule = store.live_locks(context, [rule_id])
    guarding = [lock for lock in on_rule if lock.resource_action == v.DELETE]
    if guarding and not unrestrict:
        audit.record(context, audit.REFUSED, [lock.id for lock in guarding],
                     DENY, rule_id)
        raise history.refuse(context, RuleLocked(share_id=share_id),
                             guarding, DENY, share_id)
    kept = retention.refusal(context, on_rule)
    if kept is not None:
        held = [lock for lock in on_rule
                if retention.is_retained(context, lock)]
        operation = UNRESTRICTED_DENY if unrestrict else DENY
        audit.record(context, audit.REFUSED, [lock.id for lock in held],
                     operation, rule_id)
        raise history.refuse(context, kept, held, operation, share_id)
    if not all(_may_remove(context, lock) for lock in guarding):
        audit.record(context, audit.REFUSED, [lock.id for lock in guarding],
                     UNRESTRICTED_DENY, rule_id)
        raise history.refuse(context, RestrictionsNotYours(), guarding,
                             UNRESTRICTED_DENY, share_id)
    # Locks that guarded the rule are released by the unrestricted deny;
    # without any, the rule's visibility locks simply go with it.
    event = history.RELEASED if guarding else history.RESOURCE_DELETED
    removed = store.soft_delete(context, on_rule, event,
                                UNRESTRICTED_DENY if guarding else DENY)
    if removed:
        audit.record(context, audit.REMOVED, removed, 'delete, show',
                     rule_id, 'access rule denied')
    return removed
