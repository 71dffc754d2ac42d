"""Which database errors answer 503 and which 500 (api/middleware.py).

The private-server tests (test_db_faults.py) prove it end to end; these
pin the mapping without any server, so it holds wherever they cannot run.
"""
from oslo_db import exception as db_exc
import pymysql
import pytest
import sqlalchemy as sa
import webob
import webob.dec

from manila_locks.api import middleware


def _driver_error(driver_error):
    return sa.exc.DBAPIError('INSERT ...', {}, driver_error)


class _PgError(Exception):
    """Like psycopg2's errors, whose pgcode only a server can set."""

    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


def _pg(sqlstate):
    return _driver_error(_PgError(sqlstate))


@pytest.mark.parametrize('error, status', [
    (db_exc.DBConnectionError(), 503),
    (sa.exc.OperationalError('connect', {}, Exception('refused')), 503),
    (db_exc.DBError(_pg('25006')), 503),
    (db_exc.DBError(_pg('53100')), 503),
    (db_exc.DBError(_driver_error(pymysql.err.OperationalError(
        1290, 'running with the --read-only option'))), 503),
    (db_exc.DBError(_driver_error(pymysql.err.OperationalError(
        1114, 'The table is full'))), 503),
    (db_exc.DBError(_driver_error(pymysql.err.ProgrammingError(
        1146, "Table doesn't exist"))), 500),
    (db_exc.DBError(_pg('42P01')), 500),     # undefined_table: a bug
    (db_exc.DBError(), 500),
    (RuntimeError('bug'), 500),
])
def test_database_errors_map_to_a_status_in_fault_shape(error, status):
    @webob.dec.wsgify
    def failing(req):
        raise error

    response = webob.Request.blank('/v2/shares').get_response(
        middleware.FaultWrapper(failing))
    name = {503: 'serviceUnavailable', 500: 'computeFault'}[status]
    assert response.status_int == status
    assert response.json == {name: {'code': status,
                                    'message': response.json[name][
                                        'message']}}
