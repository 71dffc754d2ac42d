"""Migrations on every backend, each test on a database of its own."""
import datetime
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
from manila_locks.host import migration
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


def _seed_shares(engine, shares):
    """Shares {id: (project, status)} of the default type."""
    with engine.begin() as connection:
        type_id = connection.execute(sa.select(
            host_models.ShareType.id)).scalar_one()
        connection.execute(host_models.Share.__table__.insert(), [
            {'id': share_id, 'user_id': 'u', 'project_id': project,
             'size': 1, 'share_proto': 'NFS', 'share_type_id': type_id,
             'status': status}
            for share_id, (project, status) in shares.items()])


def _seed_offers(engine, offers):
    """Live offers [(id, share id, source project, minutes after T0)]."""
    t0 = datetime.datetime(2026, 1, 1)
    with engine.begin() as connection:
        connection.execute(host_models.ShareTransfer.__table__.insert(), [
            {'id': transfer_id, 'resource_type': 'share',
             'resource_id': share_id, 'source_project_id': project,
             'salt': 's', 'crypt_hash': 'h', 'accepted': False,
             'expires_at': t0,
             'created_at': t0 + datetime.timedelta(minutes=minutes)}
            for transfer_id, share_id, project, minutes in offers])


def _live_offers(engine):
    table = host_models.ShareTransfer.__table__
    with engine.connect() as connection:
        return set(connection.execute(sa.select(table.c.id).where(
            table.c.deleted == base.LIVE)).scalars())


def test_one_live_offer_per_share_ends_stale_offers(fresh_db_url, engine):
    """Offers an old reset_status left open end; of the offers that stand
    for one share the newest stays; then the database refuses a second
    live offer."""
    migration.upgrade(fresh_db_url, 'c4a1f0d2e8b3')
    _seed_shares(engine, {
        're-offered': ('p1', 'awaiting_transfer'),
        'reset': ('p1', 'available'),
        'moved-on': ('p2', 'awaiting_transfer'),
        'plain': ('p1', 'awaiting_transfer'),
    })
    # As the revision before d5b2e1f3a9c4 allowed them.
    _seed_offers(engine, [
        ('old-key', 're-offered', 'p1', 1),
        ('new-key', 're-offered', 'p1', 2),
        ('reset-key', 'reset', 'p1', 1),
        ('onward-key', 'moved-on', 'p2', 1),
        ('stale-key', 'moved-on', 'p1', 2),
        ('plain-key', 'plain', 'p1', 1),
    ])

    migration.upgrade(fresh_db_url)

    assert _live_offers(engine) == {'new-key', 'onward-key', 'plain-key'}
    with pytest.raises(sa.exc.IntegrityError):
        _seed_offers(engine, [('second-key', 'plain', 'p1', 3)])
    migration.downgrade(fresh_db_url, 'c4a1f0d2e8b3')
    _seed_offers(engine, [('second-key', 'plain', 'p1', 3)])


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


# Indexes that hold only some rows where the backend has partial indexes;
# MySQL and MariaDB keep them whole. compare_metadata does not compare
# index predicates. {index: (table, columns, predicate)}.
PARTIAL_INDEXES = {
    # revision 4e7a2c9d1b58
    'resource_locks_expires_idx': (
        'resource_locks', ['expires_at', 'deleted'],
        'expires_at is not null'),
    # revision b3d355a406c0
    'resource_locks_parent_idx': (
        'resource_locks', ['parent_lock_id'], 'parent_lock_id is not null'),
    'resource_lock_events_global_request_idx': (
        'resource_lock_events', ['global_request_id'],
        'global_request_id is not null'),
}


def _index(engine, table, name):
    [index] = [index for index in sa.inspect(engine).get_indexes(table)
               if index['name'] == name]
    where = index.get('dialect_options', {}).get(
        engine.dialect.name + '_where')
    return index['column_names'], where


@pytest.mark.parametrize('name', sorted(PARTIAL_INDEXES))
def test_partial_indexes_hold_only_the_rows_asked_for(fresh_db_url, engine,
                                                      name):
    table, columns, predicate = PARTIAL_INDEXES[name]
    migration.upgrade(fresh_db_url)
    found, where = _index(engine, table, name)
    assert found == columns
    if engine.dialect.name == 'mysql':
        assert where is None
    else:
        assert str(where).strip('()').lower() == predicate
    # One revision down, the sparse indexes of b3d355a406c0 are whole.
    migration.downgrade(fresh_db_url, '4e7a2c9d1b58')
    found, where = _index(engine, table, name)
    assert found == columns
    if name != 'resource_locks_expires_idx' or (
            engine.dialect.name == 'mysql'):
        assert where is None
    else:
        assert str(where).strip('()').lower() == predicate
