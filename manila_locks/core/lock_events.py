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
EVENTS = Event.__table__


def get(context, event_id, scope):
    """The event `event_id` within `scope`, as a row."""
    with db_api.core_reader(context) as connection:
        return _get(connection, event_id, scope)


def _get(connection, event_id, scope):
    event = connection.execute(sa.select(EVENTS).where(
        EVENTS.c.id == event_id, _scoped(scope))).one_or_none()
    if event is None:
        raise LockEventNotFound(event_id=event_id)
    return event


def _scoped(scope):
    if scope.project_id is None:
        return sa.true()
    return sa.or_(EVENTS.c.lock_project_id == scope.project_id,
                  EVENTS.c.resource_project_id == scope.project_id)


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


def find(context, scope, query):
    """One page of the events within `scope` matching `query`, ordered by
    time (ties by id); `marker` is the last event of the previous page.
    Rows, read on a Core connection (in the caller's transaction, if
    any)."""
    columns = EVENTS.c
    stmt = sa.select(EVENTS).where(_scoped(scope))
    for key, value in query.filters.items():
        stmt = stmt.where(columns[key] == value)
    if query.created_since is not None:
        stmt = stmt.where(columns.created_at >= query.created_since)
    if query.created_before is not None:
        stmt = stmt.where(columns.created_at <= query.created_before)
    with db_api.core_reader(context) as connection:
        if query.marker is not None:
            stmt = stmt.where(_after_marker(connection, scope, query))
        return connection.execute(db_query.ordered(
            stmt, columns.created_at, columns.id, query)).all()


def _after_marker(connection, scope, query):
    try:
        marker = _get(connection, query.marker, scope)
    except LockEventNotFound:
        raise MarkerNotFound(marker=query.marker)
    columns = EVENTS.c
    newer = query.sort_dir == 'asc'
    later = (columns.created_at > marker.created_at if newer
             else columns.created_at < marker.created_at)
    same_time = sa.and_(columns.created_at == marker.created_at,
                        columns.id > marker.id if newer
                        else columns.id < marker.id)
    return sa.or_(later, same_time)


@db_api.writer
def prune(context, older_than):
    """Delete the events recorded before `older_than`; how many."""
    result = context.session.execute(
        sa.delete(Event).where(Event.created_at < older_than))
    return result.rowcount
