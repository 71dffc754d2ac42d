"""db/query.insert_each: a row into each of several tables, one statement
on PostgreSQL (a share's lock and its event, core/locks), one per row
elsewhere; all of them or, the transaction rolled back, none.

| backend    | statements for n rows | a row refused         |
|------------|-----------------------|-----------------------|
| PostgreSQL | 1                     | none written          |
| SQLite     | n                     | none (rolled back)    |
| MySQL      | n                     | none (rolled back)    |
"""
from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from manila_locks.db import api as db_api
from manila_locks.db import query as db_query
from tests import dbutils

METADATA = sa.MetaData()
FIRST = sa.Table('insert_each_first', METADATA,
                 sa.Column('id', sa.Integer, primary_key=True),
                 sa.Column('name', sa.String(16)))
SECOND = sa.Table('insert_each_second', METADATA,
                  sa.Column('id', sa.Integer, primary_key=True),
                  sa.Column('first_id', sa.Integer),
                  sa.Column('note', sa.String(16)))
STATEMENTS = {'postgresql': 1, 'sqlite': 3, 'mysql': 3}


@pytest.fixture
def tables(db):
    METADATA.drop_all(db.engine)
    METADATA.create_all(db.engine)
    yield db
    METADATA.drop_all(db.engine)


def _rows(first_id, second_ids):
    return [(FIRST, {'id': first_id, 'name': 'one'})] + [
        (SECOND, {'id': second_id, 'first_id': first_id, 'note': 'n'})
        for second_id in second_ids]


def _contents(engine):
    with engine.connect() as connection:
        return (connection.execute(sa.select(FIRST.c.id)).scalars().all(),
                sorted(connection.execute(
                    sa.select(SECOND.c.id)).scalars().all()))


def test_every_row_is_written_in_as_few_statements_as_it_can(tables):
    seen = []

    def count(conn, cursor, statement, *args):
        if dbutils.counted(statement) and dbutils.kind(statement) in (
                'INSERT', 'WITH'):
            seen.append(statement)
    sa.event.listen(tables.engine, 'before_cursor_execute', count)
    try:
        with db_api.core_writer() as connection:
            db_query.insert_each(connection, _rows(1, [10, 11]))
    finally:
        sa.event.remove(tables.engine, 'before_cursor_execute', count)
    assert len(seen) == STATEMENTS[tables.name], seen
    assert _contents(tables.engine) == ([1], [10, 11])


def test_a_row_refused_leaves_none_of_them(tables):
    with db_api.core_writer() as connection:
        db_query.insert_each(connection, _rows(1, [10]))
    with pytest.raises(db_exc.DBDuplicateEntry):
        with db_api.core_writer() as connection:
            # The second table's row repeats a key: the first's row must
            # not stay either.
            db_query.insert_each(connection, _rows(2, [10]))
    assert _contents(tables.engine) == ([1], [10])


def test_one_statement_is_built_per_shape(tables):
    db_query._inserts_in_one.cache_clear()
    for first_id in (1, 2, 3):
        with db_api.core_writer() as connection:
            db_query.insert_each(connection, _rows(first_id,
                                                   [first_id * 10]))
    built = db_query._inserts_in_one.cache_info()
    expected = 1 if tables.name == 'postgresql' else 0
    assert (built.misses, built.hits) == (expected, 2 * expected)
    assert _contents(tables.engine) == ([1, 2, 3], [10, 20, 30])
