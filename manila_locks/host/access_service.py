"""Access-rule operations of the host.

Writes that must agree with locks run in one transaction holding the
share's row lock: allow (rule + its locks), deny (lock check, rule and lock
removal). Pushing the rules to the backend (``apply``) is a second step, as
Manila's share manager is: the rule is accepted first, then applied.

A change, once committed, stands and its answer says so: allow and
update_level return the rule's details read inside their own transaction,
and ``apply_accepted`` lets the apply step fail on a database outage
without turning the answer into an error. The rules then stay queued; the
share's next access change applies them (``apply`` pushes every live rule).

Every response that carries rules is built from ``details``, the one place
that asks the lock core which rules the caller must see redacted.
"""
import base64
import dataclasses
import logging
import secrets

from manila_locks.core import audit
from manila_locks.core import checker
from manila_locks.core import exception
from manila_locks.core import retry
from manila_locks.core import rule_locks
from manila_locks.db import api as db_api
from manila_locks.db import errors as db_errors
from manila_locks.host.db import access_rules as access_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import message_field
from manila_locks.host import message_service
from manila_locks.host import metadata_limits
from manila_locks.host import share_service
from manila_locks import policy

LOG = logging.getLogger(__name__)

QUEUED_TO_APPLY = 'queued_to_apply'
QUEUED_TO_UPDATE = 'queued_to_update'
ACTIVE = 'active'
ERROR = 'error'
# Shares that take new rules (Manila also wants a host and no transition).
ACCEPTS_RULES = ('available',)
# Size of a cephx secret as Ceph encodes it (type, created, length, key).
_CEPHX_SECRET_BYTES = 28


class ShareAccessExists(exception.Conflict):
    message = 'Share access %(access_type)s:%(access_to)s exists.'


class HiddenShareAccessExists(exception.Conflict):
    message = ('An access rule of type %(access_type)s for this grantee '
               'exists on the share.')


class ShareNotReady(exception.StateError):
    message = ('New access rules cannot be applied while the share is '
               '%(status)s.')


@dataclasses.dataclass(frozen=True)
class Grant:
    """A validated allow_access request, without its lock flags."""
    access_type: str
    access_to: str
    access_level: str = 'rw'
    metadata: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class RuleDetails:
    """Rules with what their views need: metadata, and the ids whose
    access_to/access_key this caller must not see."""
    rules: list
    metadata: dict
    restricted: set


@db_api.reader
def details(context, rules):
    """RuleDetails of `rules`: two queries whatever their number."""
    ids = [rule.id for rule in rules]
    return RuleDetails(rules, access_db.metadata(context, ids),
                       checker.restricted_ids(context, ids))


def _ensure_new_grantee(context, share, grant):
    """Refuse a second rule for the same grantee.

    When the existing rule is hidden from the caller by a visibility lock
    the answer does not repeat the value: the refusal itself cannot be
    avoided (a share holds one rule per grantee), so it is audit-logged
    with the rule's id, where probing shows up (api-ref, security notes).
    """
    existing = access_db.find(context, share.id, access_db.RuleQuery(
        access_type=grant.access_type, access_to=grant.access_to))
    if not existing:
        return
    hidden = checker.restricted_ids(context, [rule.id for rule in existing])
    if hidden:
        audit.record(context, audit.REFUSED, [], 'allow access', share.id,
                     'same grantee as hidden rule(s) %s'
                     % ', '.join(sorted(hidden)))
        raise HiddenShareAccessExists(access_type=grant.access_type)
    raise ShareAccessExists(access_type=grant.access_type,
                            access_to=grant.access_to)


@retry.on_deadlock
@db_api.writer
def allow(context, lookup, share_id, grant, lock_request):
    """Create a rule (queued_to_apply) with the locks `lock_request` asks
    for; all of it, or nothing, is committed."""
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:allow_access',
                     share_service.target(share))
    if share.is_soft_deleted:
        raise share_service.ShareSoftDeleted(action='allow access to',
                                             share_id=share.id)
    if share.status not in ACCEPTS_RULES:
        raise ShareNotReady(status=share.status)
    _ensure_new_grantee(context, share, grant)
    rule = access_db.create(context, share, {
        'access_type': grant.access_type, 'access_to': grant.access_to,
        'access_level': grant.access_level, 'state': QUEUED_TO_APPLY,
    }, grant.metadata)
    rule_locks.place(context, lookup, rule.id, lock_request)
    LOG.info('Access rule %s (%s:%s) added to share %s by user %s',
             rule.id, grant.access_type, grant.access_to, share.id,
             context.user_id)
    return details(context, [rule])


@retry.on_deadlock
@db_api.writer
def deny(context, share_id, rule_id, unrestrict):
    """Remove a rule of this share with its locks, or raise.

    The rule must belong to the share (404 otherwise) before its locks are
    consulted, so a caller learns nothing about rules it cannot see.
    """
    share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share:deny_access', share_service.target(share))
    rule = access_db.get_on_share(context, share.id, rule_id,
                                  for_update=True)
    if share.is_soft_deleted:
        raise share_service.ShareSoftDeleted(action='deny access to',
                                             share_id=share.id)
    rule_locks.release_for_deny(context, share.id, rule.id, unrestrict)
    access_db.soft_delete(context, rule)
    LOG.info('Access rule %s removed from share %s by user %s', rule.id,
             share.id, context.user_id)


