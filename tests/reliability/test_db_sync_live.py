"""`manila-locks-manage db sync` while the service serves requests.

Operators run the sync on every deploy, often against a live service. On an
up-to-date schema it must be a no-op that neither breaks nor blocks the
service's requests, also when two syncs overlap (they serialize on the
migration lock of manila_locks/host/migration.py).
"""
import subprocess

import pytest

from manila_locks.host import migration
from tests.functional import server as server_process
from tests.reliability import clients

pytestmark = pytest.mark.parametrize('db_server', ['postgresql', 'mysql'],
                                     indirect=True)

CLIENTS = 6
SYNCS = 2
SYNC_TIMEOUT = 120


def _lock_and_unlock(client, share, tally):
    lock = client.lock(share)
    tally.add('lock', lock, {200})
    if lock.status == 200:
        tally.add('unlock', client.delete_lock(
            lock.body['resource_lock']['id']), {204})


def _sync(config_file):
    return subprocess.run(
        [server_process.console_script('manila-locks-manage'),
         '--config-file', config_file, 'db', 'sync'],
        capture_output=True, text=True, timeout=SYNC_TIMEOUT)


def test_db_sync_while_serving(service, report):
    client = service.alice
    shares = [client.create_share() for _ in range(CLIENTS)]
    tally = clients.Tally('db sync while serving [%s]' % service.backend)
    with clients.looping(_lock_and_unlock,
                         [(client, share, tally) for share in shares]):
        syncs = clients.race([lambda: _sync(service.process.config_file)
                              for _ in range(SYNCS)])
    failed = [sync for sync in syncs if sync.returncode != 0]
    report(tally.summary(syncs=len(syncs), syncs_failed=len(failed),
                         violations=len(tally.unexpected) + len(failed)))
    assert not failed, failed[0].stderr
    assert not tally.unexpected
    assert tally.total('lock', {200}) > 0
    assert migration.current_version(service.db_url) == migration.head()
