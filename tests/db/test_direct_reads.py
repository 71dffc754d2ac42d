"""db/direct: a hot select read on the driver's cursor answers what
Connection.execute answers, an insert on it writes what it writes, and
everything around a statement still happens, on every backend.

| what                                         | checked                    |
|----------------------------------------------|----------------------------|
| the service's hot selects (a share and its   | the same rows, values,     |
| locks, a shown rule, the lock check's list), | types and keys as          |
| as they are and prepared (PostgreSQL)        |                            |
| and a test select of every column kind       | Connection.execute         |
| (text, integer, boolean, timestamps, NULLs,  |                            |
| labels, an outer join, a bound default)      |                            |
| statement listeners                          | before/after_cursor_execute|
|                                              | see it once each; a retval |
|                                              | listener's text is sent    |
| a parameter missing; list parameters; an     | left to SQLAlchemy (None)  |
| insert; execution options; SQL logged (echo, |                            |
| or the engine's logger at INFO)              |                            |
| a core_writer block's first statement        | in its transaction         |
|                                              | (PostgreSQL: BEGIN carried;|
|                                              | SQLite: BEGIN IMMEDIATE)   |
| a core_reader's plain read                   | no transaction begun; the  |
|                                              | connection goes back to the|
|                                              | pool idle                  |
| a snapshot read (one_snapshot)               | in the block's transaction |
|                                              | (SQLite: after its BEGIN)  |
| an SQL error, in a transaction or in a plain | what Connection.execute    |
| read; a bind processor's error               | raises; the connection     |
|                                              | still works                |
| a lost connection (PostgreSQL, MariaDB)      | DBConnectionError; the     |
|                                              | connection invalidated     |
| Rows.one_or_none                             | none, one, more: as        |
|                                              | SQLAlchemy's Result        |
| an insert (SQLite, MariaDB)                  | the row SQLAlchemy writes, |
|                                              | listeners see it; a key    |
|                                              | taken: SQLAlchemy's error  |
| an insert on PostgreSQL; a column default    | left to SQLAlchemy (False) |
| to compute                                   |                            |
| a statement that returns no rows (write):    | run, its COMMIT after it   |
| a prepared insert's EXECUTE, LAST in a       | in a core_writer block on  |
| core_writer block                            | PostgreSQL (and the wire   |
|                                              | test of a share's lock)    |
| write() with other options, or a select      | left to SQLAlchemy (None)  |
"""
import datetime
import logging
import types
import uuid

from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import store as lock_store
from manila_locks.db import api as db_api
from manila_locks.db import direct
from manila_locks.db import prepared
from manila_locks.host.db import access_rules as access_db
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import models
from tests import dbutils


class Upper(sa.types.TypeDecorator):
    """Stored upper case, read lower case: a bind and a result processor
    on every backend."""
    impl = sa.String(8)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.upper()

    def process_result_value(self, value, dialect):
        return None if value is None else value.lower()


METADATA = sa.MetaData()
THINGS = sa.Table('direct_things', METADATA,
                  sa.Column('id', sa.Integer, primary_key=True),
                  sa.Column('name', sa.String(32)),
                  sa.Column('code', Upper),
                  sa.Column('flag', sa.Boolean),
                  sa.Column('at', sa.DateTime),
                  sa.Column('count', sa.Integer))
DEFAULTED = sa.Table(
    'direct_defaulted', METADATA,
    sa.Column('id', sa.Integer, primary_key=True),
    sa.Column('made', sa.String(8), default='now'))
PARTS = sa.Table('direct_parts', METADATA,
                 sa.Column('id', sa.Integer, primary_key=True),
                 sa.Column('thing_id', sa.Integer),
                 sa.Column('note', sa.String(32)))
T0 = datetime.datetime(2026, 12, 4, 23, 50, 1, 123456)
EARLIER = T0 - datetime.timedelta(seconds=1)
_CONTEXT = ml_context.RequestContext(user_id='alice', project_id='p1')

