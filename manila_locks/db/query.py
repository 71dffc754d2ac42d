"""Pieces every list query shares: substring match, count, stable order,
one page."""
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


def contains(column, text, case_sensitive=True):
    """`column` contains `text` literally: % and _ in it match themselves."""
    escaped = (text.replace('\\', '\\\\').replace('%', '\\%')
               .replace('_', '\\_'))
    pattern = '%' + escaped + '%'
    if case_sensitive:
        return column.like(pattern, escape='\\')
    return column.ilike(pattern, escape='\\')
