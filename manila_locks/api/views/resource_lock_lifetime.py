"""The retention and legal hold of a lock: what its sub-resources answer.

Neither field appears in the lock body, which stays exactly Manila's.
"""
from manila_locks.api.views.timestamps import isotime


def retention(lock):
    return {'retention': {
        'lock_id': lock.id,
        'expires_at': isotime(lock.expires_at),
        'mode': lock.retention_mode,
        # Compliance only: from then on not even the lock's own user may
        # remove or shorten it (before: the cooling-off period).
        'binding_from': isotime(lock.binding_from),
    }}


def legal_hold(lock):
    return {'legal_hold': {
        'lock_id': lock.id,
        'held': lock.legal_hold_at is not None,
        'held_since': isotime(lock.legal_hold_at),
        'reason': lock.legal_hold_reason,
        'user_id': lock.legal_hold_user_id,
    }}
