"""The lock history: one row per thing that happened to a lock.

Events of a change are inserted in the change's own transaction, all of
them in one INSERT just before it commits (``_Pending``), so a change and
its history are committed together or not at all, a change costs one
statement more, and no read writes anything.

A refusal is different: the refused request's transaction rolls back, and
its history with it. So a refusal's rows ride on the error it raises
(``refuse``) and are written by ``keep_refusal``, which the outermost
transaction's wrapper (``core.retry.on_deadlock``, on every write path)
calls after the rollback, in a short transaction of their own. A failure
to write them is logged and never changes the refusal's answer.

Notifications (manila_locks.notifier) for the rows of a transaction are
handed over only once it has committed.
"""
import functools
import json
import logging

import sqlalchemy as sa
from sqlalchemy import orm

from manila_locks.core import contexts
from manila_locks.core import models
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks import ids

LOG = logging.getLogger(__name__)

Event = models.ResourceLockEvent

PLACED = 'placed'
CHANGED = 'changed'
REMOVED = 'removed'
# Removed by an unrestricted deny (deny_access with unrestrict).
RELEASED = 'released'
# Removed because its resource went: a share deleted, unmanaged or purged,
# or a rule denied (visibility locks need no unrestrict).
RESOURCE_DELETED = 'resource_deleted'
REFUSED = 'refused'
# Reserved for locks with a lifetime (lock expiry).
EXPIRED = 'expired'
EVENTS = (PLACED, CHANGED, REMOVED, RELEASED, RESOURCE_DELETED, REFUSED,
          EXPIRED)

# The fields of a lock that an update may change: what before/after hold.
SNAPSHOT_FIELDS = ('resource_action', 'lock_reason')

_PENDING_KEY = 'manila_locks.history.pending'


def snapshot(lock):
    return {field: getattr(lock, field) for field in SNAPSHOT_FIELDS}


def difference(before, after):
    """(before, after) of the fields whose value changed."""
    changed = [key for key in before if before[key] != after.get(key)]
    return ({key: before[key] for key in changed},
            {key: after[key] for key in changed})


def provenance(context):
    """Who is acting, from which request: the columns an event and a new
    lock share."""
    return {
        'service_user_id': _service_value(context, 'service_user_id'),
        'service_project_id': _service_value(context, 'service_project_id'),
        'request_id': context.request_id,
        'global_request_id': context.global_request_id,
    }


def _service_value(context, name):
    # Only a validated service token (service_roles) makes these mean
    # anything; headers alone do not.
    return getattr(context, name, None) if context.is_service else None


def lock_provenance(context):
    """The provenance columns of a lock placed by this request."""
    return dict(provenance(context), placed_by_user_id=context.user_id,
                placed_by_project_id=context.project_id)


def _row(context, event, lock, operation, before, after):
    return dict(
        provenance(context),
        id=ids.time_ordered(), created_at=base.utcnow(), event=event,
        operation=operation, lock_id=lock.id, lock_user_id=lock.user_id,
        lock_project_id=lock.project_id, lock_context=lock.lock_context,
        resource_project_id=lock.resource_project_id,
        resource_id=lock.resource_id, resource_type=lock.resource_type,
        resource_action=lock.resource_action,
        user_id=context.user_id, project_id=context.project_id,
        requester_context=contexts.requester_context(context),
        before=_json(before), after=_json(after))


def _json(value):
    return None if value is None else json.dumps(value, sort_keys=True)


def rows_for(context, event, locks, operation, changes=None):
    """The event rows of `locks`. `changes` is (before, after) for CHANGED;
    a placed lock's row holds what it guards after, a removed one's what
    it guarded before, a refusal's neither."""
    rows = []
    for lock in locks:
        before = after = None
        if event == CHANGED:
            before, after = changes
        elif event == PLACED:
            after = snapshot(lock)
        elif event != REFUSED:
            before = snapshot(lock)
        rows.append(_row(context, event, lock, operation, before, after))
    return rows


def record(context, event, locks, operation=None, changes=None):
    """Record the events of `locks` in the caller's transaction."""
    rows = rows_for(context, event, locks, operation, changes)
    _queue(context, rows)
    return rows


