"""db/prepared.py: how a hot read becomes a prepared statement of its
database connection on PostgreSQL, and when it does not.

| case                                         | PostgreSQL          | others |
|----------------------------------------------|---------------------|--------|
| first run on a connection                    | PREPARE, EXECUTE    | SELECT |
| again on that connection                     | EXECUTE             | SELECT |
| after a rollback of the preparing transaction| EXECUTE             | SELECT |
| on a new connection (the pool's closed)      | PREPARE, EXECUTE    | SELECT |
| turned off (configure(enabled=False))        | SELECT              | SELECT |
| a statement not marked hot()                 | SELECT              | SELECT |
| a hot() insert of bound values              | PREPARE, EXECUTE    | INSERT |
| an insert with a default computed in Python  | as SQLAlchemy runs it        |
| a list parameter (IN), an update             | as SQLAlchemy runs it        |
| a required parameter missing                 | SQLAlchemy's error           |
| the server forgot it (DEALLOCATE ALL)        | 503 once, then PREPARE again |
"""
from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from manila_locks import conf as ml_conf
from manila_locks.db import api as db_api
from manila_locks.db import prepared
from manila_locks.host import deploy
from manila_locks import policy
from tests.db import test_query_counts

METADATA = sa.MetaData()
PROBE = sa.Table('prepared_probe', METADATA,
                 sa.Column('id', sa.Integer, primary_key=True),
                 sa.Column('name', sa.String(16)),
                 sa.Column('at', sa.DateTime))
COLD = sa.select(PROBE.c.id, PROBE.c.name, PROBE.c.at).where(
    PROBE.c.id == sa.bindparam('id'), PROBE.c.name != 'hidden')
BY_ID = prepared.hot(COLD)
BY_IDS = prepared.hot(sa.select(PROBE.c.id).where(
    PROBE.c.id.in_(sa.bindparam('ids', expanding=True))))


@pytest.fixture
def probe(db, monkeypatch):
    monkeypatch.setitem(prepared._STATE, 'enabled', True)
    # Connections that never prepared anything, whatever ran before.
    db.engine.dispose()
    METADATA.drop_all(db.engine)
    METADATA.create_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(sa.insert(PROBE), [
            {'id': 1, 'name': 'one', 'at': None},
            {'id': 2, 'name': 'hidden', 'at': None}])
    yield db
    METADATA.drop_all(db.engine)


class Seen(test_query_counts.Statements):
    """Every statement's first word, SQLite's BEGIN (its own, for any
    transaction) left out; PREPARE kept."""

    def __init__(self, engine):
        super().__init__(engine, keep=lambda text: not text.startswith(
            'BEGIN'))
        self.counting = True

    def take(self):
        seen, self.seen = self.seen, []
        return [text.split(None, 1)[0].upper() for text, _ in seen]


@pytest.fixture
def seen(probe):
    watcher = Seen(probe.engine)
    yield watcher
    watcher.close()


INSERT = prepared.hot(sa.insert(PROBE).values(
    id=sa.bindparam('id'), name=sa.bindparam('name'),
    at=sa.bindparam('at')))


def _by_id(connection, id_):
    return [tuple(row) for row in prepared.execute(
        connection, BY_ID, {'id': id_}).all()]


def _expected(db, words):
    return words if db.name == 'postgresql' else ['SELECT']


def test_prepared_once_per_connection(probe, seen):
    with probe.engine.connect() as connection:
        assert _by_id(connection, 1) == [(1, 'one', None)]
        assert seen.take() == _expected(probe, ['PREPARE', 'EXECUTE'])
        assert _by_id(connection, 2) == []
        assert _by_id(connection, 3) == []
        assert seen.take() == _expected(probe, ['EXECUTE']) * 2


def test_a_rollback_keeps_it(probe, seen):
    with probe.engine.connect() as connection:
        with connection.begin() as transaction:
            _by_id(connection, 1)
            transaction.rollback()
        seen.take()
        assert _by_id(connection, 1) == [(1, 'one', None)]
        assert seen.take() == _expected(probe, ['EXECUTE'])


def test_a_new_connection_prepares_again(probe, seen):
    with probe.engine.connect() as connection:
        _by_id(connection, 1)
    probe.engine.dispose()      # as when the server dropped them
    seen.take()
    with probe.engine.connect() as connection:
        assert _by_id(connection, 1) == [(1, 'one', None)]
    assert seen.take() == _expected(probe, ['PREPARE', 'EXECUTE'])


