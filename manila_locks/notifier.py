"""Notifications of lock events through oslo.messaging, as Manila names
them: ``resource_lock.create.end``, ``resource_lock.update.end``,
``resource_lock.delete.end``, ``resource_lock.expire.end``, and
``share.<action>.refused`` when locks refuse an action on a share
(``share.delete.refused``, ``share.soft_delete.refused``,
``share.unmanage.refused``, ``share.transfer.refused``,
``share.deny_access.refused``). The publisher id is ``share.<host>``, as
Manila's share service writes it; priority INFO.

Each payload is the lock history event (GET /v2/resource-lock-events): the
lock, who acted and from which request, and before/after. A refusal's
payload names the share, the refused operation and one event per lock
that refused it.

Sending never holds a request: the lock core hands events over only after
their transaction committed (core/history.py), and they are queued here
for one sender thread. A broker that is slow or down delays that thread
alone; a full queue drops notifications with a warning. The lock history
table, not the notifications, is the record.

Configured with oslo.messaging's own options ([oslo_messaging_notifications]
driver, transport_url, topics, retry); the default driver is ``noop``, which
sends nothing and opens no connection.
"""
import logging
import os
import queue
import threading
import time
import warnings

from oslo_config import cfg
from oslo_context import context as oslo_context

from manila_locks.api.views.timestamps import isotime
from manila_locks.core import history
from manila_locks.core import rule_locks

LOG = logging.getLogger(__name__)

GROUP = 'oslo_messaging_notifications'
EVENT_TYPES = {
    history.PLACED: 'resource_lock.create.end',
    history.CHANGED: 'resource_lock.update.end',
    history.REMOVED: 'resource_lock.delete.end',
    history.RELEASED: 'resource_lock.delete.end',
    history.RESOURCE_DELETED: 'resource_lock.delete.end',
    history.EXPIRED: 'resource_lock.expire.end',
}
# Refused operation -> the share action it is named by in the event type.
REFUSED_ACTIONS = {rule_locks.DENY: 'deny_access',
                   rule_locks.UNRESTRICTED_DENY: 'deny_access'}
# The fields of a notification's context: who and which request, never a
# token.
CONTEXT_FIELDS = ('user_id', 'project_id', 'request_id', 'global_request_id',
                  'service_user_id', 'service_project_id')


def _messaging():
    # oslo.messaging imports oslo.service, whose eventlet backend warns on
    # import; nothing here uses eventlet.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        import oslo_messaging
        from oslo_messaging.notify import notifier
    return oslo_messaging, notifier


def register_opts(conf):
    """oslo.messaging's [oslo_messaging_notifications] options, with the
    ``noop`` driver by default."""
    _, notifier = _messaging()
    conf.register_opts(notifier._notifier_opts, group=GROUP)
    conf.set_default('driver', ['noop'], group=GROUP)


def set_sample_defaults():
    """The sample configuration's defaults (oslo-config-generator only: it
    changes oslo.messaging's option objects for the whole process)."""
    _, notifier = _messaging()
    cfg.set_defaults(notifier._notifier_opts, driver=['noop'])


def event_type(row, refused_share_id=None):
    if refused_share_id is not None:
        operation = row['operation']
        return 'share.%s.refused' % REFUSED_ACTIONS.get(
            operation, operation.replace(' ', '_'))
    return EVENT_TYPES[row['event']]


def payload(row):
    fields = history.as_dict(row)
    fields['created_at'] = isotime(fields['created_at'])
    return fields


def refusal_payload(rows, share_id):
    first = rows[0]
    body = {key: first[key] for key in CONTEXT_FIELDS + ('requester_context',)}
    body.update(share_id=share_id, operation=first['operation'],
                lock_ids=[row['lock_id'] for row in rows],
                events=[payload(row) for row in rows])
    return body


def _context_serializer(messaging):
    """As Manila's RequestContextSerializer: the context goes out as its
    to_dict(), the payload (plain JSON types here) as it is."""
    class ContextSerializer(messaging.NoOpSerializer):
        def serialize_context(self, context):
            return context.to_dict()
    return ContextSerializer()


class Notifier:
    """Queue lock events and send them from a thread of their own."""

    def __init__(self, conf):
        drivers = conf[GROUP].driver
        self.enabled = any(driver != 'noop' for driver in drivers)
        if not self.enabled:
            return
        messaging, _ = _messaging()
        transport = messaging.get_notification_transport(conf)
        self._notifier = messaging.Notifier(
            transport, publisher_id='share.%s' % conf.host,
            serializer=_context_serializer(messaging))
        self._size = conf.notification_queue_size
        self._guard = threading.Lock()
        self._pid = None
        self._queue = queue.Queue(maxsize=self._size)

    def _sender(self):
        """The queue of this process's sender thread, started on first use:
        a WSGI server that forks workers after loading the app (gunicorn
        --preload) gives each worker a thread of its own."""
        with self._guard:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                self._queue = queue.Queue(maxsize=self._size)
                threading.Thread(target=self._run, args=(self._queue,),
                                 daemon=True,
                                 name='lock-notifications').start()
        return self._queue

    def lock_events(self, rows, refused_share_id=None):
        """Queue the notifications of committed history rows."""
        if refused_share_id is not None:
            self._put(rows[0], event_type(rows[0], refused_share_id),
                      refusal_payload(rows, refused_share_id))
            return
        for row in rows:
            self._put(row, event_type(row), payload(row))

    def _put(self, row, kind, body):
        # A context of its own, built from the event: no token in it, and
        # nothing of the request that may have ended meanwhile.
        context = oslo_context.RequestContext(
            overwrite=False,
            **{key: row.get(key) for key in CONTEXT_FIELDS})
        try:
            self._sender().put_nowait((context, kind, body))
        except queue.Full:
            LOG.warning('Notification %s of request %s dropped: %d are '
                        'waiting for the message bus already.', kind,
                        row.get('request_id'), self._size)

    def _run(self, waiting):
        while True:
            context, kind, body = waiting.get()
            try:
                # oslo.messaging logs (and swallows) its drivers' errors.
                self._notifier.info(context, kind, body)
            except Exception:
                LOG.exception('Could not send notification %s', kind)
            finally:
                waiting.task_done()

    def flush(self, timeout):
        """Wait up to `timeout` seconds until everything queued was handed
        to the driver; whether it was."""
        if not self.enabled:
            return True
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._queue.all_tasks_done.wait(left)
        return True
