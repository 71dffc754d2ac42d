"""Count the SQL statements of each request: X-Bench-SQL-Count.

Used by serve.py (manila_locks, the floor) and manila_wsgi.py (upstream
Manila, in its own venv): it needs nothing but SQLAlchemy.
"""
import os
import threading

import sqlalchemy as sa

COUNT_HEADER = 'X-Bench-SQL-Count'
PID_HEADER = 'X-Bench-Pid'     # which worker answered (servers._wait_ready)
_statements = threading.local()


def _count_statement(conn, cursor, statement, parameters, context, many):
    _statements.count = getattr(_statements, 'count', 0) + 1


class CountSql:
    """Counts statements per request; one request runs on one thread in
    both servers, so a thread-local counter is the request's counter."""

    def __init__(self, app):
        self.app = app
        sa.event.listen(sa.engine.Engine, 'before_cursor_execute',
                        _count_statement)

    def __call__(self, environ, start_response):
        _statements.count = 0

        def counted_start_response(status, headers, exc_info=None):
            headers.append((COUNT_HEADER, str(_statements.count)))
            headers.append((PID_HEADER, str(os.getpid())))
            return start_response(status, headers, exc_info)
        return self.app(environ, counted_start_response)
