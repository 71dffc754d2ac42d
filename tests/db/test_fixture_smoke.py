"""The `db` fixture works on every backend: @writer/@reader functions use
the test database, and each test starts from the freshly migrated rows."""
import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.host import invariants
from manila_locks.host import models as host_models
from tests import conftest as root_conftest
from tests import dbutils

LOCK_ID = '5e0c3b9e-6f1c-4a51-9a57-1d2b1f0c9a11'


def _context():
    return ml_context.RequestContext(user_id='alice', project_id='p1')


def _insert_lock():
    ctx = _context()
    # using() yields the session; functions called inside it take the
    # context and join its transaction.
    with db_api.writer.using(ctx):
        return store.insert(ctx, {
            'id': LOCK_ID, 'user_id': 'alice', 'project_id': 'p1',
            'resource_project_id': 'p1', 'lock_context': 'user',
            'resource_id': 'share-1', 'resource_type': 'share',
            'container_id': 'share-1',
            'resource_action': 'delete', 'lock_reason': 'smoke'}).created_at


def test_insert_and_read_back(db):
    created_at = _insert_lock()

    ctx = _context()
    with db_api.reader.using(ctx):
        lock = store.get(ctx, LOCK_ID, store.Scope(project_id='p1'))
        assert (lock.resource_id, lock.lock_reason) == ('share-1', 'smoke')
        # Microseconds survive (DATETIME(6) on MySQL).
        assert lock.created_at == created_at


def _seed(engine):
    types = host_models.ShareType.__table__
    specs = host_models.ShareTypeExtraSpec.__table__
    with engine.connect() as connection:
        return (connection.execute(sa.select(types.c.name)).scalars().all(),
                connection.execute(sa.select(sa.func.count()).select_from(
                    specs)).scalar_one())


@pytest.mark.parametrize('attempt', [1, 2])
def test_each_test_starts_from_the_migrated_rows(db, attempt):
    # Each attempt finds the seeded share type intact, then damages it; the
    # second would also hit a duplicate key if the first one's lock leaked.
    assert _seed(db.engine) == (['default'], 2)
    _insert_lock()
    with db.engine.begin() as connection:
        connection.execute(sa.delete(host_models.ShareTypeExtraSpec))
        connection.execute(sa.update(host_models.ShareType).values(
            name='renamed'))


def test_restore_rows_puts_back_only_what_changed_and_all_of_it(db):
    # restore_rows empties and refills the tables written since they last
    # held the rows given (tests/conftest.py WriteLog), and the tables
    # that refer to them: after changes to a parent table, a child table
    # nothing wrote to, and a table no statement named, every table holds
    # the snapshot again.
    snapshot = root_conftest.read_rows(db.engine)
    _insert_lock()
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.ShareType).values(
            name='renamed'))
    root_conftest.restore_rows(db.engine, snapshot)
    assert root_conftest.read_rows(db.engine) == snapshot
    log = root_conftest._WRITE_LOGS[db.engine]
    # Nothing written since: nothing to restore.
    assert log.changed_since(snapshot) == set()
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.ShareType).values(
            name='again'))
    changed = {table.name for table in log.changed_since(snapshot)}
    # share_types and every table that refers to it, directly or not.
    assert {'share_types', 'shares', 'share_type_extra_specs',
            'share_access_rules', 'share_access_rule_metadata'} <= changed
    assert 'resource_locks' not in changed
    root_conftest.restore_rows(db.engine, snapshot)
    assert root_conftest.read_rows(db.engine) == snapshot


def test_broken_invariants_finds_what_check_all_finds(db):
    # The guard matrix asks every invariant in one query; a live lock on
    # a share that does not exist must fail it as it fails check_all.
    with db.engine.connect() as connection:
        assert dbutils.broken_invariants(connection) == {}
    _insert_lock()   # on 'share-1', which is no share
    with db.engine.connect() as connection:
        expected = {name: rows for name, rows
                    in invariants.check_all(connection).items() if rows}
        assert set(expected) == {'live locks on missing resources'}
        assert dbutils.broken_invariants(connection) == expected
        assert dbutils.broken_invariants(
            connection, ignore=('live locks on missing resources',)) == {}
