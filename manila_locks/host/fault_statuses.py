"""The statuses of the host's domain errors that their category does not
decide, each as Manila answers it. deploy.build_app adds them to the
fault table (manila_locks.api.faults)."""
import functools

import webob.exc

from manila_locks.host import access_service
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import quota
from manila_locks.host import share_service
from manila_locks.host import transfer_service

_400 = webob.exc.HTTPBadRequest
_403 = webob.exc.HTTPForbidden

STATUS = {
    # Accepting a transfer that is not there is a bad request in Manila.
    transfer_service.TransferNotAcceptable: _400,
    transfer_service.TransferExpired: _400,
    # A rule or an offer that exists already: Manila answers 400.
    access_service.ShareAccessExists: _400,
    access_service.HiddenShareAccessExists: _400,
    transfers_db.OfferExists: _400,
    # States that do not allow the action: 400 or 403, each as Manila
    # answers it.
    access_service.ShareNotReady: _400,
    types_db.ShareTypeInUse: _400,
    share_service.ShareStateError: _403,
    share_service.ShareSoftDeleted: _403,
    share_service.ShareTransitional: _403,
    share_service.ShareNotRestorable: _403,
    share_service.TaskStateOfSoftDeleted: _403,
    # Manila's QuotaError: 413 overLimit, with Retry-After: 0.
    quota.QuotaExceeded: functools.partial(
        webob.exc.HTTPRequestEntityTooLarge, headers={'Retry-After': '0'}),
}
