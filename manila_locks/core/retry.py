"""Run a whole write transaction again when the database chose it as a
deadlock victim, or (Galera) failed it at certification.

Only the outermost call retries. A deadlock aborts the entire transaction,
so a function running inside a caller's transaction cannot redo its part
alone; it lets the error reach the caller's own retry.

On a Galera cluster two transactions that wrote the same row through
different nodes meet at commit, and certification fails the later one
with the deadlock error (1213, "Deadlock found" or "WSREP detected
deadlock/conflict"), which oslo.db raises as DBDeadlock: it is retried
like a deadlock. A node that is not part of the cluster's primary
component (or not yet synced) answers 1047 ("WSREP has not yet prepared
node for application use"), which oslo.db raises as DBConnectionError: it
is retried too, for a moment, since a node rejoining or a membership
change ends within seconds; if it lasts, the error goes on to be answered
503. Every transaction that needed a retry says so in the log, with the
count.
"""
import functools
import logging

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc

from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.db import api as db_api

LOG = logging.getLogger(__name__)

MAX_RETRIES = 5
_NODE_NOT_READY = 1047     # ER_UNKNOWN_COM_ERROR, as wsrep uses it


class Busy(exception.Conflict):
    message = ('Concurrent requests kept changing this resource; retry the '
               'request.')


def node_not_ready(exc):
    """A Galera node outside the primary component, or not yet synced."""
    if not isinstance(exc, db_exc.DBConnectionError):
        return False
    driver_error = getattr(exc.inner_exception, 'orig', None)
    args = getattr(driver_error, 'args', None) or (None,)
    return args[0] == _NODE_NOT_READY


def _retry(func, failures):
    """oslo.db's retry of `func`, noting each retried error in
    `failures`."""
    def retryable(exc):
        if node_not_ready(exc):
            failures.append(exc)
            return True
        return False

    def attempt(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except db_exc.DBDeadlock as exc:
            failures.append(exc)
            raise
    return oslo_db_api.wrap_db_retry(
        max_retries=MAX_RETRIES, retry_on_deadlock=True, retry_interval=0.05,
        inc_retry_interval=True, max_retry_interval=0.5,
        exception_checker=retryable)(attempt)


def _reasons(failures):
    kinds = sorted({'node not ready' if node_not_ready(exc) else
                    'deadlock or certification conflict'
                    for exc in failures})
    return ', '.join(kinds)


def on_deadlock(func):
    """Decorate a function that takes the context first and is itself (or
    wraps) an @db_api.writer, placed above the writer decorator; or one
    that runs a whole db_api.core_writer() (or core_refusal())
    transaction of its own.

    As the outermost transaction's wrapper it is also where a refusal's
    lock history is written once the refused transaction has rolled back
    (core.history.keep_refusal): every write path that a lock may refuse
    goes through here."""
    name = '%s.%s' % (func.__module__.rsplit('.', 1)[-1], func.__name__)

    @functools.wraps(func)
    def wrapper(context, *args, **kwargs):
        if db_api.in_transaction(context):
            return func(context, *args, **kwargs)
        failures = []
        try:
            result = _retry(func, failures)(context, *args, **kwargs)
        except exception.ManilaLocksError as error:
            history.keep_refusal(context, error)
            raise
        except (db_exc.DBDeadlock, db_exc.DBConnectionError) as exc:
            if failures:
                LOG.warning('%s: gave up after %d retries (%s)', name,
                            len(failures) - 1, _reasons(failures))
            if isinstance(exc, db_exc.DBDeadlock):
                raise Busy()
            raise
        if failures:
            LOG.info('%s: committed after %d retr%s (%s)', name,
                     len(failures), 'y' if len(failures) == 1 else 'ies',
                     _reasons(failures))
        return result
    return wrapper
