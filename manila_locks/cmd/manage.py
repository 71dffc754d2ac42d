"""manila-locks-manage: database administration.

    manila-locks-manage [--config-file F] db sync [--version REV]
    manila-locks-manage [--config-file F] db version
    manila-locks-manage [--config-file F] shares purge-expired
    manila-locks-manage [--config-file F] transfers expire
    manila-locks-manage [--config-file F] locks check
    manila-locks-manage [--config-file F] locks expire
    manila-locks-manage [--config-file F] locks orphans [--format json]
    manila-locks-manage [--config-file F] messages purge-expired
    manila-locks-manage [--config-file F] lock-events prune [--days N]

Uses [database] connection, or the embedded SQLite file under state_path.
"""
import datetime
import logging
import os
import sys

from oslo_config import cfg

from manila_locks import conf as ml_conf
from manila_locks import context
from manila_locks.core import lifetime
from manila_locks.core import lock_events
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host import deploy
from manila_locks.host import drivers
from manila_locks.host import holders
from manila_locks.host import invariants
from manila_locks.host import message_api
from manila_locks.host import migration
from manila_locks.host import orphans
from manila_locks.host import share_api
from manila_locks.host import transfer_api
from manila_locks import notifier

# Seconds `locks expire` waits for its notifications to go out.
NOTIFY_TIMEOUT = 30


def db_sync(conf):
    # Alembic reports each migration it runs at INFO.
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    migration.upgrade(_connection(conf), conf.command.version)


def db_version(conf):
    print(migration.current_version(_connection(conf)))


def shares_purge_expired(conf):
    """Delete the recycle-bin shares whose retention time has run out,
    printing their ids; shares with a deletion lock stay (and are logged).
    Meant for cron or a systemd timer: the API service runs no purge."""
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    deploy.setup(conf, sync_db=False)
    for share_id in share_api.purge_expired(context.get_admin_context(),
                                            drivers.load(conf)):
        print(share_id)


def transfers_expire(conf):
    """Roll back share transfers past their expiry (shares go back to
    available in their project); prints how many. For cron, like
    purge-expired: an expired transfer is refused on accept meanwhile."""
    deploy.setup(conf, sync_db=False)
    print(transfer_api.expire(context.get_admin_context()))


def messages_purge_expired(conf):
    """Delete the user messages past their expires_at ([DEFAULT]
    message_ttl after they were recorded); prints how many. Manila's
    scheduler does this periodically; here, cron or a systemd timer."""
    deploy.setup(conf, sync_db=False)
    print(message_api.purge_expired(context.get_admin_context()))


def lock_events_prune(conf):
    """Delete the lock history events older than --days (default [DEFAULT]
    lock_event_retention_days); prints how many. For cron."""
    days = conf.command.days
    if days is None:
        days = conf.lock_event_retention_days
    if days < 1:
        print('manila-locks-manage: --days must be 1 or more',
              file=sys.stderr)
        return 2
    deploy.setup(conf, sync_db=False)
    cutoff = base.utcnow() - datetime.timedelta(days=days)
    print(lock_events.prune(context.get_admin_context(), cutoff))
    return 0


def locks_check(conf):
    """Run the lock invariants (manila_locks/host/invariants.py) against
    the database, and with Keystone ask whether each lock's holder still
    exists (host/holders.py); print each result. Any violation, such as a
    lock whose resource or holder is gone (a leaked attachment lock),
    makes the exit status 1."""
    deploy.setup(conf, sync_db=False)
    with db_api.context_manager.reader.connection.using(
            context.get_admin_context()) as connection:
        offending = invariants.report(connection, sys.stdout)
        offending += holders.report(connection, conf, sys.stdout)
    return 1 if offending else 0


def locks_expire(conf):
    """Mark the locks past their expiry (and not on legal hold) deleted,
    recording an `expired` event and sending resource_lock.expire.end for
    each; prints their ids. For cron: an expired lock guards nothing and
    no read shows it from the moment it expires, swept or not."""
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    deploy.setup(conf, sync_db=False)
    ctx = context.get_admin_context()
    ctx.notifier = notifier.Notifier(conf)
    for lock_id in lifetime.expire(ctx):
        print(lock_id)
    # The sender thread is a daemon: hand everything over before exiting.
    if not ctx.notifier.flush(NOTIFY_TIMEOUT):
        print('manila-locks-manage: some notifications were not sent',
              file=sys.stderr)


