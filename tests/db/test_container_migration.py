"""Schema revision c4a1f0d2e8b3 on existing data, on every backend.

Rows a 7b4e2c91d5a0 database can hold: a rule locked through POST (no
companion) on a live share, on a share in the recycle bin (the old guard
let it go there), and leaked locks on a denied rule and on a deleted
share. The migration should give a companion only where the parent lock
guards something that is still there, and should not itself add rows that
``manila-locks-manage locks check`` reports.
"""
import datetime
import uuid

import sqlalchemy as sa

from manila_locks.host import invariants
from manila_locks.host import migration

BEFORE = '7b4e2c91d5a0'
NOW = datetime.datetime(2026, 1, 1)


def _id():
    return str(uuid.uuid4())


def _share(connection, type_id, deleted=False, soft_deleted=False):
    share_id = _id()
    connection.execute(sa.text("""
        INSERT INTO shares (id, user_id, project_id, size, share_proto,
          share_type_id, status, is_public, access_rules_status,
          is_soft_deleted, created_at, deleted)
        VALUES (:id, 'u', 'p', 1, 'NFS', :type_id, :status, :false,
          'active', :soft, :now, :deleted)"""), {
        'id': share_id, 'type_id': type_id,
        'status': 'deleted' if deleted else 'available', 'false': False,
        'soft': soft_deleted, 'now': NOW,
        'deleted': share_id if deleted else 'False'})
    return share_id


def _rule(connection, share_id, deleted=False):
    rule_id = _id()
    connection.execute(sa.text("""
        INSERT INTO share_access_rules (id, share_id, project_id, user_id,
          access_type, access_to, access_level, state, created_at, deleted)
        VALUES (:id, :share_id, 'p', 'u', 'ip', :to, 'rw', :state, :now,
          :deleted)"""), {
        'id': rule_id, 'share_id': share_id, 'to': '10.0.0.%d' % (
            len(rule_id) % 200), 'state': 'deleted' if deleted else 'active',
        'now': NOW, 'deleted': rule_id if deleted else 'False'})
    return rule_id


def _rule_deletion_lock(connection, rule_id):
    lock_id = _id()
    connection.execute(sa.text("""
        INSERT INTO resource_locks (id, user_id, project_id,
          resource_project_id, lock_context, resource_id, resource_type,
          resource_action, created_at, deleted)
        VALUES (:id, 'u', 'p', 'p', 'user', :rule_id, 'access_rule',
          'delete', :now, 'False')"""), {
        'id': lock_id, 'rule_id': rule_id, 'now': NOW})
    return lock_id


def _companions(connection, parent_id):
    return connection.execute(sa.text(
        "SELECT resource_id FROM resource_locks WHERE parent_lock_id = :p "
        "AND deleted = 'False'"), {'p': parent_id}).scalars().all()


def test_backfill_and_companions(fresh_db_url):
    migration.upgrade(fresh_db_url, BEFORE)
    engine = sa.create_engine(fresh_db_url)
    try:
        with engine.begin() as connection:
            type_id = connection.execute(sa.text(
                "SELECT id FROM share_types")).scalar_one()
            live = _share(connection, type_id)
            healthy = _rule_deletion_lock(connection, _rule(connection, live))
            in_bin = _share(connection, type_id, soft_deleted=True)
            binned = _rule_deletion_lock(connection,
                                         _rule(connection, in_bin))
            denied = _rule_deletion_lock(
                connection, _rule(connection, live, deleted=True))
            gone = _share(connection, type_id, deleted=True)
            on_gone = _rule_deletion_lock(
                connection, _rule(connection, gone, deleted=True))
        migration.upgrade(fresh_db_url)
        with engine.connect() as connection:
            containers = dict(connection.execute(sa.text(
                "SELECT id, container_id FROM resource_locks "
                "WHERE parent_lock_id IS NULL")).all())
            assert containers == {healthy: live, binned: in_bin,
                                  denied: live, on_gone: gone}
            assert _companions(connection, healthy) == [live]
            # The gone-share report (invariant 1) lists a parent in the
            # recycle bin already; a companion the migration invents there
            # is one more offending row, and one on a share that is gone,
            # or for a lock whose rule is gone, blocks or haunts it.
            placed_on_nothing = {
                name: _companions(connection, lock_id)
                for name, lock_id in (('recycle bin', binned),
                                      ('denied rule', denied),
                                      ('deleted share', on_gone))}
            report = invariants.check_all(connection)
            assert placed_on_nothing == {'recycle bin': [],
                                         'denied rule': [],
                                         'deleted share': []}, report
    finally:
        engine.dispose()
