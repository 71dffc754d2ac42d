"""Row locks that also hold across the nodes of a Galera cluster.

On one server, SELECT ... FOR UPDATE makes a second transaction that wants
the row wait until the first ends, which is what every "check, then act"
in the service rests on. On Galera a row lock holds only on the node that
took it: transactions on different nodes meet only at commit, where
certification fails the later one if it wrote a row the earlier one wrote
(a deadlock error, 1213, which core/retry.py answers by running the whole
transaction again). A row lock that writes nothing certifies nothing: a
lock placed through one node and a share deleted through another each saw
the other's precondition hold and both committed
(tests/reliability/test_galera.py found 23 violated invariants in 32 such
races before this module). So on Galera every row the service locks for
update is written too, its row_version bumped, and two transactions that
lock one row conflict at commit as they would wait on one server. On other
databases the row lock alone suffices and nothing more is written.
"""
import sqlalchemy as sa
from sqlalchemy import orm

# Key in a pooled connection's info: whether its server is a Galera node.
GALERA = 'manila_locks.galera'


def detect_galera(dbapi_connection, connection_record):
    """A 'connect' listener for MySQL engines: note whether the server
    replicates through a wsrep provider (a Galera node)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SHOW VARIABLES WHERE Variable_name IN "
                   "('wsrep_on', 'wsrep_provider')")
    variables = dict(cursor.fetchall())
    cursor.close()
    connection_record.info[GALERA] = (
        variables.get('wsrep_on') == 'ON' and
        variables.get('wsrep_provider', 'none') != 'none')


def on_galera(session):
    """`session`: an ORM session or a Core connection."""
    connection = (session.connection() if isinstance(session, orm.Session)
                  else session)
    return bool(connection.info.get(GALERA))


def certify(session, model, row_id):
    """Call after locking a row of `model` FOR UPDATE (through `session`,
    an ORM session or a Core connection): on Galera, write it (bump
    row_version; updated_at stays as it was)."""
    if not on_galera(session):
        return
    session.execute(
        sa.update(model).where(model.id == row_id)
        .values(row_version=model.row_version + 1,
                updated_at=model.updated_at)
        .execution_options(synchronize_session=False))
