"""Pieces every list query shares: substring match, count, stable order,
one page; and the one writer of key/value (metadata) rows."""
from oslo_db import exception as db_exc
import sqlalchemy as sa


def page(session, stmt, sort_column, id_column, sort_dir='desc', limit=None,
         offset=0, with_count=False):
    """Return (rows, count) for `stmt`.

    ``count`` is the number of rows before paging (None unless asked).
    The id column breaks ties in the sort order so that following pages
    never repeat or skip a row.
    """
    count = None
    if with_count:
        count = session.execute(
            sa.select(sa.func.count()).select_from(stmt.subquery())
        ).scalar_one()
    direction = sa.desc if sort_dir == 'desc' else sa.asc
    stmt = stmt.order_by(direction(sort_column), direction(id_column))
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars()), count


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


class KeysCollide(Exception):
    """Two keys the caller sent as different are one key to the database
    (MariaDB's utf8mb4 collations weigh every four-byte character alike)."""


def set_items(session, model, owner_column, owner_id, items):
    """Add or overwrite key/value rows of `model` (columns key, value)
    owned by `owner_id`; keys not in `items` stay as they are. Raises
    KeysCollide when the database takes two of the keys for one."""
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
        raise KeysCollide()