# A select of every kind of column, a label, an outer join and a bound
# parameter with a value of its own.
JOINED = prepared.hot(sa.select(
    THINGS, PARTS.c.note.label('part_note')).select_from(
    THINGS.outerjoin(PARTS, PARTS.c.thing_id == THINGS.c.id)).where(
    THINGS.c.at >= sa.bindparam('since'),
    THINGS.c.count < sa.bindparam('below', 100),
    THINGS.c.code != sa.bindparam('skip', 'none', type_=Upper)).order_by(
    THINGS.c.id, PARTS.c.id))


@pytest.fixture
def tables(db):
    METADATA.drop_all(db.engine)
    METADATA.create_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(THINGS.insert(), [
            {'id': 1, 'name': 'one', 'code': 'a', 'flag': True, 'at': T0,
             'count': 1},
            {'id': 2, 'name': None, 'code': 'b', 'flag': False,
             'at': T0 + datetime.timedelta(days=1), 'count': 2},
            {'id': 3, 'name': 'three', 'code': 'c', 'flag': None,
             'at': None, 'count': 3},
            {'id': 4, 'name': 'four', 'code': 'd', 'flag': True, 'at': T0,
             'count': None}])
        connection.execute(PARTS.insert(), [
            {'id': 10, 'thing_id': 1, 'note': 'a'},
            {'id': 11, 'thing_id': 1, 'note': None}])
    yield db
    METADATA.drop_all(db.engine)


def _as_sqlalchemy_reads(connection, statement, params):
    result = connection.execute(statement, params)
    return list(result.keys()), [tuple(row) for row in result]


def _same(connection, statement, params, read=direct.select):
    """The rows `read` (direct.select, or prepared.execute: on PostgreSQL
    an EXECUTE of the statement) reads directly, once checked against
    SQLAlchemy's."""
    keys, expected = _as_sqlalchemy_reads(connection, statement, params)
    rows = read(connection, statement, params)
    assert isinstance(rows, direct.Rows), 'not read directly'
    found = [tuple(row) for row in rows]
    found_keys = list(rows[0]._fields) if rows else None
    assert found == expected
    assert [[type(value) for value in row] for row in found] == [
        [type(value) for value in row] for row in expected]
    if found:
        assert found_keys == keys
    return rows


def test_a_select_of_every_column_kind_reads_the_same(tables):
    with tables.engine.connect() as connection:
        # (Thing 3 has no time, thing 4's count is NULL: not below
        # anything. MariaDB keeps no fractions of a second: since a second
        # before T0.)
        found = _same(connection, JOINED, {'since': EARLIER})
        assert [row.id for row in found] == [1, 1, 2]
        assert found[0].at == (T0 if tables.name != 'mysql' else
                               T0.replace(microsecond=0))
        assert [row.code for row in found] == ['a', 'a', 'b']
        # A bound default, another value for it; a value bound through
        # its type's processor ('a' is stored as 'A').
        assert _same(connection, JOINED, {'since': EARLIER,
                                          'below': 1}) == []
        assert [row.id for row in _same(connection, JOINED, {
            'since': EARLIER, 'skip': 'a'})] == [2]


