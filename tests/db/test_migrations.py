"""Migrations on every backend, each test on a database of its own."""
import multiprocessing
import os
import subprocess
import sys

from alembic import autogenerate
from alembic.runtime import migration as alembic_migration
import pytest
import sqlalchemy as sa

from manila_locks.cmd import manage
from manila_locks.core import models as core_models  # noqa: F401
from manila_locks.db import base
from manila_locks.db import migration
from manila_locks.host import models as host_models

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ENV = dict(os.environ, PYTHONPATH=ROOT)


@pytest.fixture
def engine(fresh_db_url):
    engine = sa.create_engine(fresh_db_url)
    yield engine
    engine.dispose()


def _tables(engine):
    return set(sa.inspect(engine).get_table_names())


def _share_types(engine):
    """{name: {spec_key: spec_value}} of the live share types."""
    types = host_models.ShareType.__table__
    specs = host_models.ShareTypeExtraSpec.__table__
    stmt = sa.select(types.c.name, specs.c.spec_key, specs.c.spec_value).join(
        specs, specs.c.share_type_id == types.c.id, isouter=True).where(
        types.c.deleted == base.LIVE)
    result = {}
    with engine.connect() as connection:
        for name, key, value in connection.execute(stmt):
            result.setdefault(name, {})[key] = value
    return result


def test_upgrade_downgrade_upgrade(fresh_db_url, engine):
    migration.upgrade(fresh_db_url)
    assert migration.current_version(fresh_db_url) == migration.head()

    migration.downgrade(fresh_db_url, 'base')
    assert migration.current_version(fresh_db_url) is None
    assert _tables(engine) <= {'alembic_version'}

    migration.upgrade(fresh_db_url)
    assert migration.current_version(fresh_db_url) == migration.head()
    assert set(_share_types(engine)) == {'default'}


def test_models_match_migrated_schema(fresh_db_url, engine):
    migration.upgrade(fresh_db_url)
    with engine.connect() as connection:
        context = alembic_migration.MigrationContext.configure(
            connection, opts={'compare_type': True,
                              'compare_server_default': True})
        diffs = autogenerate.compare_metadata(context, base.Base.metadata)
    assert diffs == []


@pytest.mark.parametrize('db_server', ['mysql'], indirect=True)
def test_mysql_tables_innodb_utf8mb4_microsecond_timestamps(fresh_db_url,
                                                            engine):
    # What compare_metadata does not look at: table options, and DATETIME
    # precision (it reports DATETIME and DATETIME(6) as equal).
    migration.upgrade(fresh_db_url)
    with engine.connect() as connection:
        tables = connection.execute(sa.text(
            "SELECT table_name, engine, table_collation "
            "FROM information_schema.tables "
            "WHERE table_schema = DATABASE() "
            "AND table_name != 'alembic_version'")).all()
        precisions = connection.execute(sa.text(
            "SELECT DISTINCT datetime_precision "
            "FROM information_schema.columns "
            "WHERE table_schema = DATABASE() AND data_type = 'datetime'"
        )).scalars().all()
    assert len(tables) == len(base.Base.metadata.tables)
    assert {(engine_, collation.split('_')[0])
            for _, engine_, collation in tables} == {('InnoDB', 'utf8mb4')}
    assert precisions == [6]


def test_default_share_type_is_seeded(fresh_db_url, engine):
    migration.upgrade(fresh_db_url)
    assert _share_types(engine) == {'default': {
        'driver_handles_share_servers': 'False',
        'snapshot_support': 'False'}}


def test_sync_twice_is_a_no_op(fresh_db_url, engine):
    migration.upgrade(fresh_db_url)
    with engine.connect() as connection:
        before = connection.execute(
            host_models.ShareType.__table__.select()).all()

    migration.upgrade(fresh_db_url)

    with engine.connect() as connection:
        after = connection.execute(
            host_models.ShareType.__table__.select()).all()
    assert after == before
    assert migration.current_version(fresh_db_url) == migration.head()


def _sync_after(barrier, url):
    barrier.wait(timeout=30)
    migration.upgrade(url)


def test_concurrent_first_syncs(fresh_db_url, engine):
    # API workers starting together each sync the schema at startup.
    # Forked, not spawned: no interpreter start-up, so the race is tight.
    mp = multiprocessing.get_context('fork')
    barrier = mp.Barrier(3)
    workers = [mp.Process(target=_sync_after, args=(barrier, fresh_db_url))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    assert migration.current_version(fresh_db_url) == migration.head()
    assert set(_share_types(engine)) == {'default'}


def _manage(config_file, *args):
    return subprocess.run(
        [sys.executable, '-m', 'manila_locks.cmd.manage',
         '--config-file', str(config_file), *args],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)


def _config_file(tmp_path):
    # state_path does not exist yet: a fresh install.
    config_file = tmp_path / 'manila-locks.conf'
    config_file.write_text('[DEFAULT]\nstate_path = %s\n' % (
        tmp_path / 'state'))
    return config_file


def test_manage_db_sync_and_version(tmp_path):
    config_file = _config_file(tmp_path)

    synced = _manage(config_file, 'db', 'sync')
    assert synced.returncode == 0, synced.stderr
    assert (tmp_path / 'state' / 'manila_locks.sqlite').exists()

    version = _manage(config_file, 'db', 'version')
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == migration.head()


def test_manage_reports_an_unknown_revision(tmp_path, capsys):
    argv = ['--config-file', str(_config_file(tmp_path)),
            'db', 'sync', '--version', 'nonexistent']
    assert manage.main(argv) == 1
    assert "Can't locate revision" in capsys.readouterr().err
