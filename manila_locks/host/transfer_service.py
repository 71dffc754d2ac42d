"""Share transfers: offer a share to another project, accept, cancel.

Handing a share to another project is one of the paths by which its owner
loses it, so it consults the lock core like the delete paths do: creating
and accepting a transfer run in the transaction that holds the share's row
lock and are refused (403) while the share or any of its access rules holds
a lock of any kind (``checker.ensure_no_locks``). Manila does not check
locks here at all. While a transfer is on offer neither the share nor its
rules take a new lock (``awaiting_transfer`` is one of the core's frozen
share states) and the share takes no new rule (allow_access wants
``available``), so the check at accept is defence in depth.

An offer stands only while its share awaits transfer in the project that
made it. A share has at most one live offer (a unique index); every path
that takes a share out of awaiting_transfer ends its offer in the same
transaction (accept, cancel, expire here; reset_status, force delete and
unmanage in share_service), and accept and cancel check both conditions again
under the share's row lock, so an old key never moves a share that has
since been re-offered or has changed hands.

Only a salt and an HMAC-SHA256 of the auth key are stored; the key is in
the create answer and nowhere else.
"""
import contextlib
import datetime
import hashlib
import hmac
import logging
import secrets

from manila_locks.core import checker
from manila_locks.core import exception
from manila_locks.core import retry
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host.db import access_rules as access_db
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import share_service
from manila_locks import policy

LOG = logging.getLogger(__name__)

AWAITING_TRANSFER = 'awaiting_transfer'
RESOURCE_TYPE = 'share'
OPERATION = 'transfer'
_KEY_BYTES = 8      # 16 hex characters, Manila's default key length
_SALT_BYTES = 4


class InvalidShare(exception.Invalid):
    message = 'Invalid share: %(reason)s'


class InvalidAuthKey(exception.Invalid):
    message = ('Invalid auth key: Attempt to transfer %(transfer_id)s with '
               'invalid auth key.')


class TransferNotAcceptable(exception.NotFound):
    """Accept did not find the transfer (Manila answers 400 here, not
    404: host/fault_statuses.py)."""
    message = 'Transfer %(transfer_id)s could not be found.'


class TransferExpired(exception.StateError):
    message = ('Transfer %(transfer_id)s expired at %(expires_at)s; the share '
               'goes back to its project.')


def _digest(salt, auth_key):
    return hmac.new(salt.encode(), auth_key.encode(),
                    hashlib.sha256).hexdigest()


def _ensure_no_locks(context, share):
    """Refuse while the share or any of its rules holds a lock; returns
    the share's live rules."""
    checker.ensure_no_locks(context, share.id, OPERATION)
    return access_db.find(context, share.id)


@contextlib.contextmanager
def _offered_share_found():
    """A share to offer that is not there, or not the caller's to see, is
    Manila's 400 InvalidShare, not a 404."""
    try:
        yield
    except shares_db.ShareNotFound:
        raise InvalidShare(reason='Share specified was not found.')


def create(context, share_id, name, retention_seconds):
    """Offer the share; returns (transfer, auth_key)."""
    def read(connection):
        with _offered_share_found():
            share, found = shares_db.read_guarded(connection, context,
                                                  share_id)
        policy.authorize(context, 'share_transfer:create',
                         share_service.target(share))
        return share.id, found
    # A share that a lock already keeps in its project is refused at once
    # (core/checker.refuse_seen); otherwise _create decides, row-locked.
    checker.refuse_seen(context, read, OPERATION, any_lock=True)
    return _create(context, share_id, name, retention_seconds)


@retry.on_deadlock
@db_api.writer
def _create(context, share_id, name, retention_seconds):
    with _offered_share_found():
        share = shares_db.get_for_update(context, share_id)
    policy.authorize(context, 'share_transfer:create',
                     share_service.target(share))
    _ensure_no_locks(context, share)
    if share.is_soft_deleted:
        raise share_service.ShareSoftDeleted(action='transfer',
                                             share_id=share.id)
    if share.status != 'available':
        raise InvalidShare(reason="Share's status must be available.")
    if share.share_network_id:
        raise InvalidShare(reason='Shares exported over share networks '
                                  'cannot be transferred.')
    auth_key = secrets.token_hex(_KEY_BYTES)
    salt = secrets.token_hex(_SALT_BYTES)
    transfer = transfers_db.create(context, {
        'display_name': name, 'resource_type': RESOURCE_TYPE,
        'resource_id': share.id, 'source_project_id': share.project_id,
        'salt': salt, 'crypt_hash': _digest(salt, auth_key),
        'expires_at': base.utcnow() + datetime.timedelta(
            seconds=retention_seconds)})
    share.status = AWAITING_TRANSFER
    LOG.info('Share %s offered for transfer %s by user %s', share.id,
             transfer.id, context.user_id)
    return transfer, auth_key


