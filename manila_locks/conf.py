"""Configuration options, registered on a ConfigOpts the caller owns.

Option names follow Manila's where Manila has one, so an operator's
manila.conf fragments carry over.
"""
import os
import socket

from oslo_config import cfg
from oslo_db import options as db_options
from oslo_middleware import sizelimit
from oslo_policy import opts as policy_opts

from manila_locks import notifier

DEFAULT_STATE_PATH = os.path.join(
    os.path.expanduser('~'), '.local', 'share', 'manila-locks')

default_opts = [
    cfg.StrOpt('auth_strategy', default='noauth',
               choices=[('noauth', 'Identity from the X-Auth-Token header; '
                                   'development and tests only.'),
                        ('keystone',
                         'Tokens validated by keystonemiddleware.')],
               help='How API requests are authenticated.'),
    cfg.StrOpt('state_path', default=DEFAULT_STATE_PATH,
               sample_default='~/.local/share/manila-locks',
               help='Directory holding the embedded database and the '
                    'local driver\'s share directories.'),
    cfg.HostAddressOpt('osapi_share_listen', default='127.0.0.1',
                       help='Address the API server listens on.'),
    cfg.PortOpt('osapi_share_listen_port', default=8786,
                help='Port the API server listens on.'),
    # The three options below tune manila-locks-api's own server
    # (waitress); under uwsgi or gunicorn those servers' settings apply.
    cfg.IntOpt('osapi_share_threads', default=8, min=1,
               help='Threads of manila-locks-api that run requests. A '
                    'request that finds them all busy waits for one; its '
                    'connection is already accepted.'),
    cfg.IntOpt('osapi_share_backlog', default=4096, min=1,
               help='Connections the kernel queues for manila-locks-api '
                    'before it accepts them (the listen backlog; Linux '
                    'caps it at net.core.somaxconn).'),
    cfg.IntOpt('osapi_share_connection_limit', default=1000, min=1,
               help='Open connections manila-locks-api serves at once, '
                    'idle keep-alive ones included; further connections '
                    'wait in the backlog until one closes.'),
    cfg.StrOpt('project_id_regex', default=r'[0-9a-f\-]+',
               help='What a project id in a URL looks like '
                    '(/v2/{project_id}/...), as in Manila: by default hex '
                    'digits and dashes, the shape of Keystone project ids. '
                    'The caller\'s own project id is recognised whatever '
                    'its shape (noauth project names such as "demo"); a '
                    'collection name never is.'),
    cfg.IntOpt('osapi_max_limit', default=1000, min=1,
               help='The largest number of items a list call returns.'),
    cfg.StrOpt('share_driver', default='local',
               help='Share backend, by its name in the '
                    'manila_locks.share_drivers entry point group.'),
    cfg.StrOpt('share_backend_name',
               help='The backend name this host reports, which a share '
                    'type\'s share_backend_name extra spec must match for '
                    'its shares to be placed (they go to status error '
                    'otherwise, as with no valid host in Manila). Default: '
                    'the driver\'s own name (LOCAL for the local driver).'),
    cfg.IntOpt('soft_deleted_share_retention_time', default=604800, min=0,
               help='Seconds a soft-deleted share stays in the recycle bin '
                    'before it is purged.'),
    cfg.StrOpt('default_share_type', default='default',
               help='Name of the share type used when a request names none.'),
    cfg.IntOpt('transfer_retention_time', default=300, min=1,
               help='Seconds a share transfer can be accepted after it was '
                    'created. An expired transfer is refused on accept and '
                    'rolled back by `manila-locks-manage transfers expire`.'),
    cfg.IntOpt('max_metadata_items', default=128, min=1,
               help='The most metadata items (key and value pairs) a share '
                    'or an access rule may have, and so the most one '
                    'request may set: share create, PUT and POST '
                    '/shares/{id}/metadata, allow_access and PUT '
                    '/share-access-rules/{id}/metadata answer 400 beyond '
                    'it. Keys are 1 to 255 characters, values 1 to 1023.'),
    cfg.ListOpt('admin_only_metadata',
                default=['__affinity_same_host', '__affinity_different_host',
                         '__managed_at'],
                help='Share metadata keys only callers passing the '
                     'share:update_admin_only_metadata policy may set, '
                     'change or delete (Manila\'s option and default).'),
]


# What the share service offers and tells its users, under Manila's names.
share_service_opts = [
    cfg.StrOpt('storage_availability_zone', default='nova',
               help='Availability zone of this service\'s share back end: '
                    'the one zone GET /v2/availability-zones lists and '
                    'every new share is placed in. A share create naming '
                    'any other zone answers 404.'),
    cfg.IntOpt('message_ttl', default=2592000, min=1,
               help='Seconds a user message (GET /v2/messages) lives '
                    'before `manila-locks-manage messages purge-expired` '
                    'removes it; its expires_at.'),
]

