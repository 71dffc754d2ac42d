"""What must hold in the database whatever happened, as SQL.

These are the lock guarantees written down as queries: each returns the
offending rows (none when it holds), read straight from the tables and not
through the service's own queries, so a bug in those cannot hide a
violation. ``manila-locks-manage locks check`` runs them for operators; the
race, fault and guard-matrix tests run them after every interleaving.

The guarantees (README, "Reliability"):

1. A share that is gone (deleted, unmanaged) has no live lock, on itself
   or on anything in it; a share in the recycle bin has no live deletion
   lock in it.
2. No live lock sits on a resource that is gone.
3. Every lock's container is the share its resource is, or belongs to.
4. A rule has at most one live visibility lock.
5. A companion share lock lives exactly as long as its parent, a live
   deletion lock on an access rule of that share: none without a live
   parent, exactly one for every live rule deletion lock.
6. A share on offer to another project holds no lock, nor do its rules;
   an offer is live exactly while its share awaits transfer, in the
   project that offered it, and a share has at most one live offer.

A lock is live here as everywhere: not deleted and not expired (a lock on
legal hold does not expire). An expired lock that `manila-locks-manage
locks expire` has not swept yet is no lock.
"""
import sqlalchemy as sa

from manila_locks.core import clock


# A share is gone once deleted, soft-deleted (recycle bin) or unmanaged.
GONE_SHARE = ("(s.deleted != 'False' OR s.is_soft_deleted = :true "
              "OR s.status = 'unmanaged')")


def live(alias):
    """A lock that still guards: not deleted, and not past its expiry
    unless on legal hold (core/store._unexpired, at the same clock). An
    expired lock nobody has swept yet counts as gone."""
    return ("({a}.deleted = 'False' AND ({a}.expires_at IS NULL "
            "OR {a}.expires_at > :now OR {a}.legal_hold_at IS NOT NULL))"
            .format(a=alias))


def _rows(connection, sql):
    statement = sa.text(sql)
    if ':now' in sql:
        # Typed, so SQLite compares the stored text form with its own.
        statement = statement.bindparams(sa.bindparam('now',
                                                      type_=sa.DateTime()))
    return [tuple(row) for row in connection.execute(
        statement, {'true': True, 'now': clock.now()})]


def gone_shares_with_live_locks(connection):
    """Deleted or unmanaged shares with any live lock in them, and shares
    in the recycle bin with a live deletion lock in them (a visibility
    lock stays with its rule there, for a restore)."""
    return _rows(connection, """
        SELECT s.id, l.id FROM shares s
        JOIN resource_locks l ON l.container_id = s.id
        WHERE """ + live('l') + """ AND (
          s.deleted != 'False' OR s.status = 'unmanaged'
          OR (s.is_soft_deleted = :true AND l.resource_action = 'delete'))""")


def live_locks_on_missing_resources(connection):
    return _rows(connection, """
        SELECT l.id, l.resource_type, l.resource_id FROM resource_locks l
        WHERE """ + live('l') + """ AND (
          (l.resource_type = 'share' AND NOT EXISTS (
             SELECT 1 FROM shares s WHERE s.id = l.resource_id
             AND NOT """ + GONE_SHARE + """))
          OR (l.resource_type = 'access_rule' AND NOT EXISTS (
             SELECT 1 FROM share_access_rules r WHERE r.id = l.resource_id
             AND r.deleted = 'False')))""")


def locks_in_wrong_container(connection):
    return _rows(connection, """
        SELECT l.id, l.container_id FROM resource_locks l
        WHERE """ + live('l') + """ AND NOT (
          (l.resource_type = 'share' AND l.container_id = l.resource_id)
          OR (l.resource_type = 'access_rule' AND EXISTS (
             SELECT 1 FROM share_access_rules r WHERE r.id = l.resource_id
             AND r.share_id = l.container_id)))""")


def duplicate_visibility_locks(connection):
    return _rows(connection, """
        SELECT l.resource_id, COUNT(*) FROM resource_locks l
        WHERE l.deleted = 'False' AND l.resource_action = 'show'
        GROUP BY l.resource_id HAVING COUNT(*) > 1""")


def orphan_companion_locks(connection):
    """Live companion locks whose parent is gone, is not a rule deletion
    lock, or sits in another share."""
    return _rows(connection, """
        SELECT c.id, c.parent_lock_id FROM resource_locks c
        WHERE """ + live('c') + """ AND c.parent_lock_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM resource_locks p
                        WHERE p.id = c.parent_lock_id
                        AND """ + live('p') + """
                        AND p.resource_type = 'access_rule'
                        AND p.resource_action = 'delete'
                        AND p.container_id = c.resource_id)""")


def rule_deletion_locks_without_companion(connection):
    """Live rule deletion locks without exactly one live companion."""
    return _rows(connection, """
        SELECT p.id, (SELECT COUNT(*) FROM resource_locks c
                      WHERE c.parent_lock_id = p.id
                      AND """ + live('c') + """) AS companions
        FROM resource_locks p
        WHERE """ + live('p') + """ AND p.resource_type = 'access_rule'
        AND p.resource_action = 'delete' AND (
          SELECT COUNT(*) FROM resource_locks c
          WHERE c.parent_lock_id = p.id AND """ + live('c') + """) != 1""")


def offered_shares_with_live_locks(connection):
    """Shares on offer to another project (a live transfer) with a live
    lock of any kind on the share or anything in it."""
    return _rows(connection, """
        SELECT t.id, l.id FROM share_transfers t
        JOIN resource_locks l ON """ + live('l') + """
          AND l.container_id = t.resource_id
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


# name -> check; the order is the README's.
CHECKS = {
    'gone shares with live locks': gone_shares_with_live_locks,
    'live locks on missing resources': live_locks_on_missing_resources,
    'locks in the wrong container': locks_in_wrong_container,
    'duplicate visibility locks': duplicate_visibility_locks,
    'orphan companion locks': orphan_companion_locks,
    'rule deletion locks without one companion':
        rule_deletion_locks_without_companion,
    'offered shares with live locks': offered_shares_with_live_locks,
    'offers without waiting shares': offers_without_waiting_shares,
    'shares with several offers': shares_with_several_offers,
    'offers of shares that moved': offers_of_shares_that_moved,
}


def check_all(connection):
    """{name: offending rows} of every invariant, in CHECKS' order."""
    return {name: check(connection) for name, check in CHECKS.items()}


def report(connection, out):
    """Write each invariant's result, and its offending rows, to `out`;
    returns how many rows offend."""
    found = check_all(connection)
    for name, rows in found.items():
        verdict = 'FAILED: %d row(s)' % len(rows) if rows else 'ok'
        out.write('%-45s %s\n' % (name, verdict))
        for row in rows:
            out.write('    %s\n' % ' '.join(str(value) for value in row))
    return sum(len(rows) for rows in found.values())