def _seed_share_with_locks_and_rule(db):
    context = ml_context.RequestContext(user_id='alice', project_id='p1')
    share_id, rule_id = str(uuid.uuid4()), str(uuid.uuid4())
    with db_api.writer.using(context):
        context.session.add(models.Share(
            id=share_id, user_id='alice', project_id='p1', size=1,
            share_proto='NFS', status='available',
            share_type_id=types_db.get_by_name_or_id(context,
                                                     'default').id))
        context.session.flush()
        context.session.add(models.AccessRule(
            id=rule_id, share_id=share_id, project_id='p1',
            user_id='alice', access_type='ip', access_to='10.0.0.1',
            access_level='rw', state='active'))
        context.session.add(models.AccessRuleMetadata(
            access_id=rule_id, key='k', value='v'))
    with db.engine.begin() as connection:
        for resource_id, action, kind in (
                (share_id, 'delete', 'share'), (share_id, 'delete', 'share'),
                (rule_id, 'show', 'access_rule')):
            connection.execute(lock_store.LOCKS.insert(), {
                'id': str(uuid.uuid4()), 'user_id': 'alice',
                'project_id': 'p1', 'resource_project_id': 'p1',
                'lock_context': 'user', 'resource_id': resource_id,
                'resource_type': kind, 'container_id': share_id,
                'resource_action': action, 'lock_reason': 'why',
                'created_at': T0, 'deleted': 'False',
                'visibility_guard': resource_id if action == 'show'
                else None})
    return share_id, rule_id


def _lock_check_list():
    query = lock_store.LockQuery(filters={'resource_id': 'x'})
    scope = lock_store.Scope(project_id='p1')
    statement, _ = lock_store._find_statements(
        lock_store._shape(scope, query))
    return statement, dict(lock_store._find_params(scope, query))


def test_the_services_hot_selects_read_the_same(db):
    share_id, rule_id = _seed_share_with_locks_and_rule(db)
    live = lock_store.live_params()
    guarded = dict(live, share_id=share_id,
                   **shares_db._seen_params(
                       ml_context.RequestContext(user_id='alice',
                                                 project_id='p1')))
    listed, list_params = _lock_check_list()
    list_params['filter_resource_id'] = share_id
    for read in (direct.select, prepared.execute):
        with db.engine.connect() as connection:
            # The share's two locks and its rule's.
            assert len(_same(connection, shares_db._GUARDED, guarded,
                             read)) == 3
            for caller_only, shown in access_db._SHOWN.items():
                params = dict(live, rule_id=rule_id)
                if caller_only:
                    params['project'] = 'p1'
                rows = _same(connection, shown, params, read)
                assert len(rows) == 1 and rows[0].metadata_key == 'k'
            assert len(_same(connection, listed, list_params, read)) == 2


class _Listeners:
    def __init__(self, engine):
        self.engine = engine
        self.before, self.after = [], []
        sa.event.listen(engine, 'before_cursor_execute', self._before)
        sa.event.listen(engine, 'after_cursor_execute', self._after)
        sa.event.listen(engine, 'before_cursor_execute', self._comment,
                        retval=True)

    def _before(self, conn, cursor, statement, *args):
        self.before.append(statement)

    def _after(self, conn, cursor, statement, *args):
        self.after.append(statement)

    @staticmethod
    def _comment(conn, cursor, statement, parameters, context, many):
        return statement + ' -- seen', parameters

    def close(self):
        sa.event.remove(self.engine, 'before_cursor_execute', self._before)
        sa.event.remove(self.engine, 'after_cursor_execute', self._after)
        sa.event.remove(self.engine, 'before_cursor_execute', self._comment)


def test_statement_listeners_see_a_direct_read(tables):
    listeners = _Listeners(tables.engine)
    try:
        with tables.engine.connect() as connection:
            connection.execute(sa.select(1))
            del listeners.before[:], listeners.after[:]
            direct.select(connection, JOINED, {'since': T0})
    finally:
        listeners.close()
    text = JOINED.compile(dialect=tables.engine.dialect).string
    assert listeners.before == [text]
    # The text the retval listener returned is what was sent.
    assert listeners.after == [text + ' -- seen']


@pytest.mark.parametrize('statement, params, options', [
    (JOINED, {}, None),                                   # since missing
    (prepared.hot(sa.select(THINGS).where(
        THINGS.c.id.in_(sa.bindparam('ids', expanding=True)))),
     {'ids': [1, 2]}, None),
    (prepared.hot(sa.insert(THINGS)), {'id': 9}, None),
    (JOINED, {'since': T0}, {'stream_results': False}),
], ids=['a parameter missing', 'a list parameter', 'an insert',
        'execution options'])
