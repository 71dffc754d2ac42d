"""Pieces every list query shares: substring match, count, stable order,
one page; the one writer of key/value (metadata) rows; one row into each
of several tables in as few statements as the backend allows."""
import dataclasses
import functools
import typing

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.db import direct
from manila_locks.db import prepared
from manila_locks.db import row_locks


@dataclasses.dataclass(kw_only=True)
class Paging:
    """How a list query is ordered and cut, the part every list's query
    object shares: by `sort_key` in `sort_dir` (the caller names the
    column), `offset` rows skipped, at most `limit`; `with_count` asks
    for the number of matches as well."""
    sort_key: str = 'created_at'
    sort_dir: str = 'desc'
    limit: typing.Optional[int] = None
    offset: int = 0
    with_count: bool = False


def page(session, stmt, sort_column, id_column, paging):
    """Return (rows, count) for `stmt`, ordered and cut as `paging` says.

    ``count`` is the number of rows before paging (None unless asked).
    """
    count = None
    if paging.with_count:
        count = session.execute(
            sa.select(sa.func.count()).select_from(stmt.subquery())
        ).scalar_one()
    stmt = ordered(stmt, sort_column, id_column, paging)
    return list(session.execute(stmt).scalars()), count


def ordered(stmt, sort_column, id_column, paging):
    """`stmt` ordered and cut as `paging` says. The id column breaks ties
    in the sort order so that following pages never repeat or skip a
    row."""
    direction = sa.desc if paging.sort_dir == 'desc' else sa.asc
    stmt = stmt.order_by(direction(sort_column), direction(id_column))
    if paging.offset:
        stmt = stmt.offset(paging.offset)
    if paging.limit is not None:
        stmt = stmt.limit(paging.limit)
    return stmt


def one(session, stmt, missing, for_update=False):
    """The one row `stmt` selects, or raise `missing` (an exception).

    With `for_update` the row is locked (and certified on Galera,
    row_locks.certify), and whatever an earlier unlocked read of this
    session holds of it is reloaded: decisions after the row lock must see
    what its last holder committed.
    """
    if for_update:
        stmt = stmt.with_for_update().execution_options(
            populate_existing=True)
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise missing
    if for_update:
        row_locks.certify(session, type(row), row.id)
    return row


def like_pattern(text):
    """The LIKE pattern (escape character \\) of "contains `text`"."""
    escaped = (text.replace('\\', '\\\\').replace('%', '\\%')
               .replace('_', '\\_'))
    return '%' + escaped + '%'


def contains(column, text, case_sensitive=True):
    """`column` contains `text` literally: % and _ in it match themselves."""
    pattern = like_pattern(text)
    if case_sensitive:
        return column.like(pattern, escape='\\')
    return column.ilike(pattern, escape='\\')


def set_items(session, model, owner_column, owner_id, items, collide):
    """Add or overwrite key/value rows of `model` (columns key, value)
    owned by `owner_id`; keys not in `items` stay as they are. Raises
    `collide` (an exception) when two keys the caller sent as different
    are one key to the database (MariaDB's utf8mb4 collations weigh every
    four-byte character alike)."""
    current = {row.key: row for row in session.execute(
        sa.select(model).where(owner_column == owner_id)).scalars()}
    for key, value in items.items():
        if key in current:
            current[key].value = value
        else:
            session.add(model(**{owner_column.key: owner_id, 'key': key,
                                 'value': value}))
    try:
        session.flush()
    except db_exc.DBDuplicateEntry:
        raise collide


def insert_each(connection, rows, execution_options=None):
    """Insert each row of `rows` ([(Table, {column: value})], the same
    shape on every call from one place) through `connection`, in its
    transaction. PostgreSQL: one statement, each insert but the last a
    data-modifying WITH (always run in full, read or not), so one round
    trip, and a prepared one (db/prepared); elsewhere one INSERT per row.
    Each row names every column it fills, those with a default in the
    model included: SQLAlchemy cannot compile a column's default into
    more than one insert of a WITH. `execution_options` go with the last
    statement (db_api.LAST: the transaction's last)."""
    options = execution_options or {}
    if connection.dialect.name != 'postgresql' or len(rows) < 2:
        for index, (table, row) in enumerate(rows):
            # (db/direct: on the driver's cursor where it can; elsewhere
            # than on PostgreSQL db_api.LAST changes nothing.)
            own = options if index == len(rows) - 1 else {}
            if not direct.insert(connection, table, row, own):
                connection.execute(direct.insert_statement(table), row,
                                   execution_options=own)
        return
    shape = tuple((table, tuple(row)) for table, row in rows)
    names = _bind_names(shape)
    prepared.execute(connection, _inserts_in_one(shape), {
        name: value for index, (_, row) in enumerate(rows)
        for name, value in zip(names[index], row.values())},
        execution_options=options)


def _bind_name(index, column):
    return 'r%d_%s' % (index, column)


@functools.lru_cache(maxsize=16)
def _bind_names(shape):
    """The bind names of each row's columns, in the row's order."""
    return tuple(tuple(_bind_name(index, column) for column in columns)
                 for index, (_, columns) in enumerate(shape))


@functools.lru_cache(maxsize=16)
def _inserts_in_one(shape):
    """The statement of insert_each on PostgreSQL, built once per shape
    ((Table, column names) for each row)."""
    inserts = [sa.insert(table).values({
        column: sa.bindparam(_bind_name(index, column))
        for column in columns}) for index, (table, columns) in
        enumerate(shape)]
    statement = inserts[-1]
    for index, insert in enumerate(inserts[:-1]):
        statement = statement.add_cte(insert.cte('insert_%d' % index))
    # Planning it cost PostgreSQL more than running it.
    return prepared.hot(statement)
