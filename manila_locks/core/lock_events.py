"""Reading the lock history: one event, a page of events, and pruning by
age. What a caller may see is a store.Scope, decided by the caller
(core.locks.scope_of, list_scope) exactly as for locks."""
import dataclasses
import typing

import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.core import models
from manila_locks.db import api as db_api
from manila_locks.db import query as db_query

Event = models.ResourceLockEvent


@db_api.reader
def get(context, event_id, scope):
    stmt = sa.select(Event).where(Event.id == event_id, _scoped(scope))
    return db_query.one(context.session, stmt,
                        LockEventNotFound(event_id=event_id))


def _scoped(scope):
    if scope.project_id is None:
        return sa.true()
    return sa.or_(Event.lock_project_id == scope.project_id,
                  Event.resource_project_id == scope.project_id)


class LockEventNotFound(exception.NotFound):
    message = 'Resource lock event %(event_id)s could not be found.'


class MarkerNotFound(exception.Invalid):
    message = 'Marker %(marker)s could not be found.'


FILTERS = ('lock_id', 'resource_id', 'resource_type', 'request_id',
           'global_request_id', 'event', 'user_id')
SORT_DIRS = ('asc', 'desc')


@dataclasses.dataclass
class EventQuery(db_query.Paging):
    """Events are ordered by time (sort_key is created_at), paged by
    marker rather than offset."""
    filters: dict = dataclasses.field(default_factory=dict)
    created_since: typing.Any = None
    created_before: typing.Any = None
    marker: typing.Optional[str] = None     # the previous page's last id


@db_api.reader
def find(context, scope, query):
    """One page of the events within `scope` matching `query`, ordered by
    time (ties by id); `marker` is the last event of the previous page."""
    stmt = sa.select(Event).where(_scoped(scope))
    for key, value in query.filters.items():
        stmt = stmt.where(getattr(Event, key) == value)
    if query.created_since is not None:
        stmt = stmt.where(Event.created_at >= query.created_since)
    if query.created_before is not None:
        stmt = stmt.where(Event.created_at <= query.created_before)
    if query.marker is not None:
        stmt = stmt.where(_after_marker(context, scope, query))
    found, _ = db_query.page(context.session, stmt, Event.created_at,
                             Event.id, query)
    return found


def _after_marker(context, scope, query):
    try:
        marker = get(context, query.marker, scope)
    except LockEventNotFound:
        raise MarkerNotFound(marker=query.marker)
    newer = query.sort_dir == 'asc'
    later = (Event.created_at > marker.created_at if newer
             else Event.created_at < marker.created_at)
    same_time = sa.and_(Event.created_at == marker.created_at,
                        Event.id > marker.id if newer
                        else Event.id < marker.id)
    return sa.or_(later, same_time)


@db_api.writer
def prune(context, older_than):
    """Delete the events recorded before `older_than`; how many."""
    result = context.session.execute(
        sa.delete(Event).where(Event.created_at < older_than))
    return result.rowcount
