"""The `db` fixture works on every backend: @writer/@reader functions use
the test database, and each test starts from the freshly migrated rows."""
import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.host import models as host_models

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
