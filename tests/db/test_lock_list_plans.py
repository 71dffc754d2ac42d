"""A project's lock list and its count read that project's locks, not the
table: checked on SQLite's plan, with statistics, where a full
resource_locks_expires_idx once led the planner to read every live lock
(revision 4e7a2c9d1b58)."""
import datetime
import uuid

from oslo_db.sqlalchemy import engines
import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import models
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.host import migration

LOCKS = models.ResourceLock.__table__
T0 = datetime.datetime(2026, 1, 1)
PROJECT_INDEXES = ('resource_locks_project_created_idx',
                   'resource_locks_resource_project_idx')


def _lock(number, project, deleted=False):
    lock_id = str(uuid.uuid4())
    resource_id = str(uuid.uuid4())
    return {'id': lock_id, 'user_id': 'u', 'project_id': project,
            'resource_project_id': project, 'lock_context': 'user',
            'resource_id': resource_id, 'resource_type': 'share',
            'container_id': resource_id, 'resource_action': 'delete',
            'created_at': T0 + datetime.timedelta(seconds=number),
            'deleted': lock_id if deleted else 'False'}


@pytest.fixture
def engine(fresh_db_url, _started_context_manager):
    """5,000 locks in 100 projects, every 10th soft-deleted (as the
    benchmark seeds them), analyzed, and the service's engine on them."""
    migration.upgrade(fresh_db_url)
    engine = engines.create_engine(fresh_db_url, max_retries=0)
    db_api.tune_engine(engine)
    rows = [_lock(n, 'proj-%d' % (n % 100), deleted=n % 10 == 0)
            for n in range(5000)]
    with engine.begin() as conn:
        conn.execute(LOCKS.insert(), rows)
        conn.exec_driver_sql('ANALYZE')
    reset = db_api.context_manager.patch_engine(engine)
    yield engine
    reset()
    engine.dispose()


def _statements(engine, call):
    seen = []

    def record(conn, cursor, statement, parameters, context, many):
        if not statement.startswith('BEGIN'):
            seen.append((statement, parameters))
    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        return call(), seen
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)


@pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)
def test_a_projects_lock_list_and_count_read_by_project(engine):
    ctx = ml_context.RequestContext(user_id='u', project_id='proj-7')
    query = store.LockQuery(limit=10, with_count=True)
    page, statements = _statements(engine, lambda: store.find(
        ctx, store.Scope('proj-7'), query))
    # proj-7 holds locks 7, 107, ..., 4907; none is a multiple of 10.
    assert page.count == 50
    assert [lock.created_at for lock in page.locks] == [
        T0 + datetime.timedelta(seconds=4907 - 100 * n) for n in range(10)]
    assert len(statements) == 2
    for statement, parameters in statements:
        with engine.connect() as conn:
            plan = ' / '.join(row[3] for row in conn.exec_driver_sql(
                'EXPLAIN QUERY PLAN ' + statement, parameters))
        assert 'resource_locks_expires_idx' not in plan, plan
        assert all(index in plan for index in PROJECT_INDEXES), plan