def _ensure_offer_stands(transfer, share):
    """Refuse (400) unless the share still awaits transfer in the project
    that made the offer. The paths that end offers make this hold; the
    check keeps it true for any row in the table."""
    if share.status != AWAITING_TRANSFER:
        raise InvalidShare(reason='Transfer %s: share id %s expected in '
                                  'awaiting_transfer state.' % (
                                      transfer.id, share.id))
    if share.project_id != transfer.source_project_id:
        LOG.warning('Transfer %s refused: share %s belongs to project %s, '
                    'the offer was made by project %s', transfer.id,
                    share.id, share.project_id, transfer.source_project_id)
        raise InvalidShare(reason='Transfer %s: share id %s no longer '
                                  'belongs to the project that offered '
                                  'it.' % (transfer.id, share.id))


def _locked_pair(context, transfer_id, everyone=False):
    """The transfer and its share, row-locked in the order every share
    writer takes them (share first), so they cannot deadlock with one."""
    transfer = transfers_db.get(context, transfer_id, everyone=everyone)
    share = shares_db.get(context, transfer.resource_id, for_update=True,
                          everyone=True)
    # Re-read under the share's lock: a concurrent accept or cancel that
    # finished first has soft-deleted it.
    transfer = transfers_db.get(context, transfer_id, for_update=True,
                                everyone=everyone)
    return transfer, share


@db_api.reader
def get(context, transfer_id):
    transfer = transfers_db.get(context, transfer_id)
    policy.authorize(context, 'share_transfer:get',
                     {'project_id': transfer.source_project_id})
    return transfer


@retry.on_deadlock
@db_api.writer
def delete(context, transfer_id):
    """Cancel: the share is available to its project again."""
    try:
        transfer, share = _locked_pair(context, transfer_id)
    except shares_db.ShareNotFound:
        raise InvalidShare(reason='Share specified was not found.')
    policy.authorize(context, 'share_transfer:delete',
                     {'project_id': transfer.source_project_id})
    _ensure_offer_stands(transfer, share)
    share.status = 'available'
    transfer.mark_deleted()
    LOG.info('Transfer %s of share %s cancelled by user %s', transfer.id,
             share.id, context.user_id)


@retry.on_deadlock
@db_api.writer
def accept(context, transfer_id, auth_key, clear_access_rules):
    """Move the share to the caller's project. Returns the share id."""
    policy.authorize(context, 'share_transfer:accept')
    try:
        transfer, share = _locked_pair(context, transfer_id, everyone=True)
    except (transfers_db.TransferNotFound, shares_db.ShareNotFound):
        raise TransferNotAcceptable(transfer_id=transfer_id)
    if not hmac.compare_digest(_digest(transfer.salt, auth_key),
                               transfer.crypt_hash):
        raise InvalidAuthKey(transfer_id=transfer.id)
    if transfer.expires_at <= base.utcnow():
        raise TransferExpired(transfer_id=transfer.id,
                              expires_at=transfer.expires_at.isoformat())
    _ensure_offer_stands(transfer, share)
    try:
        types_db.get(context, share.share_type_id)
    except types_db.ShareTypeNotFound:
        raise InvalidShare(reason='Share type of share %s is not public, '
                                  'and current project can not access the '
                                  'share type.' % share.id)
    rules = _ensure_no_locks(context, share)
    if clear_access_rules:
        for rule in rules:
            access_db.soft_delete(context, rule)
    share.project_id = context.project_id
    share.user_id = context.user_id
    share.status = 'available'
    share.updated_at = base.utcnow()
    transfer.destination_project_id = context.project_id
    transfer.accepted = True
    transfer.mark_deleted()
    LOG.info('Transfer %s accepted: share %s moved from project %s to '
             'project %s by user %s', transfer.id, share.id,
             transfer.source_project_id, context.project_id, context.user_id)
    return share.id


@db_api.writer
def expire(context, now=None):
    """Roll back every transfer past its expiry: the share goes back to
    available in its project. Returns how many were rolled back."""
    now = now or base.utcnow()
    count = 0
    for transfer_id in transfers_db.expired_ids(context, now):
        try:
            transfer, share = _locked_pair(context, transfer_id,
                                           everyone=True)
        except (transfers_db.TransferNotFound, shares_db.ShareNotFound):
            continue    # accepted, cancelled or purged meanwhile
        if share.status == AWAITING_TRANSFER:
            share.status = 'available'
        transfer.mark_deleted()
        count += 1
    return count
