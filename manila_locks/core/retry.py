"""Run a whole write transaction again when the database chose it as a
deadlock victim.

Only the outermost call retries. A deadlock aborts the entire transaction,
so a function running inside a caller's transaction cannot redo its part
alone; it lets the error reach the caller's own retry.
"""
import functools

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc

from manila_locks.core import exception

MAX_RETRIES = 5

_retry = oslo_db_api.wrap_db_retry(
    max_retries=MAX_RETRIES, retry_on_deadlock=True, retry_interval=0.05,
    inc_retry_interval=True, max_retry_interval=0.5)


class Busy(exception.Conflict):
    message = ('Concurrent requests kept changing this resource; retry the '
               'request.')


def in_transaction(context):
    try:
        context.transaction_ctx
    except db_exc.NoEngineContextEstablished:
        return False
    return True


def on_deadlock(func):
    """Decorate a function that takes the context first and is itself (or
    wraps) an @db_api.writer; place it above the writer decorator."""
    retried = _retry(func)

    @functools.wraps(func)
    def wrapper(context, *args, **kwargs):
        if in_transaction(context):
            return func(context, *args, **kwargs)
        try:
            return retried(context, *args, **kwargs)
        except db_exc.DBDeadlock:
            raise Busy()
    return wrapper