def test_what_sqlalchemy_must_do_is_left_to_it(tables, statement, params,
                                               options):
    with tables.engine.connect() as connection:
        assert direct.select(connection, statement, params, options) is None


def test_an_echoing_engine_is_left_to_sqlalchemy(tables):
    tables.engine.echo = True
    try:
        with tables.engine.connect() as connection:
            assert direct.select(connection, JOINED, {'since': T0}) is None
    finally:
        tables.engine.echo = False


def test_an_engine_logging_its_sql_is_left_to_sqlalchemy(tables):
    # What oslo.db's [database] connection_debug does: the engine's
    # logger at INFO, echo untouched.
    logger = logging.getLogger('sqlalchemy.engine.Engine')
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        with tables.engine.connect() as connection:
            assert direct.select(connection, JOINED, {'since': T0}) is None
    finally:
        logger.setLevel(level)


def test_a_core_writer_blocks_first_read_opens_its_transaction(tables):
    listeners = _Listeners(tables.engine)
    try:
        with db_api.core_writer() as connection:
            rows = direct.select(connection, JOINED, {'since': EARLIER})
            assert isinstance(rows, direct.Rows)
            sent = list(listeners.after)
            dbapi_connection = connection.connection.dbapi_connection
            if tables.name == 'postgresql':
                # The BEGIN db_api carries on the block's first statement,
                # the read's transaction still open after it.
                assert sent[-1].startswith('BEGIN; SELECT'), sent
                assert dbapi_connection.info.transaction_status != 0
            elif tables.name == 'sqlite':
                # db_api._on_begin's BEGIN IMMEDIATE, then the read.
                assert [dbutils.kind(text) for text in sent] == [
                    'BEGIN', 'SELECT'], sent
            else:
                # MariaDB: the block's transaction, which the driver
                # opens with its first statement.
                assert connection.in_transaction()
                assert [dbutils.kind(text) for text in sent] == [
                    'SELECT'], sent
    finally:
        listeners.close()


def test_a_plain_read_begins_no_transaction(tables):
    listeners = _Listeners(tables.engine)
    try:
        for _ in range(2):
            del listeners.before[:]
            with db_api.core_reader(_CONTEXT) as connection:
                rows = prepared.execute(connection, JOINED, {'since': T0})
                assert isinstance(rows, direct.Rows)
                # (On PostgreSQL a connection's first run of it sends
                # its PREPARE through SQLAlchemy, which begins.)
                prepared_now = any(statement.startswith('PREPARE')
                                   for statement in listeners.before)
                assert connection.in_transaction() == prepared_now
                dbapi_connection = connection.connection.dbapi_connection
            assert 'BEGIN' not in [dbutils.kind(statement)
                                   for statement in listeners.before]
            if tables.name == 'postgresql':
                # What the driver opened went back to the pool rolled back.
                assert dbapi_connection.info.transaction_status == 0
    finally:
        listeners.close()


def test_a_snapshot_read_is_in_the_blocks_transaction(tables):
    listeners = _Listeners(tables.engine)
    try:
        with db_api.core_reader(_CONTEXT, one_snapshot=True) as connection:
            rows = prepared.execute(connection, JOINED, {'since': T0})
            assert isinstance(rows, direct.Rows)
            assert connection.in_transaction()
    finally:
        listeners.close()
    sent = [dbutils.kind(statement) for statement in listeners.before]
    if tables.name == 'sqlite':
        # The deferred BEGIN of db_api._on_begin, before the read.
        assert sent[:2] == ['BEGIN', 'SELECT'], sent


def _raised(call):
    try:
        call()
    except Exception as error:
        return error
    raise AssertionError('nothing raised')


