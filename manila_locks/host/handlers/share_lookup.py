"""The share a request names, as its caller may see it."""
from manila_locks.api import validation
from manila_locks.host.db import shares as shares_db
from manila_locks.host import share_service
from manila_locks import policy


def get_visible(req, share_id=None, missing=None):
    """The share named in the URL (or `share_id`), or 404 when the caller
    may not see it (`missing`: the error to raise then instead of
    ShareNotFound).

    Public shares are visible to every project, as in Manila; a private
    share must pass share:get for its own project."""
    share_id = share_id or req.urlvars['share_id']
    missing = missing or shares_db.ShareNotFound(share_id=share_id)
    policy.authorize(req.context, 'share:get')
    if not validation.is_uuid(share_id):
        raise missing
    share = shares_db.get(req.context, share_id, missing=missing)
    if not share.is_public and not policy.check(
            req.context, 'share:get', share_service.target(share)):
        raise missing
    return share
