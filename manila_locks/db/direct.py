"""Hot statements run on the driver's own cursor.

For every statement, SQLAlchemy's Connection.execute builds an execution
context, a CursorResult and its Row objects. For the one-statement reads
of a lock check that is about a quarter of the request's CPU in this
process: a lock list by resource_id took 0.31 ms on SQLite and 0.51 ms
on PostgreSQL, and 0.24 and 0.44 ms once read here.

``select(connection, statement, params)`` runs a select marked hot
(db/prepared.hot) straight on the connection's DBAPI cursor;
``write(...)`` a hot statement whose result nobody reads (PostgreSQL's
EXECUTE of a share lock's prepared insert), and ``insert(...)`` a share
lock's inserts elsewhere (db/query.insert_each). Each compiles its
statement once per dialect, and does around the cursor what SQLAlchemy
would do for it, and only that:

- the statement's bind processors on the parameters, and on the rows
  the result processors SQLAlchemy picks for the driver's column types
  (SQLite's timestamps, MySQL's booleans); rows are named tuples with
  the keys SQLAlchemy's Row would have;
- the engine's before_cursor_execute and after_cursor_execute listeners
  and SQLAlchemy's error handling, as db/on_cursor.run gives them;
- the transaction begun as Connection.execute begins it, so SQLite's
  BEGIN is still sent or left out as db/api decides; none for a
  core_reader's plain read, for which it is bookkeeping only
  (db/api.opens_no_transaction);
- a core_writer block's LAST statement on PostgreSQL carries the
  transaction's COMMIT (db/api.carried_commit), put on the statement
  before the listeners see it (oslo.db's connection_trace comment then
  follows the COMMIT's line instead of ending the line before it).

They return None (insert: False), and the caller executes as SQLAlchemy
does, for:

- a statement SQLAlchemy must render per call (list parameters, literal
  values);
- a connection that logs its SQL (the engine's echo, or its logger at
  INFO: oslo.db's connection_debug), a schema_translate_map, or
  before_execute, after_execute or do_execute listeners;
- a transaction of the connection no longer active (SQLAlchemy raises);
- execution options other than db_api.LAST (none at all for select).

Left different, knowingly: errors that are not the driver's, and
psycopg2's server notices (db/on_cursor says how).
"""
import collections
import functools

import sqlalchemy as sa

from manila_locks.db import api as db_api
from manila_locks.db import on_cursor


class Rows(list):
    """The rows of a direct read: what callers ask of a Result."""

    def all(self):
        return self

    def one_or_none(self):
        if len(self) > 1:
            raise sa.exc.MultipleResultsFound(
                'Multiple rows were found when one or none was required')
        return self[0] if self else None


class _Shape:
    """A select or an insert compiled for one dialect, with what running
    it needs (an insert has no row_type: it returns no rows)."""

    def __init__(self, compiled, dialect, row_type):
        self.sql = compiled.string
        self.positional = compiled.positional
        self.names = tuple(compiled.positiontup or compiled.binds)
        self.defaults = {key: bind.value
                         for key, bind in compiled.binds.items()}
        self.required = frozenset(key for key, bind in compiled.binds.items()
                                  if bind.required)
        self.bind_processors = dict(compiled._bind_processors)
        self.row_type = row_type
        self.dialect = dialect
        self.types = [column[3] for column in compiled._result_columns]
        # The result processors for each tuple of the driver's column
        # types (cursor.description), as SQLAlchemy picks them.
        self.processors = {}

    def arguments(self, params):
        values = dict(self.defaults)
        values.update(params)
        for key, process in self.bind_processors.items():
            if key in values:
                values[key] = process(values[key])
        if self.positional:
            return tuple([values[key] for key in self.names])
        return {key: values[key] for key in self.names}

    def _processors(self, description):
        """[(column index, processor)] for the driver's column types."""
        driver_types = tuple([column[1] for column in description])
        try:
            return self.processors[driver_types]
        except KeyError:
            pass
        found = []
        for index, (type_, driver_type) in enumerate(zip(self.types,
                                                         driver_types)):
            process = type_._cached_result_processor(self.dialect,
                                                     driver_type)
            if process is not None:
                found.append((index, process))
        self.processors[driver_types] = found
        return found

    def rows(self, fetched, description):
        # tuple.__new__ as the named tuple's _make, without its Python
        # call per row.
        row_type = self.row_type
        processors = self._processors(description)
        if not processors:
            return Rows([_new(row_type, row) for row in fetched])
        found = Rows()
        for row in fetched:
            values = list(row)
            for index, process in processors:
                values[index] = process(values[index])
            found.append(_new(row_type, values))
        return found