def locks_orphans(conf):
    """List the live locks whose resource is gone (missing, deleted,
    unmanaged or in the recycle bin), or with Keystone whose holder is,
    each with the lock history that explains it (host/orphans.py). Exit
    status 1 when there are any, for cron."""
    deploy.setup(conf, sync_db=False)
    with db_api.context_manager.reader.connection.using(
            context.get_admin_context()) as connection:
        found, holder_note = orphans.find(connection, conf)
    write = (orphans.write_json if conf.command.format == 'json'
             else orphans.write_text)
    write(sys.stdout, found, holder_note)
    return 1 if found else 0


def _connection(conf):
    # The embedded SQLite default lives under state_path, which a fresh
    # install may not have yet.
    os.makedirs(conf.state_path, exist_ok=True)
    return ml_conf.database_connection(conf)


def _add_commands(subparsers):
    db = subparsers.add_parser('db', help='Database schema.')
    actions = db.add_subparsers(dest='action', required=True)
    sync = actions.add_parser(
        'sync', help='Upgrade the schema; a no-op when already there.')
    sync.add_argument('--version', default='head',
                      help='Revision to upgrade to (default: newest).')
    sync.set_defaults(func=db_sync)
    version = actions.add_parser(
        'version', help='Print the schema revision (None when empty).')
    version.set_defaults(func=db_version)
    shares = subparsers.add_parser('shares', help='Shares.')
    share_actions = shares.add_subparsers(dest='action', required=True)
    purge = share_actions.add_parser(
        'purge-expired', help='Delete recycle-bin shares whose retention '
        '([DEFAULT] soft_deleted_share_retention_time) has run out.')
    purge.set_defaults(func=shares_purge_expired)
    transfers = subparsers.add_parser('transfers', help='Share transfers.')
    transfer_actions = transfers.add_subparsers(dest='action', required=True)
    expire = transfer_actions.add_parser(
        'expire', help='Roll back transfers older than '
        '[DEFAULT] transfer_retention_time.')
    expire.set_defaults(func=transfers_expire)
    locks = subparsers.add_parser('locks', help='Resource locks.')
    lock_actions = locks.add_subparsers(dest='action', required=True)
    check = lock_actions.add_parser(
        'check', help='Check the lock invariants in SQL, and (with '
        'Keystone, using [keystone_authtoken] credentials allowed to read '
        'users and projects) that every lock\'s holder still exists; exit 1 '
        'when any fails, listing the offending rows.')
    check.set_defaults(func=locks_check)
    expire_locks = lock_actions.add_parser(
        'expire', help='Mark the locks past their expiry deleted, '
        'recording them as expired in the lock history (with a '
        'resource_lock.expire.end notification each); prints their ids.')
    expire_locks.set_defaults(func=locks_expire)
    orphan = lock_actions.add_parser(
        'orphans', help='List live locks whose resource is gone, or (with '
        'Keystone, as for check) whose holder is, each with its lock '
        'history; exit 1 when there are any.')
    orphan.add_argument('--format', choices=('text', 'json'),
                        default='text', help='Output format.')
    orphan.set_defaults(func=locks_orphans)
    messages = subparsers.add_parser('messages', help='User messages.')
    message_actions = messages.add_subparsers(dest='action', required=True)
    purge_messages = message_actions.add_parser(
        'purge-expired', help='Delete user messages older than '
        '[DEFAULT] message_ttl.')
    purge_messages.set_defaults(func=messages_purge_expired)
    events = subparsers.add_parser('lock-events', help='The lock history.')
    event_actions = events.add_subparsers(dest='action', required=True)
    prune = event_actions.add_parser(
        'prune', help='Delete lock history events older than --days, by '
        'default [DEFAULT] lock_event_retention_days.')
    prune.add_argument('--days', type=int, default=None,
                       help='Keep the events of the last DAYS days.')
    prune.set_defaults(func=lock_events_prune)


def parse_args(argv):
    # conf.build() parses at once; the sub-command option has to be
    # registered before parsing, so this builds its own ConfigOpts.
    conf = cfg.ConfigOpts()
    conf.register_cli_opt(cfg.SubCommandOpt(
        'command', title='Commands', handler=_add_commands))
    ml_conf.register_opts(conf)
    conf(argv, project='manila-locks', prog='manila-locks-manage',
         default_config_files=[])
    return conf


def main(argv=None):
    conf = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return conf.command.func(conf) or 0
    except migration.MigrationError as e:
        print('manila-locks-manage: %s' % e, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