class _Pending:
    """The events of one transaction: inserted together just before it
    commits (one INSERT, however many locks and steps), and handed to the
    notifier once it has; a rollback drops them. (Savepoints would need
    more; nothing here uses them.)"""

    def __init__(self, notifier):
        self.notifier = notifier
        self.batches = []    # [(rows, refused_share_id)]

    def insert(self, session):
        insert(session, [row for batch, _ in self.batches for row in batch])

    def drop(self, session):
        self.batches = []

    def deliver(self, session):
        batches, self.batches = self.batches, []
        for rows, refused_share_id in batches:
            notify(self.notifier, rows, refused_share_id)


# The table, not the mapped class: an ORM bulk insert groups rows by which
# of their values are None (a placed event has no `before`, a changed one
# has), one INSERT per group; Core sends every row in one executemany.
EVENT_TABLE = Event.__table__
_INSERT = sa.insert(EVENT_TABLE)


def insert(connection, rows):
    """Insert event `rows` through `connection` (a Core connection or an
    ORM session), in its transaction; after it commits, notify()."""
    if rows:
        connection.execute(_INSERT, rows)


def insert_refusal(connection, rows):
    """Write a quick refusal's event `rows` through core_refusal's
    `connection`, committed before this returns (db_api.refusal_insert);
    then notify()."""
    db_api.refusal_insert(connection, _INSERT, rows)


def notify(notifier, rows, refused_share_id=None):
    """Hand committed event `rows` to `notifier` (None: notifications are
    off); `refused_share_id`: the rows are the refusal of that share's
    removal."""
    if not rows or notifier is None or not notifier.enabled:
        return
    try:
        notifier.lock_events(rows, refused_share_id)
    except Exception:
        # Committed is committed: a notification problem is logged.
        LOG.exception('Could not queue lock notifications')


def _queue(context, rows, refused_share_id=None):
    if not rows:
        return
    session = context.session
    pending = session.info.get(_PENDING_KEY)
    if pending is None:
        pending = session.info[_PENDING_KEY] = _Pending(
            getattr(context, 'notifier', None))
    pending.batches.append((rows, refused_share_id))


# Listeners on every session, registered once: listening on each session
# that records an event cost about a tenth of a lock create's CPU.
def _on_session(step):
    def listener(session, *args):
        pending = session.info.get(_PENDING_KEY)
        if pending is not None:
            getattr(pending, step)(session)
    listener.__name__ = '_pending_' + step
    return listener


sa.event.listen(orm.Session, 'before_commit', _on_session('insert'))
sa.event.listen(orm.Session, 'after_commit', _on_session('deliver'))
sa.event.listen(orm.Session, 'after_rollback', _on_session('drop'))


class Refusal:
    """The history rows of a refusal, carried by its error."""

    def __init__(self, rows, share_id):
        self.rows = rows
        self.share_id = share_id


def refuse(context, error, locks, operation, share_id):
    """`error`, carrying the REFUSED rows of `locks` for keep_refusal."""
    rows = rows_for(context, REFUSED, locks, operation)
    error.refusal = Refusal(rows, share_id) if rows else None
    return error


def keep_refusal(context, error):
    """Write the history a refusal `error` carries (nothing for any other
    error); for the outermost transaction's wrapper, once that transaction
    has rolled back. Written once: the rows leave the error."""
    refusal = getattr(error, 'refusal', None)
    if refusal is not None:
        error.refusal = None
        _store_refusal(context, refusal)


def _store_refusal(context, refusal):
    try:
        _write_refusal(context, refusal)
    except Exception:
        log_lost_refusal(context)


def log_lost_refusal(context):
    """In an `except` block: the refusal's rows could not be written."""
    LOG.exception('Could not record the refusal of request %s in the '
                  'lock history', context.request_id)


@db_api.writer
def _write_refusal(context, refusal):
    if refusal.rows:
        db_api.begin_refusal_write(context.session.connection())
    _queue(context, refusal.rows, refused_share_id=refusal.share_id)


def as_dict(event):
    """The fields of an event (a row or an inserted row's values), its
    before/after decoded; for views and notifications alike."""
    get_field = event.get if isinstance(event, dict) else functools.partial(
        getattr, event)
    fields = {column.name: get_field(column.name)
              for column in Event.__table__.columns}
    for key in ('before', 'after'):
        fields[key] = json.loads(fields[key]) if fields[key] else None
    return fields