_new = tuple.__new__


@functools.lru_cache(maxsize=32)
def _shape(statement, dialect):
    """The _Shape of `statement` on `dialect`, or None when it must run
    as SQLAlchemy runs it. Built once per statement and dialect (hot
    statements are module-level, or cached per shape)."""
    if not statement.is_select:
        return None
    compiled = statement.compile(dialect=dialect)
    if '__[POSTCOMPILE' in compiled.string or not compiled._result_columns:
        return None
    if any(bind.expanding or bind.literal_execute or
           bind.callable is not None for bind in compiled.binds.values()):
        return None
    try:
        row_type = collections.namedtuple(
            'Row', [column[0] for column in compiled._result_columns])
    except ValueError:
        # A key that is no identifier, or twice the same.
        return None
    return _Shape(compiled, dialect, row_type)


@functools.lru_cache(maxsize=16)
def insert_statement(table):
    """The INSERT of `table`, built once (insert and db/query.insert_each
    run the same one)."""
    return sa.insert(table)


@functools.lru_cache(maxsize=32)
def _write_shape(statement, dialect, columns=None):
    """The _Shape of `statement`, one that returns no rows (a prepared
    insert's EXECUTE; an INSERT of `columns`, names, when given), on
    `dialect`, or None when SQLAlchemy must compute something per row (a
    default of a column not given) or render it per call."""
    if statement.is_select:
        return None
    keys = None if columns is None else list(columns)
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    if ('__[POSTCOMPILE' in compiled.string or compiled._result_columns or
            getattr(compiled, 'insert_prefetch', None) or
            getattr(compiled, 'effective_returning', None)):
        return None
    return _Shape(compiled, dialect, None)


def _ready(connection):
    """As Connection.execute would: SQLAlchemy's transaction begun (and
    with it what db/api's begin listener sends), except for a
    core_reader's plain read, for which it is bookkeeping only. False
    when a transaction of the connection is no longer active (failed,
    or its savepoint rolled back): Connection.execute then raises what
    it raises."""
    for transaction in (connection.get_transaction(),
                        connection.get_nested_transaction()):
        if transaction is not None and not transaction.is_active:
            return False
    if not (connection.in_transaction() or
            db_api.opens_no_transaction(connection)):
        connection.begin()
    return True


def select(connection, statement, params, execution_options=None):
    """The rows (Rows) of hot select `statement` with `params`, read on
    `connection`'s driver cursor; None when it must be executed as
    SQLAlchemy executes it (see the module's docstring)."""
    if execution_options or not on_cursor.usable(connection):
        return None
    shape = _shape(statement, connection.dialect)
    if shape is None or not shape.required.issubset(params):
        # (A parameter missing: SQLAlchemy's own error.)
        return None
    if not _ready(connection):
        return None
    fetched, description = on_cursor.run(connection, shape, params, True)
    return shape.rows(fetched, description)


def insert(connection, table, row, execution_options=None):
    """INSERT `row` ({column: value}) into `table` on `connection`'s
    driver cursor (write); False when it must be executed as SQLAlchemy
    executes it. Not on PostgreSQL, where insert_each sends a share lock's
    rows in one prepared statement (run by write)."""
    if connection.dialect.name == 'postgresql':
        return False
    return write(connection, insert_statement(table), row,
                 execution_options, columns=tuple(row)) is not None


def write(connection, statement, params, execution_options=None,
          columns=None):
    """Run `statement`, whose result nobody reads (a prepared insert's
    EXECUTE, or an INSERT of `columns`), with `params` on `connection`'s
    driver cursor: an empty Rows, or None when it must be executed as
    SQLAlchemy executes it. Of execution options, only db_api.LAST: in a
    core_writer block on PostgreSQL the transaction's COMMIT then goes
    after it, in the same string (db_api.carried_commit), as with
    Connection.execute; elsewhere it changes nothing."""
    if (execution_options and execution_options != db_api.LAST or
            not on_cursor.usable(connection)):
        return None
    shape = _write_shape(statement, connection.dialect, columns)
    if (shape is None or not shape.required.issubset(params) or
            not _ready(connection)):
        return None
    on_cursor.run(connection, shape, params, False,
                  db_api.carried_commit(connection, execution_options))
    return Rows()
