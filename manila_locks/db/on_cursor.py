"""A statement on a Core connection's driver cursor, run as SQLAlchemy's
Connection.execute runs it but without its execution context, result
and rows: db/direct's hot statements, and the transaction statements
db/api sends itself (SQLite's BEGIN IMMEDIATE).

Around the cursor it does what SQLAlchemy would, and only that: the
engine's before_cursor_execute and after_cursor_execute listeners, called
with no execution context (statement counters and traces see every
statement; on PostgreSQL a core_writer block's first statement still
carries its BEGIN, db/api._carry_begin_and_commit); errors through
Connection._handle_dbapi_exception, as any statement's, so that oslo.db
translates them and a lost connection is invalidated. It runs only on a
connection where nothing else is asked for around a statement (usable):
elsewhere the caller executes as SQLAlchemy does.

Left different, knowingly: with no execution context SQLAlchemy wraps
an error that is not the driver's (a listener's, a bind processor's) in
a StatementError before oslo.db sees it, so it reaches the caller as
oslo.db's DBError of that StatementError (a parameter that cannot be
encoded, a lone surrogate, which the API refuses before any statement,
is a DBError rather than a DBInvalidUnicodeParameter); psycopg2's
server notices are not logged.
"""


def usable(connection):
    """Whether nothing SQLAlchemy does around a statement, beyond what
    run does, is asked for on `connection`."""
    dispatch = connection.dispatch
    # (_echo: what SQLAlchemy logs statements by, the engine's echo or
    # its logger's level, which oslo.db's connection_debug sets.)
    return not (connection._echo or connection.dialect.dispatch.do_execute or
                dispatch.before_execute or dispatch.after_execute or
                connection.get_execution_options().get(
                    'schema_translate_map'))


def run(connection, shape, params, fetch, after=''):
    """Execute `shape` (its sql; its arguments(params) as the driver
    takes them) on the driver's cursor, between the engine's listeners:
    (rows, cursor.description) when `fetch`, else (None, None). `after`:
    text to send after the statement (a carried COMMIT,
    db_api.carried_commit)."""
    fetched = description = cursor = None
    sql, arguments = shape.sql + after, params
    # As Connection.execute: a connection that cannot be revalidated (its
    # transaction to roll back first) raises before the error handling,
    # the cursor's creation inside it.
    dbapi_connection = connection.connection
    try:
        arguments = shape.arguments(params)
        cursor = dbapi_connection.cursor()
        for listener in connection.dispatch.before_cursor_execute:
            sql, arguments = listener(connection, cursor, sql, arguments,
                                      None, False)
        cursor.execute(sql, arguments)
        for listener in connection.dispatch.after_cursor_execute:
            listener(connection, cursor, sql, arguments, None, False)
        if fetch:
            fetched = cursor.fetchall()
            description = cursor.description
    except BaseException as error:
        # Closes the cursor; raises what oslo.db makes of the error (a
        # bind processor's or the cursor's own included).
        connection._handle_dbapi_exception(error, sql, arguments, cursor,
                                           None)
    cursor.close()
    return fetched, description


class _Text:
    """A statement written out, with no parameters."""

    def __init__(self, sql):
        self.sql = sql

    def arguments(self, params):
        return ()


def send(connection, sql):
    """connection.exec_driver_sql(sql), for a statement with no
    parameters whose result nobody reads (BEGIN IMMEDIATE, a PRAGMA),
    without the execution context, result and transaction bookkeeping:
    the caller has begun SQLAlchemy's transaction, or is beginning it (a
    'begin' listener). About 25 fewer Python calls, 20 us, per
    statement on SQLite."""
    if not usable(connection):
        connection.exec_driver_sql(sql)
        return
    run(connection, _Text(sql), None, False)