def test_an_sql_error_is_raised_as_by_sqlalchemy_and_leaves_it_usable(
        tables):
    broken = prepared.hot(sa.select(
        sa.literal_column('no_such_column')).select_from(THINGS).where(
        THINGS.c.id == sa.bindparam('id')))
    with tables.engine.connect() as connection:
        expected = _raised(lambda: connection.execute(broken, {'id': 1}))
        connection.rollback()
        found = _raised(lambda: direct.select(connection, broken, {'id': 1}))
        # What the engine's error handlers (oslo.db's) made of it, and
        # the statement in its message.
        assert type(found) is type(expected)
        assert 'no_such_column' in str(found)
        assert not connection.invalidated
        connection.rollback()
        assert connection.execute(sa.select(sa.func.count()).select_from(
            THINGS)).scalar_one() == 4


def test_an_error_in_a_plain_read_is_raised_as_by_sqlalchemy(tables):
    broken = prepared.hot(sa.select(
        sa.literal_column('no_such_column')).select_from(THINGS).where(
        THINGS.c.id == sa.bindparam('id')))
    with db_api.core_reader(_CONTEXT) as connection:
        expected = _raised(lambda: connection.execute(broken, {'id': 1}))
    with db_api.core_reader(_CONTEXT) as connection:
        found = _raised(lambda: direct.select(connection, broken, {'id': 1}))
    assert type(found) is type(expected)


def test_a_bind_processors_error_is_raised_as_by_sqlalchemy(tables):
    # A time given as text: SQLite's DateTime bind processor refuses it
    # (the other dialects hand it to the database, and PostgreSQL takes
    # 'yesterday' for a time).
    if tables.name != 'sqlite':
        pytest.skip('only SQLite processes a DateTime parameter')
    params = {'since': 'yesterday'}
    with tables.engine.connect() as connection:
        expected = _raised(lambda: connection.execute(JOINED, params))
        connection.rollback()
        found = _raised(lambda: direct.select(connection, JOINED, params))
        assert type(found) is type(expected)
        assert not connection.invalidated


def test_a_lost_connection_is_invalidated(tables):
    if tables.name == 'sqlite':
        pytest.skip('a SQLite connection is a file: nothing drops it')
    with tables.engine.connect() as connection:
        connection.execute(sa.select(1))
        own = connection.connection.dbapi_connection
        _kill(tables.engine, own)
        with pytest.raises(db_exc.DBConnectionError):
            direct.select(connection, JOINED, {'since': T0})
        assert connection.invalidated


def _kill(engine, dbapi_connection):
    with engine.connect() as other:
        if engine.dialect.name == 'postgresql':
            pid = dbapi_connection.info.backend_pid
            other.exec_driver_sql('SELECT pg_terminate_backend(%d)' % pid)
        else:
            thread = dbapi_connection.thread_id()
            other.exec_driver_sql('KILL %d' % thread)
        other.commit()


def test_rows_answer_one_or_none_as_a_result_does():
    row = object()
    assert direct.Rows([]).one_or_none() is None
    assert direct.Rows([row]).one_or_none() is row
    with pytest.raises(sa.exc.MultipleResultsFound):
        direct.Rows([row, row]).one_or_none()
    assert direct.Rows([row]).all() == [row]


def _things(connection, *ids):
    """The rows as stored (no type's processing on the way out)."""
    return [tuple(row) for row in connection.exec_driver_sql(
        'SELECT * FROM direct_things WHERE id IN (%s) ORDER BY id' % (
            ', '.join(str(int(key)) for key in ids)))]


def test_an_insert_writes_what_sqlalchemy_writes(tables):
    listeners = _Listeners(tables.engine)
    try:
        with tables.engine.connect() as connection:
            row = {'name': 'five', 'code': 'e', 'flag': False, 'at': T0,
                   'count': 5}
            connection.execute(THINGS.insert(), dict(row, id=5))
            done = direct.insert(connection, THINGS, dict(row, id=6))
            connection.commit()
            written = _things(connection, 5, 6)
    finally:
        listeners.close()
    if tables.name == 'postgresql':
        assert done is False
        return
    assert done is True
    assert written[1] == (6,) + written[0][1:]
    assert [dbutils.kind(text) for text in listeners.before].count(
        'INSERT') == 2


