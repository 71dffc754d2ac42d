"""A three-node MariaDB Galera cluster of the test's own, on loopback.

Three mariadbd processes (PrivateMariaDB, private_db.py), each with its
own temporary data directory and free ports for SQL, group communication
(gcomm), incremental state transfer (IST) and snapshot transfer (SST, by
rsync). The first node founds the cluster (--wsrep-new-cluster); the
others start from a copy of its data directory and catch up by IST
(PrivateGalera.start). Every node is stopped by its PID and its directory
removed.

Start-up is kept short: small InnoDB buffers and logs, a 16 MB write-set
cache (gcache, what IST serves a rejoining node from), no fsync on commit,
and group-communication timeouts of a few seconds, so a killed node is
evicted after about 4 s instead of Galera's production 5-15 s.
"""
import os
import pwd
import re
import shutil
import signal
import subprocess
import time

import sqlalchemy as sa

from tests.reliability import private_db

NODES = 3
JOIN_TIMEOUT = 90
# Debian's galera-4 (dpkg -L galera-4); /usr/lib/libgalera_smm.so is the
# same library under its older name.
PROVIDERS = ('/usr/lib/galera/libgalera_smm.so', '/usr/lib/libgalera_smm.so')
SST_METHOD = 'rsync'
# Starts of one node, each on newly drawn replication ports, before its
# group communication failing to open fails the cluster's start.
START_ATTEMPTS = 3
# What a node logs before it exits when that happens: for a port another
# process took ("98: Failed to listen: bind: Address already in use"), and
# for a start-up race of galera-4's own, seen once in CI: the group
# communication thread gone before its scheduling was read ("3: Failed to
# read thread schedparams: System error: 3 (No such process)").
GCOMM_FAILED = 'failed to open gcomm backend connection'


def provider():
    return next((path for path in PROVIDERS if os.path.exists(path)), None)


def unavailable():
    """Why a Galera cluster cannot be made here, or None if it can."""
    problems = []
    if provider() is None:
        problems.append('no Galera provider (Debian package galera-4)')
    server = private_db.unavailable('mysql')
    if server:
        problems.append(server + ' (Debian package mariadb-server)')
    for program in ('rsync', 'wsrep_sst_' + SST_METHOD):
        if shutil.which(program) is None:
            problems.append('missing: ' + program)
    if os.geteuid() == 0:
        try:
            pwd.getpwnam('mysql')   # the nodes run as it (GaleraNode)
        except KeyError:
            problems.append('running as root and there is no mysql user')
    # The SST script finds its rsync daemon's port with one of these.
    if not (shutil.which('ss') or shutil.which('lsof')):
        problems.append('missing: ss (Debian package iproute2) or lsof')
    return '; '.join(problems) or None


def _chown_tree(path, user):
    for directory, _, files in os.walk(path):
        shutil.chown(directory, user, user)
        for name in files:
            shutil.chown(os.path.join(directory, name), user, user)


