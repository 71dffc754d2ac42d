"""manila-locks-manage: database administration.

    manila-locks-manage [--config-file F] db sync [--version REV]
    manila-locks-manage [--config-file F] db version

Uses [database] connection, or the embedded SQLite file under state_path.
"""
import logging
import os
import sys

from oslo_config import cfg

from manila_locks import conf as ml_conf
from manila_locks.db import migration


def db_sync(conf):
    # Alembic reports each migration it runs at INFO.
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    migration.upgrade(_connection(conf), conf.command.version)


def db_version(conf):
    print(migration.current_version(_connection(conf)))


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
        conf.command.func(conf)
    except migration.MigrationError as e:
        print('manila-locks-manage: %s' % e, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
