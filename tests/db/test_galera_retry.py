"""Galera's failures as the service meets them, without a cluster: the
retry of certification conflicts and of a node not ready (core/retry.py),
and row locks that write on Galera (db/row_locks.py). The real thing runs
in tests/reliability/test_galera.py."""
import logging

from oslo_db import exception as db_exc
import pymysql
import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import retry
from manila_locks.db import api as db_api
from manila_locks.db import row_locks
from manila_locks.host.db import share_types as types_db
from manila_locks.host import models

CERTIFICATION_FAILURE = (1213, 'WSREP detected deadlock/conflict and '
                               'aborted the transaction. Try restarting '
                               'the transaction')
NOT_READY = (1047, 'WSREP has not yet prepared node for application use')
LOST = (2013, 'Lost connection to MySQL server during query')


def _ctx():
    return ml_context.RequestContext(user_id='u', project_id='p1',
                                     roles=['member', 'reader'])


def _error(kind, args):
    """What oslo.db raises for a MySQL error with these args."""
    driver_error = pymysql.err.OperationalError(*args)
    return kind(sa.exc.OperationalError('COMMIT', {}, driver_error))


def _failing(errors):
    """A retried writer failing with `errors`, one per call, then done."""
    calls = []

    @retry.on_deadlock
    @db_api.writer
    def write(context):
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return 'done'
    return write, calls


def test_certification_failure_is_retried_and_logged(db, caplog):
    write, calls = _failing(
        [_error(db_exc.DBDeadlock, CERTIFICATION_FAILURE)] * 2)
    with caplog.at_level(logging.INFO, logger=retry.__name__):
        assert write(_ctx()) == 'done'
    assert len(calls) == 3
    assert [record.getMessage() for record in caplog.records] == [
        'test_galera_retry.write: committed after 2 retries '
        '(deadlock or certification conflict)']


def test_node_not_ready_is_retried(db, caplog):
    write, calls = _failing([_error(db_exc.DBConnectionError, NOT_READY)])
    with caplog.at_level(logging.INFO, logger=retry.__name__):
        assert write(_ctx()) == 'done'
    assert len(calls) == 2
    assert 'committed after 1 retry (node not ready)' in caplog.text


@pytest.mark.parametrize('kind, args, answer, reason', [
    # Not ready for good is an outage: answered 503.
    (db_exc.DBConnectionError, NOT_READY, db_exc.DBConnectionError,
     'node not ready'),
    # Losing every certification is a conflict: answered 409.
    (db_exc.DBDeadlock, CERTIFICATION_FAILURE, retry.Busy,
     'deadlock or certification conflict'),
])
def test_retries_give_up(db, caplog, kind, args, answer, reason):
    write, calls = _failing([_error(kind, args)] * (retry.MAX_RETRIES + 1))
    with pytest.raises(answer):
        write(_ctx())
    assert len(calls) == retry.MAX_RETRIES + 1
    assert 'gave up after %d retries (%s)' % (
        retry.MAX_RETRIES, reason) in caplog.text


def test_a_lost_connection_is_not_retried(db):
    # The transaction's fate is unknown: it may have committed.
    write, calls = _failing([_error(db_exc.DBConnectionError, LOST)])
    with pytest.raises(db_exc.DBConnectionError):
        write(_ctx())
    assert len(calls) == 1


def test_only_the_outermost_transaction_retries(db):
    write, calls = _failing([_error(db_exc.DBConnectionError, NOT_READY)])
    context = _ctx()
    with pytest.raises(db_exc.DBConnectionError):
        with db_api.writer.using(context):
            write(context)
    assert len(calls) == 1


class _Cursor:
    def __init__(self, rows):
        self.rows = rows

    def execute(self, sql):
        pass

    def fetchall(self):
        return self.rows

    def close(self):
        pass


class _Connection:
    def __init__(self, rows):
        self.rows = rows

    def cursor(self):
        return _Cursor(self.rows)


class _Record:
    def __init__(self):
        self.info = {}


@pytest.mark.parametrize('rows, galera', [
    ([('wsrep_on', 'ON'), ('wsrep_provider', '/usr/lib/libgalera_smm.so')],
     True),
    ([('wsrep_on', 'OFF'), ('wsrep_provider', 'none')], False),
    ([('wsrep_on', 'ON'), ('wsrep_provider', 'none')], False),
    ([], False),                                      # MySQL: no wsrep
])
def test_galera_is_told_by_wsrep_variables(rows, galera):
    record = _Record()
    row_locks.detect_galera(_Connection(rows), record)
    assert record.info[row_locks.GALERA] is galera


def _share(context):
    share = models.Share(
        id='s1', user_id='u', project_id='p1', size=1, share_proto='NFS',
        status='available',
        share_type_id=types_db.get_by_name_or_id(context, 'default').id)
    context.session.add(share)
    context.session.flush()
    return share


def _row(db):
    with db.engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT row_version, updated_at FROM shares WHERE id = 's1'")
        ).one()


@pytest.mark.parametrize('galera, bumped', [(False, 0), (True, 1)])
def test_a_row_locked_on_galera_is_written(db, galera, bumped):
    context = _ctx()
    with db_api.writer.using(context):
        _share(context)
    before = _row(db)
    with db_api.writer.using(context):
        context.session.connection().info[row_locks.GALERA] = galera
        try:
            row_locks.certify(context.session, models.Share, 's1')
        finally:
            context.session.connection().info.pop(row_locks.GALERA)
    after = _row(db)
    assert after.row_version == before.row_version + bumped
    assert after.updated_at == before.updated_at