def test_an_insert_of_a_key_taken_raises_as_sqlalchemy(tables):
    if tables.name == 'postgresql':
        pytest.skip('inserts on PostgreSQL are left to SQLAlchemy')
    row = {'id': 1, 'name': 'again'}
    with tables.engine.connect() as connection:
        expected = _raised(lambda: connection.execute(THINGS.insert(), row))
        connection.rollback()
        found = _raised(lambda: direct.insert(connection, THINGS, row))
        assert type(found) is type(expected)
        connection.rollback()
        assert _things(connection, 1)[0][1] == 'one'


def test_an_insert_with_a_default_to_compute_is_left_to_sqlalchemy(tables):
    with tables.engine.connect() as connection:
        assert direct.insert(connection, DEFAULTED, {'id': 1}) is False
        if tables.name != 'postgresql':
            assert direct.insert(connection, DEFAULTED,
                                 {'id': 2, 'made': 'then'}) is True


def test_an_invalidated_connection_raises_as_by_sqlalchemy(tables):
    if tables.name == 'sqlite':
        pytest.skip("an invalidated SQLite connection cannot roll back: "
                    "oslo.db's rollback listener reads its info")
    with tables.engine.connect() as connection:
        connection.begin()
        connection.invalidate()
        expected = _raised(lambda: connection.execute(JOINED, {'since': T0}))
        found = _raised(lambda: direct.select(connection, JOINED,
                                              {'since': T0}))
        assert type(found) is type(expected)
        assert 'rolled back' in str(found)
        connection.rollback()


def test_an_inactive_transaction_is_left_to_sqlalchemy(tables,
                                                       monkeypatch):
    # (A root transaction a failure left in place, or a savepoint rolled
    # back under a caller: Connection.execute raises for it.)
    inactive = types.SimpleNamespace(is_active=False)
    with tables.engine.connect() as connection:
        connection.begin()
        for getter in ('get_transaction', 'get_nested_transaction'):
            with monkeypatch.context() as patch:
                patch.setattr(connection, getter, lambda: inactive)
                assert direct.select(connection, JOINED,
                                     {'since': T0}) is None
                assert direct.insert(connection, THINGS, {'id': 7}) is False


def test_an_insert_takes_last_and_leaves_other_options(tables):
    with tables.engine.connect() as connection:
        assert direct.insert(connection, THINGS, {'id': 8},
                             {'stream_results': True}) is False
        done = direct.insert(connection, THINGS, {'id': 9}, db_api.LAST)
        assert done is (tables.name != 'postgresql')


def test_a_write_runs_with_its_commit_when_last(tables):
    listeners = _Listeners(tables.engine)
    insert = sa.insert(THINGS).values(id=sa.bindparam('id'),
                                      name=sa.bindparam('name'))
    try:
        with db_api.core_writer() as connection:
            assert direct.write(connection, insert, {'id': 11, 'name': 'x'},
                                {'stream_results': True}) is None
            assert direct.write(connection, JOINED, {'since': T0}) is None
            del listeners.after[:]
            rows = direct.write(connection, insert, {'id': 12, 'name': 'y'},
                                db_api.LAST)
            assert rows == []
            sent = list(listeners.after)
    finally:
        listeners.close()
    if tables.name == 'postgresql':
        # The block's COMMIT goes with it; nothing was left to send.
        assert sent[-1].split('\n')[-1].startswith('; COMMIT'), sent
    with tables.engine.connect() as connection:
        assert [row[0] for row in _things(connection, 11, 12)] == [12]
