"""Share metadata: list, show a key, replace all, merge, delete a key.

Who may do what, as in Manila: the rule (share:get_share_metadata,
share:update_share_metadata, share:delete_share_metadata) is checked for
the caller's own project before the share is looked up; the share must
then be visible (its project's, or public). A public share's metadata can
be read by every project but changed only by those who pass share:get
for the share's own project (403 for the others).

Keys in ``[DEFAULT] admin_only_metadata`` (Manila's scheduler hints) are
kept out of reach of callers who do not pass
share:update_admin_only_metadata: naming one is a 403, and replacing the
metadata keeps the ones already set.

Writes hold the share's row lock, so two writers of one share's metadata
take turns and the ``max_metadata_items`` cap holds for the result.
"""
from manila_locks.api import validation
from manila_locks.core import exception
from manila_locks.core import retry
from manila_locks.db import api as db_api
from manila_locks.host.db import share_metadata as metadata_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import metadata_limits
from manila_locks.host import share_service
from manila_locks import policy

GET = 'share:get_share_metadata'
UPDATE = 'share:update_share_metadata'
DELETE = 'share:delete_share_metadata'
ADMIN_ONLY = 'share:update_admin_only_metadata'


class MetadataItemNotFound(exception.NotFound):
    message = 'Metadata item is not found.'


class AdminOnlyMetadata(exception.Forbidden):
    message = 'Cannot set or update admin only metadata.'


def _share(context, share_id, for_update=False):
    if not validation.is_uuid(share_id):
        raise shares_db.ShareNotFound(share_id=share_id)
    share = shares_db.get(context, share_id, for_update=for_update)
    allowed = policy.check(context, 'share:get', share_service.target(share))
    if not share.is_public and not allowed:
        # Not the caller's to know about.
        raise shares_db.ShareNotFound(share_id=share_id)
    if for_update and not allowed:
        raise exception.PolicyNotAuthorized(action='share:get')
    return share


@db_api.reader
def get_all(context, share_id):
    policy.authorize(context, GET)
    return metadata_db.get(context, _share(context, share_id).id)


@db_api.reader
def get_item(context, share_id, key):
    metadata = get_all(context, share_id)
    if key not in metadata:
        raise MetadataItemNotFound()
    return metadata[key]


def _admin_only_kept(context, items, admin_keys):
    """The admin-only keys this write must leave as they are: none for a
    caller allowed to change them; all of them for the others, who are
    refused outright if the request names one."""
    admin_keys = set(admin_keys)
    if not admin_keys.intersection(items):
        return admin_keys
    if not policy.check(context, ADMIN_ONLY):
        raise AdminOnlyMetadata()
    return set()


@retry.on_deadlock
@db_api.writer
def replace(context, share_id, items, max_items, admin_keys):
    """Make the share's metadata exactly `items` (admin-only keys the
    caller may not change stay); returns the result."""
    policy.authorize(context, UPDATE)
    share = _share(context, share_id, for_update=True)
    kept = _admin_only_kept(context, items, admin_keys)
    current = metadata_db.get(context, share.id)
    result = dict(items)
    result.update({k: v for k, v in current.items() if k in kept})
    metadata_limits.check_count(len(result), max_items)
    metadata_db.delete_keys(context, share.id, set(current) - set(result))
    metadata_db.set_items(context, share.id, result)
    return result


@retry.on_deadlock
@db_api.writer
def merge(context, share_id, items, max_items, admin_keys):
    """Add or overwrite `items`; returns all of the share's metadata."""
    policy.authorize(context, UPDATE)
    share = _share(context, share_id, for_update=True)
    _admin_only_kept(context, items, admin_keys)
    result = metadata_db.get(context, share.id)
    result.update(items)
    metadata_limits.check_count(len(result), max_items)
    metadata_db.set_items(context, share.id, items)
    return result


@retry.on_deadlock
@db_api.writer
def delete_item(context, share_id, key, admin_keys):
    policy.authorize(context, DELETE)
    if key in admin_keys:
        policy.authorize(context, ADMIN_ONLY)
    share = _share(context, share_id, for_update=True)
    if not metadata_db.delete_keys(context, share.id, [key]):
        raise MetadataItemNotFound()