class GaleraNode(private_db.PrivateMariaDB):
    """One mariadbd with the Galera provider loaded."""

    def __init__(self, name, index):
        super().__init__()
        self.name = '%s-%d' % (name, index)
        self.index = index
        self._draw_replication_ports()
        self.cluster = ()   # every node, this one too: set by PrivateGalera
        self.bootstrap = False
        self.start_position = None   # after a kill: where InnoDB stopped
        # Also given to mariadb-install-db: its log file is made this size.
        self.innodb_options = ['--innodb-buffer-pool-size=24M',
                               '--innodb-log-file-size=8M']
        if os.geteuid() == 0:
            # The SST script's rsync daemon, started as root, would write
            # as `nobody` and be refused the joiner's data directory; as
            # the mysql account (Debian's packages make it) it writes as
            # the server does.
            self.user = 'mysql'
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _draw_replication_ports(self):
        self.gcomm_port = private_db._free_port()
        self.ist_port = private_db._free_port()
        self.sst_port = private_db._free_port()

    @property
    def cluster_address(self):
        """Every node's group-communication address, as they are now (a
        node that lost a port race draws new ones, start())."""
        return 'gcomm://' + ','.join(
            '127.0.0.1:%d' % node.gcomm_port for node in self.cluster)

    def _install(self):
        # The data directory is a copy of the first node's, made by
        # PrivateGalera.start(); nothing to install.
        if self.bootstrap:
            super()._install()

    def server_options(self):
        provider_options = ';'.join([
            'gmcast.listen_addr=tcp://127.0.0.1:%d' % self.gcomm_port,
            'ist.recv_addr=127.0.0.1:%d' % self.ist_port,
            'gcache.size=16M', 'gcache.page_size=16M',
            # A killed node: suspected after 3 s of silence, evicted by
            # the other two after 4 s (production defaults: 5 s, 15 s).
            'evs.keepalive_period=PT0.5S', 'evs.suspect_timeout=PT3S',
            'evs.inactive_check_period=PT0.5S',
            'evs.inactive_timeout=PT4S',
            'gmcast.peer_timeout=PT2S', 'pc.announce_timeout=PT1S',
        ])
        options = super().server_options() + [
            '--wsrep-on=ON', '--wsrep-provider=' + provider(),
            '--wsrep-cluster-name=' + self.name.rsplit('-', 1)[0],
            '--wsrep-cluster-address=' + self.cluster_address,
            '--wsrep-node-name=' + self.name,
            '--wsrep-node-address=127.0.0.1:%d' % self.gcomm_port,
            '--wsrep-node-incoming-address=127.0.0.1:%d' % self.port,
            '--wsrep-sst-method=' + SST_METHOD,
            '--wsrep-sst-receive-address=127.0.0.1:%d' % self.sst_port,
            '--wsrep-provider-options=' + provider_options,
            '--wsrep-slave-threads=2',
            '--binlog-format=ROW', '--innodb-autoinc-lock-mode=2',
            '--default-storage-engine=InnoDB',
            '--performance-schema=OFF',
        ]
        if self.bootstrap:
            options.append('--wsrep-new-cluster')
        if self.start_position:
            options.append('--wsrep-start-position=' + self.start_position)
        return options

    def start(self):
        """Start the node; if it exits because its group communication
        could not open (another process took one of its replication ports
        since they were drawn, or Galera's own start-up race below), start
        it again on new ports (its SQL port stays: the service's URL
        holds it)."""
        for attempt in range(1, START_ATTEMPTS + 1):
            log_before = self._log_length()
            self.start_position = None
            if self._unclean():
                self.start_position = self._recover_position()
            try:
                return super().start()
            except RuntimeError:
                if attempt == START_ATTEMPTS or not self._gcomm_failed(
                        log_before):
                    raise
                if self.process.poll() is None:
                    self.kill()     # it logged the failure, did not exit
                self._draw_replication_ports()

    def _log_length(self):
        try:
            return self.log_size()
        except FileNotFoundError:
            return 0

    def _gcomm_failed(self, log_before):
        with open(self.logfile, errors='replace') as log:
            log.seek(log_before)
            return GCOMM_FAILED in log.read()

    def _unclean(self):
        """Killed, not shut down: grastate.dat says seqno -1."""
        try:
            with open(os.path.join(self.data, 'grastate.dat')) as state:
                return 'seqno:   -1' in state.read()
        except FileNotFoundError:
            return False

    def _recover_position(self):
        """The last committed write-set, read from InnoDB, as
        `mariadbd --wsrep-recover` reports it (what Debian's
        galera_recovery does before a start): without it a killed node
        would not know its position and would ask for a full SST
        instead of IST."""
        recover_log = os.path.join(self.root, 'recover.log')
        options = [option for option in self.server_options()
                   if not option.startswith('--log-error=')]
        subprocess.run(
            [private_db._mariadb_program('mariadbd'), '--no-defaults',
             *options, '--wsrep-recover', '--log-error=' + recover_log],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=private_db.COMMAND_TIMEOUT)
        with open(recover_log, errors='replace') as log:
            found = re.findall(r'WSREP: Recovered position: (\S+)',
                               log.read())
        return found[-1] if found else None

    def _wait_until_accepting(self):
        # A joiner listens for SQL only after its state transfer, and
        # answers 1047 (not ready) until it is synced: wait for both.
        deadline = time.monotonic() + JOIN_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('%s exited:\n%s' % (self.name, self.log()))
            try:
                if self.status().get('wsrep_ready') == 'ON':
                    return
            except sa.exc.DBAPIError:
                pass
            time.sleep(0.1)
        raise RuntimeError('%s did not become ready:\n%s' % (
            self.name, self.log()))

    def status(self):
        """{variable: value} of the node's wsrep status."""
        return dict(self.execute("SHOW GLOBAL STATUS LIKE 'wsrep%%'"))

    def kill(self):
        """SIGKILL by PID: no shutdown, no goodbye to the other nodes."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(private_db.COMMAND_TIMEOUT)
        self.__dict__.pop('_admin_engine', None)

    def stop(self):
        super().stop()
        engine = self.__dict__.pop('_admin_engine', None)
        if engine is not None:
            engine.dispose()

    def log_size(self):
        return os.path.getsize(self.logfile)

    def joined_by(self, since=0):
        """'SST' (a full copy), 'IST' (only the missing write-sets) or
        None: how the node last caught up with the cluster, read from its
        error log after byte `since`."""
        with open(self.logfile, errors='replace') as log:
            log.seek(since)
            text = log.read()
        if 'rsync SST completed on joiner' in text:
            return 'SST'
        if 'IST received' in text:
            return 'IST'
        return None


class PrivateGalera:
    """Three GaleraNodes forming one cluster.

    nodes[0] bootstraps; start() returns once every node reports
    wsrep_cluster_size=3 and wsrep_ready=ON.
    """

    def __init__(self, name='ml'):
        self.nodes = [GaleraNode(name, index) for index in range(NODES)]
        for node in self.nodes:
            node.cluster = self.nodes
        self.nodes[0].bootstrap = True
        self.started_in = None

    def start(self):
        """Three nodes from one founded data directory.

        The first node founds the cluster and shuts down cleanly; its data
        directory (system tables, the cluster's UUID and position in
        grastate.dat) is copied to the others, as after a clean shutdown
        of a whole cluster. The first node founds it again from that
        position and the others join holding it: they receive by IST only
        the few write-sets written since, instead of a whole snapshot
        (SST by rsync stays configured for a node that cannot use IST).
        """
        began = time.monotonic()
        first = self.nodes[0]
        # Founded once and shut down cleanly: its data directory then
        # holds the cluster's system tables and its position.
        first.start()
        first.stop()
        first.bootstrap = False
        for node in self.nodes[1:]:
            shutil.copytree(first.data, node.data, symlinks=True)
            if node.user != 'root':
                _chown_tree(node.data, node.user)
        first.bootstrap = True
        first.start()
        # It founded the cluster; a restart must join it, not found another.
        first.bootstrap = False
        # One joiner at a time: two joining together first form a
        # component of their own and merge seconds later.
        for node in self.nodes[1:]:
            node.start()
        self.wait_for_size(NODES)
        self.started_in = time.monotonic() - began
        return self

    def wait_for_size(self, size, timeout=JOIN_TIMEOUT):
        """Until every running node sees `size` members and is ready."""
        deadline = time.monotonic() + timeout
        while True:
            seen = [self._member_view(node) for node in self.running()]
            if all(view == (str(size), 'ON', 'Synced') for view in seen):
                return
            if time.monotonic() > deadline:
                raise RuntimeError('cluster of %d not formed: %s' % (
                    size, seen))
            time.sleep(0.1)

    @staticmethod
    def _member_view(node):
        try:
            status = node.status()
        except sa.exc.DBAPIError as exc:
            return str(exc.orig)
        return (status.get('wsrep_cluster_size'), status.get('wsrep_ready'),
                status.get('wsrep_local_state_comment'))

    def running(self):
        return [node for node in self.nodes
                if node.process is not None and node.process.poll() is None]

    def service_urls(self, database):
        """The service's URL of `database` on each node, in node order
        (known before the cluster starts)."""
        user = private_db.PrivateMariaDB.SERVICE_USER
        return [private_db._url(node.url.replace('root@', user + '@'),
                                database, charset='utf8mb4')
                for node in self.nodes]

    def create_database(self, name):
        """The database and its service user, made on node 0 and
        replicated (DDL and account changes run as total-order isolation);
        service_urls(name)."""
        self.nodes[0].create_database(name)
        return self.service_urls(name)

    def remove(self):
        """SIGKILL every node by PID (their data is thrown away, so a
        clean leave of the cluster would only cost seconds), then remove
        their directories."""
        for node in self.running():
            node.kill()
        for node in self.nodes:
            node.remove()
