"""Which database errors mean "the database cannot serve this now".

The API answers those with 503 (api/middleware.py); code that has already
committed its change uses the same test to tell an outage from a bug.
"""
from oslo_db import exception as db_exc
from sqlalchemy import exc as sa_exc


# Database states in which a valid request cannot be served now but may be
# later, so 503 (retry later) rather than 500 (our fault): the connection is
# gone, or the server refuses writes (read-only) or has no room.
_UNAVAILABLE_SQLSTATES = {
    '25006',    # PostgreSQL read_only_sql_transaction
    '53100',    # PostgreSQL disk_full
}
_UNAVAILABLE_MYSQL_ERRORS = {
    1021,       # ER_DISK_FULL
    1114,       # ER_RECORD_FILE_FULL (table is full)
    1290,       # ER_OPTION_PREVENTS_STATEMENT (--read-only)
    1792,       # ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
}


def unavailable(exc):
    """True for database errors that mean "cannot serve this now" rather
    than a bug.

    A bare SQLAlchemy OperationalError is one oslo.db did not translate:
    with SQLAlchemy 2.1 that is a failure to open a connection (server
    down or starting up), as a restart produces.
    """
    if isinstance(exc, (db_exc.DBConnectionError, sa_exc.OperationalError)):
        return True
    if not isinstance(exc, db_exc.DBError):
        return False
    driver_error = getattr(exc.inner_exception, 'orig', None)
    if getattr(driver_error, 'pgcode', None) in _UNAVAILABLE_SQLSTATES:
        return True
    args = getattr(driver_error, 'args', None) or (None,)
    return args[0] in _UNAVAILABLE_MYSQL_ERRORS
