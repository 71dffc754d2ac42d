"""Test helpers over the service's SQL invariants.

``check_all`` is the product's (manila_locks/host/invariants.py, the same
queries ``manila-locks-manage locks check`` runs); the helpers below read
what a particular test created, straight from the tables.
"""
import sqlalchemy as sa

from manila_locks.host import invariants

check_all = invariants.check_all
_GONE_SHARE = invariants.GONE_SHARE


def _rows(connection, sql):
    return [tuple(row) for row in
            connection.execute(sa.text(sql), {'true': True})]


def locked_rules_missing_locks(connection, rule_ids):
    """Live rules among `rule_ids` (all created with lock_deletion and
    lock_visibility) lacking their deletion lock, visibility lock or the
    deletion lock's companion on the share."""
    if not rule_ids:
        return []
    rows = _rows(connection, """
        SELECT r.id,
          (SELECT COUNT(*) FROM resource_locks l WHERE l.resource_id = r.id
           AND l.deleted = 'False' AND l.resource_action = 'delete'),
          (SELECT COUNT(*) FROM resource_locks l WHERE l.resource_id = r.id
           AND l.deleted = 'False' AND l.resource_action = 'show'),
          (SELECT COUNT(*) FROM resource_locks c JOIN resource_locks p
             ON c.parent_lock_id = p.id
           WHERE p.resource_id = r.id AND c.resource_id = r.share_id
           AND c.deleted = 'False' AND p.deleted = 'False')
        FROM share_access_rules r WHERE r.deleted = 'False'""")
    wanted = set(rule_ids)
    return [row for row in rows
            if row[0] in wanted and tuple(row[1:]) != (1, 1, 1)]


def _live_ids(connection, table, ids):
    """The ids among `ids` of live rows of `table`."""
    if not ids:
        return set()
    return {row[0] for row in connection.execute(
        sa.text("SELECT id FROM %s WHERE deleted = 'False' AND id IN :ids"
                % table).bindparams(sa.bindparam('ids', expanding=True)),
        {'ids': list(ids)})}


def live_lock_ids(connection, lock_ids):
    return _live_ids(connection, 'resource_locks', lock_ids)


def share_projects(connection, share_ids):
    """{share id: project id} of `share_ids`."""
    return dict(connection.execute(
        sa.text("SELECT id, project_id FROM shares WHERE id IN :ids")
        .bindparams(sa.bindparam('ids', expanding=True)),
        {'ids': list(share_ids)}).all()) if share_ids else {}


def gone_share_ids(connection, share_ids):
    return set(share_ids) - {row[0] for row in connection.execute(
        sa.text("SELECT s.id FROM shares s WHERE s.id IN :ids AND NOT "
                + _GONE_SHARE).bindparams(sa.bindparam('ids',
                                                       expanding=True)),
        {'ids': list(share_ids), 'true': True})} if share_ids else set()
