"""User message rows. A project's members see its messages; an
administrator sees every project's, as in Manila."""
import dataclasses
import typing
import uuid

import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import query as db_query
from manila_locks.host import models

Message = models.Message

# Query parameter -> column, for the exact-match filters Manila allows.
FILTERS = {'request_id': Message.request_id,
           'resource_type': Message.resource_type,
           'resource_id': Message.resource_id,
           'action_id': Message.action_id,
           'detail_id': Message.detail_id,
           'message_level': Message.message_level}
SORT_KEYS = dict(FILTERS, id=Message.id, project_id=Message.project_id,
                 expires_at=Message.expires_at, created_at=Message.created_at)


class MessageNotFound(exception.NotFound):
    message = 'Message %(message_id)s could not be found.'


@dataclasses.dataclass
class MessageQuery(db_query.Paging):
    filters: dict = dataclasses.field(default_factory=dict)
    created_since: typing.Any = None
    created_before: typing.Any = None


def _visible(context):
    if context.is_admin:
        return sa.true()
    return Message.project_id == context.project_id


@db_api.reader
def get(context, message_id):
    stmt = sa.select(Message).where(Message.id == message_id,
                                    _visible(context))
    return db_query.one(context.session, stmt,
                        MessageNotFound(message_id=message_id))


@db_api.reader
def find(context, query):
    stmt = sa.select(Message).where(_visible(context))
    for key, value in query.filters.items():
        stmt = stmt.where(FILTERS[key] == value)
    if query.created_since is not None:
        stmt = stmt.where(Message.created_at >= query.created_since)
    if query.created_before is not None:
        stmt = stmt.where(Message.created_at <= query.created_before)
    found, _ = db_query.page(context.session, stmt,
                             SORT_KEYS[query.sort_key], Message.id, query)
    return found


@db_api.writer
def create(context, values):
    message = Message(id=str(uuid.uuid4()), **values)
    context.session.add(message)
    context.session.flush()
    return message


@db_api.writer
def delete(context, message_id):
    context.session.delete(get(context, message_id))


@db_api.writer
def delete_expired(context, now):
    """Remove the messages whose expires_at has passed; how many."""
    result = context.session.execute(
        sa.delete(Message).where(Message.expires_at <= now))
    return result.rowcount
