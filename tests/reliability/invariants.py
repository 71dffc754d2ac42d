"""What must hold in the database after any interleaving, as SQL.

Each function returns the offending rows (empty = holds), read straight
from the tables, not through the service, so a bug in the service's own
queries cannot hide a violation.
"""
import sqlalchemy as sa

LIVE = 'False'

# A share is gone once deleted, soft-deleted (recycle bin) or unmanaged.
_GONE_SHARE = ("(s.deleted != 'False' OR s.is_soft_deleted = :true "
               "OR s.status = 'unmanaged')")


def _rows(connection, sql):
    return [tuple(row) for row in
            connection.execute(sa.text(sql), {'true': True})]


def gone_shares_with_live_locks(connection):
    return _rows(connection, """
        SELECT s.id, l.id FROM shares s
        JOIN resource_locks l ON l.resource_id = s.id
        WHERE l.deleted = 'False' AND """ + _GONE_SHARE)


def live_locks_on_missing_resources(connection):
    return _rows(connection, """
        SELECT l.id, l.resource_type, l.resource_id FROM resource_locks l
        WHERE l.deleted = 'False' AND (
          (l.resource_type = 'share' AND NOT EXISTS (
             SELECT 1 FROM shares s WHERE s.id = l.resource_id
             AND NOT """ + _GONE_SHARE + """))
          OR (l.resource_type = 'access_rule' AND NOT EXISTS (
             SELECT 1 FROM share_access_rules r WHERE r.id = l.resource_id
             AND r.deleted = 'False')))""")


def orphan_companion_locks(connection):
    """Live share locks whose parent (a rule's deletion lock) is gone."""
    return _rows(connection, """
        SELECT c.id, c.parent_lock_id FROM resource_locks c
        WHERE c.deleted = 'False' AND c.parent_lock_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM resource_locks p
                        WHERE p.id = c.parent_lock_id
                        AND p.deleted = 'False')""")


def offered_shares_with_live_locks(connection):
    """Shares on offer to another project (a live transfer) whose share or
    live access rules hold a live lock of any kind."""
    return _rows(connection, """
        SELECT t.id, l.id FROM share_transfers t
        JOIN resource_locks l ON l.deleted = 'False' AND (
          l.resource_id = t.resource_id OR l.resource_id IN (
            SELECT r.id FROM share_access_rules r
            WHERE r.share_id = t.resource_id AND r.deleted = 'False'))
        WHERE t.deleted = 'False'""")


def offers_without_waiting_shares(connection):
    """Live transfers whose share is not awaiting_transfer, and shares
    awaiting_transfer without a live transfer."""
    return _rows(connection, """
        SELECT t.id, s.status FROM share_transfers t
        JOIN shares s ON s.id = t.resource_id
        WHERE t.deleted = 'False' AND s.status != 'awaiting_transfer'
        UNION ALL
        SELECT s.id, s.status FROM shares s
        WHERE s.deleted = 'False' AND s.status = 'awaiting_transfer'
        AND NOT EXISTS (SELECT 1 FROM share_transfers t
                        WHERE t.resource_id = s.id
                        AND t.deleted = 'False')""")


def shares_with_several_offers(connection):
    """Shares with more than one live transfer (at most one per share)."""
    return _rows(connection, """
        SELECT t.resource_id, COUNT(*) FROM share_transfers t
        WHERE t.deleted = 'False'
        GROUP BY t.resource_id HAVING COUNT(*) > 1""")


def offers_of_shares_that_moved(connection):
    """Live transfers whose share belongs to a project other than the one
    that made the offer."""
    return _rows(connection, """
        SELECT t.id, t.source_project_id, s.project_id
        FROM share_transfers t JOIN shares s ON s.id = t.resource_id
        WHERE t.deleted = 'False' AND s.project_id != t.source_project_id""")


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


def check_all(connection):
    """{name: offending rows} of the invariants that hold for any data."""
    return {
        'gone shares with live locks': gone_shares_with_live_locks(
            connection),
        'live locks on missing resources': live_locks_on_missing_resources(
            connection),
        'orphan companion locks': orphan_companion_locks(connection),
        'offered shares with live locks': offered_shares_with_live_locks(
            connection),
        'offers without waiting shares': offers_without_waiting_shares(
            connection),
        'shares with several offers': shares_with_several_offers(
            connection),
        'offers of shares that moved': offers_of_shares_that_moved(
            connection),
    }
