"""Share transfer rows: lookups as each caller may see them, lists, writes.

A transfer is visible to its source project (and to administrators) while
it is on offer; accepting or cancelling it soft-deletes it, as in Manila.
A share has at most one live transfer: a unique index on (resource_id,
deleted) refuses a second one.
"""
import dataclasses
import typing
import uuid

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import query as db_query
from manila_locks.host import models

Transfer = models.ShareTransfer

# Query parameter -> column, for the exact-match filters.
FILTERS = {'id': Transfer.id, 'name': Transfer.display_name,
           'display_name': Transfer.display_name,
           'resource_type': Transfer.resource_type,
           'resource_id': Transfer.resource_id,
           'source_project_id': Transfer.source_project_id,
           'destination_project_id': Transfer.destination_project_id}
SORT_KEYS = {'id': Transfer.id, 'name': Transfer.display_name,
             'display_name': Transfer.display_name,
             'resource_type': Transfer.resource_type,
             'resource_id': Transfer.resource_id,
             'source_project_id': Transfer.source_project_id,
             'destination_project_id': Transfer.destination_project_id,
             'created_at': Transfer.created_at,
             'expires_at': Transfer.expires_at}


class TransferNotFound(exception.NotFound):
    message = 'Transfer %(transfer_id)s could not be found.'


class OfferExists(exception.Conflict):
    message = 'Invalid share: Share %(share_id)s is already on offer.'


@dataclasses.dataclass
class TransferQuery(db_query.Paging):
    filters: dict = dataclasses.field(default_factory=dict)
    name_contains: typing.Optional[str] = None
    all_projects: bool = False


_live = Transfer.live


def _visible(context):
    if context.is_admin:
        return sa.true()
    return Transfer.source_project_id == context.project_id


@db_api.reader
def get(context, transfer_id, for_update=False, everyone=False):
    """A transfer on offer that the caller may see, or TransferNotFound.
    `everyone`: any project's (accepting one is granted by the auth key,
    not by ownership)."""
    stmt = sa.select(Transfer).where(Transfer.id == transfer_id, _live())
    if not everyone:
        stmt = stmt.where(_visible(context))
    return db_query.one(context.session, stmt,
                        TransferNotFound(transfer_id=transfer_id), for_update)


@db_api.reader
def find(context, query):
    """Transfers on offer, one page of them, in the caller's project unless
    `query.all_projects` (the handler decided the caller may)."""
    stmt = sa.select(Transfer).where(_live())
    if not query.all_projects:
        stmt = stmt.where(Transfer.source_project_id == context.project_id)
    for key, value in query.filters.items():
        stmt = stmt.where(FILTERS[key] == value)
    if query.name_contains is not None:
        stmt = stmt.where(db_query.contains(Transfer.display_name,
                                            query.name_contains))
    found, _ = db_query.page(context.session, stmt,
                             SORT_KEYS[query.sort_key], Transfer.id, query)
    return found


@db_api.writer
def create(context, values):
    transfer = Transfer(id=str(uuid.uuid4()), accepted=False, **values)
    context.session.add(transfer)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        # The id is a fresh uuid4: the key that clashed is the one live
        # offer per share.
        raise OfferExists(share_id=values['resource_id'])
    return transfer


@db_api.writer
def withdraw_for_share(context, share_id):
    """Soft-delete the live transfer of a share, if it has one (a share
    leaving awaiting_transfer or going away ends its offer). Returns the
    transfers withdrawn. The caller holds the share's row lock, as every
    transfer writer does before it touches a transfer row."""
    stmt = sa.select(Transfer).where(Transfer.resource_id == share_id,
                                     _live())
    withdrawn = list(context.session.execute(stmt).scalars())
    for transfer in withdrawn:
        transfer.mark_deleted()
    return withdrawn


@db_api.reader
def expired_ids(context, now):
    stmt = sa.select(Transfer.id).where(_live(), Transfer.expires_at <= now)
    return list(context.session.execute(stmt).scalars())
