"""The indexes that hold only rows with a value (revision b3d355a406c0)
still answer every question asked of them, on the backends where they
are partial: each statement below, as the service sends it, is planned
on its index (SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN with
sequential scans off, so that the plan shows whether the index can be
used at all, whatever the table's size).

| question                    | asked by              | index              |
|-----------------------------|-----------------------|--------------------|
| a lock's live companions    | store.live_companions | resource_locks_    |
|                             | (parent_lock_id = ?)  | parent_idx         |
| the companions of locks     | store.soft_delete     | resource_locks_    |
| being removed               | (parent_lock_id IN)   | parent_idx         |
| the events of one global    | lock_events.find      | resource_lock_     |
| request                     | (global_request_id =?)| events_global_     |
|                             |                       | request_idx        |

MySQL and MariaDB keep the full indexes (tests/db/test_migrations.py
checks each index's predicate on every backend).
"""
import datetime
import uuid

from oslo_db.sqlalchemy import engines
import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import history
from manila_locks.core import lock_events
from manila_locks.core import models
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.host import migration

pytestmark = pytest.mark.parametrize('db_server', ['sqlite', 'postgresql'],
                                     indirect=True)

LOCKS = models.ResourceLock.__table__
EVENTS = models.ResourceLockEvent.__table__
T0 = datetime.datetime(2026, 1, 1)
PARENT_IDX = 'resource_locks_parent_idx'
GLOBAL_REQUEST_IDX = 'resource_lock_events_global_request_idx'


def _lock(number, parent_id=None):
    lock_id = str(uuid.uuid4())
    resource_id = str(uuid.uuid4())
    return {'id': lock_id, 'user_id': 'u', 'project_id': 'p',
            'resource_project_id': 'p', 'lock_context': 'user',
            'resource_id': resource_id, 'resource_type': 'share',
            'container_id': resource_id, 'resource_action': 'delete',
            'parent_lock_id': parent_id, 'deleted': 'False',
            'created_at': T0 + datetime.timedelta(seconds=number)}


def _event(number, lock):
    return {'id': str(uuid.uuid4()), 'event': 'placed',
            'created_at': T0 + datetime.timedelta(seconds=number),
            'lock_id': lock['id'], 'lock_user_id': 'u',
            'lock_project_id': 'p', 'lock_context': 'user',
            'resource_project_id': 'p', 'resource_id': lock['resource_id'],
            'resource_type': 'share', 'resource_action': 'delete',
            'global_request_id': ('req-%s' % uuid.uuid4()
                                  if number % 10 == 0 else None)}


@pytest.fixture
def seeded(fresh_db_url, _started_context_manager):
    """2,000 locks, every 10th a companion of the one before it, and an
    event each, every 10th from a request with a global request id;
    analyzed; the service's engine on them."""
    migration.upgrade(fresh_db_url)
    engine = engines.create_engine(fresh_db_url, max_retries=0)
    db_api.tune_engine(engine)
    locks = []
    for number in range(2000):
        parent = locks[-1]['id'] if number % 10 == 0 and locks else None
        locks.append(_lock(number, parent))
    events = [_event(number, lock) for number, lock in enumerate(locks)]
    with engine.begin() as conn:
        conn.execute(LOCKS.insert(), locks)
        conn.execute(EVENTS.insert(), events)
        conn.exec_driver_sql('ANALYZE')
    reset = db_api.context_manager.patch_engine(engine)
    yield engine, locks, events
    reset()
    engine.dispose()


def _statements(engine, call, mentioning):
    seen = []

    def record(conn, cursor, statement, parameters, context, many):
        where = statement.partition('WHERE')[2]
        if statement.lstrip().startswith('SELECT') and mentioning in where:
            seen.append((statement, parameters))
    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        call()
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)
    assert seen, 'no statement read %s' % mentioning
    return seen


def _plan(engine, statement, parameters):
    with engine.connect() as conn:
        if engine.dialect.name == 'sqlite':
            rows = conn.exec_driver_sql('EXPLAIN QUERY PLAN ' + statement,
                                        parameters)
            return ' / '.join(row[3] for row in rows)
        conn.exec_driver_sql('SET LOCAL enable_seqscan = off')
        rows = conn.exec_driver_sql('EXPLAIN ' + statement, parameters)
        return ' / '.join(row[0] for row in rows)


def _context():
    return ml_context.RequestContext(user_id='u', project_id='p',
                                     is_admin=True)


def test_a_locks_companions_are_read_on_the_parent_index(seeded):
    engine, locks, _ = seeded
    parent = store.get(_context(), locks[9]['id'], store.Scope(None))
    found = []
    [(statement, parameters)] = _statements(
        engine, lambda: found.extend(store.live_companions(
            _context(), parent)), 'parent_lock_id')
    assert [lock.id for lock in found] == [locks[10]['id']]
    assert PARENT_IDX in _plan(engine, statement, parameters)


@db_api.writer
def _remove(context, lock_ids):
    parents = [store.get(context, lock_id, store.Scope(None))
               for lock_id in lock_ids]
    return store.soft_delete(context, parents, history.REMOVED,
                             'delete lock')


def test_the_companions_of_removed_locks_are_read_on_the_parent_index(
        seeded):
    engine, locks, _ = seeded
    removed = []
    for statement, parameters in _statements(
            engine, lambda: removed.extend(_remove(
                _context(), [locks[number]['id'] for number in (19, 29)])),
            'parent_lock_id'):
        assert PARENT_IDX in _plan(engine, statement, parameters)
    assert sorted(removed) == sorted(
        [locks[number]['id'] for number in (19, 29, 20, 30)])


def test_the_events_of_a_global_request_are_read_on_its_index(seeded):
    engine, _, events = seeded
    wanted = events[100]['global_request_id']
    query = lock_events.EventQuery(filters={'global_request_id': wanted})
    found = []
    [(statement, parameters)] = _statements(
        engine, lambda: found.extend(lock_events.find(
            _context(), store.Scope(None), query)),
        'global_request_id')
    assert [event.id for event in found] == [events[100]['id']]
    assert GLOBAL_REQUEST_IDX in _plan(engine, statement, parameters)