# The lock history and its notifications.
history_opts = [
    cfg.IntOpt('compliance_cooling_off_seconds', default=0, min=0,
               max=31536000,
               help='Seconds after a resource lock gets a compliance '
                    'retention (PUT /v2/resource-locks/{id}/retention) '
                    'during which the lock\'s own user may still remove it, '
                    'shorten its expiry or make it governance, so a mistake '
                    'is not permanent. Afterwards nobody, administrators '
                    'and services included, can until it expires. 0: '
                    'binding at once.'),
    cfg.BoolOpt('durable_refusal_events', default=False,
                help='Whether the lock history\'s event of a refused request '
                     '(a removal refused by a lock) is committed durably, '
                     'its request answered only once the database has '
                     'synced it. False: on PostgreSQL every refusal event '
                     'is committed with synchronous_commit off, and on '
                     'SQLite those of a refused share removal or transfer '
                     'offer without a sync (WAL); so a database server '
                     'crash or a power failure may lose the last refusal '
                     'events, never a lock or a change to one, and never '
                     'the refusal itself, and the refused request is '
                     'answered about a disk sync sooner. MySQL and MariaDB '
                     'commit every event as the server is configured.'),
    cfg.BoolOpt('prepared_statements', default=True,
                help='PostgreSQL only: whether the reads that decide a lock '
                     'check (a share and its locks, an access rule and its '
                     'visibility lock, the locks on one resource) and the '
                     'writes of a share\'s lock (the share\'s row lock, the '
                     'insert of the lock with its history event) run '
                     'as prepared statements of their database connection, '
                     'planned once per connection instead of once per '
                     'request. Turn it off behind a connection pooler that '
                     'hands one client\'s server connection to another '
                     '(PgBouncer in transaction pooling mode), where a '
                     'statement prepared on one is unknown on the next.'),
    cfg.IntOpt('lock_event_retention_days', default=365, min=1,
               help='Days the lock history (GET /v2/resource-lock-events) '
                    'keeps an event; `manila-locks-manage lock-events '
                    'prune` (for cron) deletes older ones.'),
    cfg.StrOpt('host', default=socket.gethostname(),
               sample_default='<the host name>',
               help='Name of this host in notifications: their publisher '
                    'id is share.<host>, as Manila\'s share service.'),
    cfg.IntOpt('notification_queue_size', default=1000, min=1,
               help='Notifications waiting for the message bus at most; '
                    'more are dropped (and logged) while the bus is slow '
                    'or down. API requests never wait for the bus.'),
]

# Manila's [quota] options: every project's limits, as GET /v2/limits and
# GET /v2/quota-sets/{project_id} show them. -1 is unlimited. They cannot
# be changed per project, user or share type: these defaults apply to all.
quota_opts = [
    cfg.IntOpt('shares', default=50,
               help='Number of shares allowed per project; share create '
                    'answers 413 beyond it.'),
    cfg.IntOpt('snapshots', default=50,
               help='Number of share snapshots allowed per project.'),
    cfg.IntOpt('gigabytes', default=1000,
               help='Number of share gigabytes allowed per project; share '
                    'create and extend answer 413 beyond it.'),
    cfg.IntOpt('per_share_gigabytes', default=-1,
               help='Max size allowed per share, in gigabytes; share create '
                    'and extend answer 413 beyond it.'),
    cfg.IntOpt('snapshot_gigabytes', default=1000,
               help='Number of snapshot gigabytes allowed per project.'),
    cfg.IntOpt('share_networks', default=10,
               help='Number of share-networks allowed per project.'),
    cfg.IntOpt('share_replicas', default=100,
               help='Number of share-replicas allowed per project. A share '
                    'of a type with a replication_type counts as one.'),
    cfg.IntOpt('replica_gigabytes', default=1000,
               help='Number of replica gigabytes allowed per project.'),
    cfg.IntOpt('share_groups', default=50,
               help='Number of share groups allowed.'),
    cfg.IntOpt('share_group_snapshots', default=50,
               help='Number of share group snapshots allowed.'),
    cfg.IntOpt('backups', default=10,
               help='Number of share backups allowed per project.'),
    cfg.IntOpt('backup_gigabytes', default=1000,
               help='Total amount of storage, in gigabytes, allowed for '
                    'backups per project.'),
    cfg.IntOpt('encryption_keys', default=100,
               help='Number of encryption keys allowed per project.'),
]


def register_opts(conf):
    conf.register_opts(default_opts)
    conf.register_opts(share_service_opts)
    conf.register_opts(history_opts)
    notifier.register_opts(conf)
    conf.register_opts(quota_opts, group='quota')
    # Read by middleware.BodySizeLimit; registered here as well so a config
    # file naming it validates before the app is built.
    conf.register_opts(sizelimit.OPTS, group='oslo_middleware')
    db_options.set_defaults(conf)
    policy_opts.set_defaults(conf, policy_file='policy.yaml')


def set_defaults(conf=None):
    """Entry point for oslo-config-generator's defaults hook."""
    db_options.set_defaults(conf or cfg.CONF)
    notifier.set_sample_defaults()


def list_opts():
    return [('DEFAULT', default_opts + share_service_opts + history_opts),
            ('quota', quota_opts)]


def database_connection(conf):
    """The configured DB URL, or the embedded SQLite file under state_path."""
    if conf.database.connection:
        return conf.database.connection
    return 'sqlite:///' + os.path.join(conf.state_path, 'manila_locks.sqlite')


# The [database] options (oslo.db's) handed to the engine; the others are
# oslo.db's own or not used here. mysql_wsrep_sync_wait=1 makes a Galera
# node's reads wait until it has applied what the cluster committed before.
ENGINE_OPTIONS = ('max_pool_size', 'max_overflow', 'pool_timeout',
                  'connection_recycle_time', 'max_retries', 'retry_interval',
                  'mysql_sql_mode', 'mysql_wsrep_sync_wait')


def engine_options(conf):
    """{option: value} of ENGINE_OPTIONS that have one, for
    db.api.configure."""
    return {name: conf.database[name] for name in ENGINE_OPTIONS
            if conf.database[name] is not None}


def build(args=None, default_config_files=None):
    """Build a private ConfigOpts; never touches the global cfg.CONF."""
    conf = cfg.ConfigOpts()
    register_opts(conf)
    conf(args if args is not None else [], project='manila-locks',
         default_config_files=default_config_files or [])
    return conf