def test_turned_off_it_is_a_plain_select(probe, seen, monkeypatch):
    monkeypatch.setitem(prepared._STATE, 'enabled', False)
    with probe.engine.connect() as connection:
        assert _by_id(connection, 1) == [(1, 'one', None)]
    assert seen.take() == ['SELECT']


def test_what_it_does_not_prepare_runs_as_sqlalchemy_runs_it(probe, seen):
    with probe.engine.connect() as connection:
        rows = prepared.execute(connection, BY_IDS, {'ids': [1, 2]}).all()
        assert sorted(row.id for row in rows) == [1, 2]
        assert [tuple(row) for row in prepared.execute(
            connection, COLD, {'id': 1})] == [(1, 'one', None)]
        assert seen.take() == ['SELECT', 'SELECT']
        assert prepared._plan(sa.update(PROBE).values(name='x')) is None
        literal = prepared.hot(sa.select(PROBE.c.id).where(
            PROBE.c.id == sa.bindparam('id', literal_execute=True)))
        assert prepared._plan(literal) is None


def test_a_hot_insert_is_prepared_once_too(probe, seen):
    for id_ in (3, 4):
        with probe.engine.begin() as connection:
            prepared.execute(connection, INSERT,
                             {'id': id_, 'name': 'new', 'at': None})
    assert seen.take() == _expected(
        probe, ['PREPARE', 'EXECUTE', 'EXECUTE']) * (
        1 if probe.name == 'postgresql' else 0) + (
        [] if probe.name == 'postgresql' else ['INSERT', 'INSERT'])
    with probe.engine.connect() as connection:
        assert _by_id(connection, 3) == [(3, 'new', None)]
        assert _by_id(connection, 4) == [(4, 'new', None)]
    # Named by what it does: an EXECUTE shows nothing else in a log.
    assert prepared._plan(INSERT).name.startswith('manila_locks_insert_')
    assert prepared._plan(BY_ID).name.startswith('manila_locks_select_')


def test_an_insert_with_a_default_computed_in_python_is_not(probe):
    table = sa.Table('prepared_defaults', sa.MetaData(),
                     sa.Column('id', sa.Integer, primary_key=True),
                     sa.Column('name', sa.String(16), default=lambda: 'x'))
    assert prepared._plan(prepared.hot(sa.insert(table).values(
        id=sa.bindparam('id')))) is None


@pytest.mark.parametrize('change', [
    'DEALLOCATE ALL',
    'ALTER TABLE prepared_probe ALTER COLUMN name TYPE VARCHAR(32)',
])
def test_a_statement_the_server_forgot_costs_one_503(probe, seen, change):
    """A DEALLOCATE ALL (or a pooler that moved the session), or a column
    whose type changed under the plan (a migration while the service
    runs): the read that finds its statement gone or stale is answered
    as a lost connection is (oslo.db's DBConnectionError, a 503), its
    connection dropped; the next read prepares again on a fresh one."""
    if probe.name != 'postgresql':
        return      # nothing is prepared elsewhere
    with probe.engine.connect() as connection:
        _by_id(connection, 1)
        connection.exec_driver_sql(change)
        with pytest.raises(db_exc.DBConnectionError):
            _by_id(connection, 1)
        assert connection.invalidated
    seen.take()
    with probe.engine.connect() as connection:
        assert _by_id(connection, 1) == [(1, 'one', None)]
    assert seen.take() == ['PREPARE', 'EXECUTE']


def test_a_missing_parameter_is_sqlalchemys_error(probe):
    with probe.engine.connect() as connection:
        with pytest.raises(db_exc.DBError) as caught:
            prepared.execute(connection, BY_ID, {})
    assert "A value is required for bind parameter 'id'" in str(
        caught.value)


@pytest.mark.parametrize('enabled', [True, False])
def test_the_option_reaches_it(monkeypatch, tmp_path, enabled):
    """[DEFAULT] prepared_statements, as deploy.setup hands it on."""
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    conf.set_override('prepared_statements', enabled)
    monkeypatch.setattr(db_api, 'configure', lambda connection, **kw: None)
    monkeypatch.setattr(policy, 'init', lambda conf: None)
    monkeypatch.setitem(prepared._STATE, 'enabled', not enabled)
    deploy.setup(conf, sync_db=False)
    assert prepared._STATE['enabled'] is enabled