def apply_accepted(context, driver, share_id):
    """``apply`` after a committed change: a database outage now is logged
    and the change's answer stands (its rules stay queued until the share's
    next access change); any other error still propagates."""
    try:
        apply(context, driver, share_id)
    except Exception as exc:
        if not db_errors.unavailable(exc):
            raise
        LOG.warning('Access rules of share %s accepted but not applied: the '
                    'database became unavailable (%s); they stay queued '
                    'until the next access change of the share.',
                    share_id, type(exc).__name__)


@retry.on_deadlock
@db_api.writer
def apply(context, driver, share_id):
    """Make the backend's access list match the share's live rules; queued
    rules become active, or error if the backend fails."""
    try:
        share = shares_db.get_for_update(context, share_id)
    except shares_db.ShareNotFound:
        # Deleted since the caller's allow/deny committed (that change
        # stands and its answer must say so); nothing is left to apply.
        return
    rules = access_db.find(context, share.id)
    for rule in rules:
        if rule.access_type == 'cephx' and not rule.access_key:
            # A Ceph backend hands out the key; the local one has none.
            rule.access_key = base64.b64encode(
                secrets.token_bytes(_CEPHX_SECRET_BYTES)).decode('ascii')
    try:
        driver.update_access(share, rules)
        outcome = ACTIVE
    except Exception:
        # Any backend failure: the rules stay, marked, for the user to see
        # and deny; the request that queued them has already succeeded, so
        # a user message tells the share's project what happened.
        LOG.exception('Backend failed to apply access rules of share %s',
                      share.id)
        outcome = ERROR
        message_service.record(context, driver.conf.message_ttl,
                               message_field.Action.UPDATE_ACCESS_RULES, share)
    for rule in rules:
        if rule.state in (QUEUED_TO_APPLY, QUEUED_TO_UPDATE):
            rule.state = outcome
    share.access_rules_status = outcome


def list_rules(context, share_id, query=None,
               policy_rule='share_access_rule:index', missing=None):
    """RuleDetails of the share's rules matching `query` (`missing`: the
    error for a share not found, ShareNotFound unless given).

    Filtering by access_to or access_key never returns a rule the caller
    sees redacted: a match would confirm the hidden value.

    Reads on a plain connection (db_api.core_reader): no ORM Session, and
    on SQLite no write lock. One snapshot: the rules and their visibility
    locks are read by two statements, and read from two states a rule
    denied in between (with its lock) would be listed unredacted.
    """
    with db_api.core_reader(context, one_snapshot=True) as connection:
        share = shares_db.owner(connection, context, share_id,
                                missing=missing)
        policy.authorize(context, policy_rule, share_service.target(share))
        query = query or access_db.RuleQuery()
        listed = access_db.listing(connection, share.id, query)
    found = RuleDetails(listed.rules, listed.metadata,
                        checker.restricted_among(context,
                                                 listed.visibility_locks))
    if query.access_to is not None or query.access_key is not None:
        found.rules = [rule for rule in found.rules
                       if rule.id not in found.restricted]
    return found


@db_api.reader
def show(context, rule_id):
    found = access_db.shown(context, rule_id)
    policy.authorize(context, 'share_access_rule:get', found.share_target)
    return RuleDetails([found.rule], {found.rule.id: found.metadata},
                       checker.restricted_among(context,
                                                found.visibility_locks))


def _rule_to_change(context, rule_id, policy_rule):
    """(rule, share), row-locked, once `policy_rule` lets the caller."""
    rule, share = access_db.get_for_update(context, rule_id)
    policy.authorize(context, policy_rule, share_service.target(share))
    return rule, share


@retry.on_deadlock
@db_api.writer
def update_level(context, rule_id, access_level):
    """Change a rule's access level (queued_to_update until applied)."""
    rule, share = _rule_to_change(context, rule_id,
                                  'share_access_rule:update')
    if share.is_soft_deleted:
        raise share_service.ShareSoftDeleted(action='update an access rule of',
                                             share_id=share.id)
    if rule.access_level != access_level:
        rule.access_level = access_level
        rule.state = QUEUED_TO_UPDATE
    return details(context, [rule])


@retry.on_deadlock
@db_api.writer
def set_metadata(context, rule_id, items, max_items):
    """Merge `items` into the rule's metadata; returns all of it. Refused,
    with nothing written, if the rule would hold more than `max_items`."""
    rule, _ = _rule_to_change(context, rule_id,
                              'share_access_metadata:update')
    access_db.set_metadata(context, rule.id, items)
    metadata = access_db.metadata(context, [rule.id])[rule.id]
    metadata_limits.check_count(len(metadata), max_items)
    return metadata


@retry.on_deadlock
@db_api.writer
def delete_metadata(context, rule_id, key):
    rule, _ = _rule_to_change(context, rule_id,
                              'share_access_metadata:delete')
    access_db.delete_metadata_key(context, rule.id, key)
