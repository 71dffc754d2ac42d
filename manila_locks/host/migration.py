"""Schema migrations of the reference host's database: upgrade, downgrade
and the current revision.

The host owns the deployed schema: its own tables and the lock core's
(`resource_locks`, from manila_locks.core.models). A host that embeds the
lock core creates that table in its own migrations, so manila_locks.db
carries no schema of anyone's.

Alembic is configured here in code, so no alembic.ini is needed at runtime;
the scripts live in manila_locks/host/migrations.

Every run holds a database-wide lock, so several processes syncing the same
database at once (API workers starting together) run one after the other;
the later ones find the schema at head and do nothing.
"""
import contextlib
import os

from alembic import command
from alembic import config as alembic_config
from alembic.runtime import migration as alembic_migration
from alembic import script as alembic_script
from alembic import util as alembic_util
import sqlalchemy as sa
from sqlalchemy import pool

SCRIPT_LOCATION = os.path.join(os.path.dirname(__file__), 'migrations')

# Any constant works; it only has to be the same in every process.
_PG_LOCK_KEY = 0x6d6c6f636b73  # 'mlocks'
_LOCK_TIMEOUT = 300
# MySQL named locks are server-wide; one per database lets migrations of
# different databases on one server run side by side. MD5 keeps the name
# under MySQL's 64-character limit.
_MYSQL_LOCK_NAME = "CONCAT('manila_locks_migrate_', MD5(DATABASE()))"


class MigrationError(Exception):
    """A revision that does not exist, or a bad upgrade/downgrade path."""


def upgrade(connection_url, revision='head'):
    _run(connection_url, command.upgrade, revision)


def downgrade(connection_url, revision):
    _run(connection_url, command.downgrade, revision)


def current_version(connection_url):
    """The applied revision id, or None for an empty database."""
    engine = _engine(connection_url)
    try:
        with engine.connect() as connection:
            context = alembic_migration.MigrationContext.configure(connection)
            return context.get_current_revision()
    finally:
        engine.dispose()


def head():
    """The newest revision id the package ships."""
    return alembic_script.ScriptDirectory(SCRIPT_LOCATION).get_current_head()


def _config(connection):
    config = alembic_config.Config()
    config.set_main_option('script_location', SCRIPT_LOCATION)
    # env.py runs on this connection, inside the transaction that holds
    # the migration lock.
    config.attributes['connection'] = connection
    return config


def _engine(connection_url):
    # A plain engine: the migration lock below must not depend on the
    # service's per-connection hooks. NullPool: nothing outlives the run.
    connect_args = {}
    if sa.make_url(connection_url).get_backend_name() == 'sqlite':
        # Seconds to wait for another process's migration to commit.
        connect_args['timeout'] = _LOCK_TIMEOUT
    return sa.create_engine(connection_url, poolclass=pool.NullPool,
                            connect_args=connect_args)


def _run(connection_url, alembic_command, revision):
    engine = _engine(connection_url)
    try:
        with engine.begin() as connection, _migration_lock(connection):
            alembic_command(_config(connection), revision)
    except alembic_util.CommandError as e:
        raise MigrationError(str(e)) from e
    finally:
        engine.dispose()


@contextlib.contextmanager
def _migration_lock(connection):
    dialect = connection.dialect.name
    if dialect == 'postgresql':
        # Released by the commit that ends the migration transaction.
        connection.execute(sa.text('SELECT pg_advisory_xact_lock(:key)'),
                           {'key': _PG_LOCK_KEY})
        yield
    elif dialect == 'mysql':
        # MySQL commits implicitly after every DDL statement, so the lock
        # must belong to the session, not to a transaction.
        got = connection.execute(
            sa.text('SELECT GET_LOCK(%s, :timeout)' % _MYSQL_LOCK_NAME),
            {'timeout': _LOCK_TIMEOUT}).scalar()
        if got != 1:
            raise MigrationError('Timed out waiting for another process to '
                                 'finish migrating this database.')
        try:
            yield
        finally:
            connection.execute(
                sa.text('SELECT RELEASE_LOCK(%s)' % _MYSQL_LOCK_NAME))
    else:
        # SQLite: take the database write lock now rather than at the first
        # write, so a second process waits here instead of failing on a
        # snapshot that went stale while it read the version table. pysqlite
        # (in its default mode) has not begun a transaction yet.
        connection.exec_driver_sql('BEGIN IMMEDIATE')
        yield
