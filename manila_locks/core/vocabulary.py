"""The words of the lock domain, as Manila spells them on the wire."""

# Resource types
SHARE = 'share'
ACCESS_RULE = 'access_rule'
RESOURCE_TYPES = (SHARE, ACCESS_RULE)

# Actions a lock can guard. 'delete' covers every path that removes the
# resource: delete, force delete, soft delete, unmanage, transfer, deny.
DELETE = 'delete'
SHOW = 'show'
ACTIONS = (DELETE, SHOW)

ACTIONS_BY_TYPE = {
    SHARE: (DELETE,),
    ACCESS_RULE: (DELETE, SHOW),
}

# Lock contexts, from weakest to strongest.
USER = 'user'
SERVICE = 'service'
ADMIN = 'admin'
LOCK_CONTEXTS = (USER, SERVICE, ADMIN)

MAX_REASON_LENGTH = 1023

# Reason written on the share lock that accompanies an access-rule deletion
# lock; the link itself is the parent_lock_id column, not this text.
COMPANION_REASON = 'Locked by access lock: %(lock_id)s'

REDACTED = '******'

# Share states in which neither the share nor any of its access rules takes
# a new lock of any kind. A share offered to another project would carry
# the lock to a project that did not place it; the offer itself is refused
# while locks exist (host/transfer_service.py).
FROZEN_SHARE_STATES = frozenset(['awaiting_transfer'])

# Resource states in which no new deletion lock may be placed.
UNLOCKABLE_STATES = {
    SHARE: frozenset([
        'deleting', 'error_deleting', 'unmanage_starting',
        'manage_error_unmanage_starting', 'unmanage_error', 'unmanaged',
        'deleted', 'soft_deleting', 'restoring']),
    ACCESS_RULE: frozenset(['queued_to_deny', 'denying', 'error', 'deleted']),
}
