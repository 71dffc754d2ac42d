"""Many API workers writing through three Galera nodes at once.

A private three-node MariaDB Galera cluster (private_galera.py) and one
gunicorn service per node; the clients send each call to the next service,
round robin, so the two sides of every race commit on different nodes.
There a row lock taken on one node does not block a writer on another:
conflicting transactions meet only at commit, where certification fails
one of them with a deadlock error (1213), which the service retries as a
whole (core/retry.py). The race tests of test_races.py run here unchanged,
and the invariants are checked on every node.

The services read with wsrep_sync_wait=1 (the [database] option
mysql_wsrep_sync_wait): a read waits until its node has applied every
write the cluster committed before it, so a request sent to one node sees
what the previous request committed through another.
"""
import os
import re
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import pool

from manila_locks.db import migration
from tests.functional import server as server_process
from tests.reliability import clients
from tests.reliability.conftest import Service
from tests.reliability import private_galera
from tests.reliability import service as gunicorn
# The races of test_races.py, collected here again with writers on every
# node: same bodies, this module's `service`.
from tests.reliability.test_races import (  # noqa: F401
    test_accept_races_a_lock_on_a_rule,
    test_allow_with_locks_races_share_delete_and_unrestricted_deny,
    test_lock_creation_races_every_delete_path,
    test_lock_deletion_races_deny,
    test_locks_race_share_transfers,
    test_one_transfer_offer_per_share,
    test_one_visibility_lock_per_rule,
    test_rule_locks_race_every_delete_path,
    test_transfer_accept_races_reset_status_and_a_new_offer,
)

DATABASE = 'manila_locks'
WORKERS = 2
THREADS = 4
RETRIED = re.compile(r'committed after (\d+) retr')


def _skip_or_fail(problem):
    message = 'Galera cluster impossible here (%s)' % problem
    if os.environ.get('CI'):
        pytest.fail(message + '; CI is set, so the Galera tests must run.',
                    pytrace=False)
    pytest.skip(message + '; with CI set these tests would fail.')


@pytest.fixture(scope='module')
def galera_cluster():
    problem = private_galera.unavailable()
    if problem:
        _skip_or_fail(problem)
    cluster = private_galera.PrivateGalera('ml%d' % os.getpid())
    try:
        cluster.start()
        print('galera: three nodes synced in %.1fs' % cluster.started_in)
        yield cluster
    finally:
        cluster.remove()


def _node_engine(url):
    # Reads wait for the node to apply all the cluster committed first.
    return sa.create_engine(url, poolclass=pool.NullPool, connect_args={
        'init_command': 'SET SESSION wsrep_sync_wait = 1'})


@pytest.fixture(scope='module')
def service(galera_cluster, tmp_path_factory):
    urls = galera_cluster.create_database(DATABASE)
    migration.upgrade(urls[0])
    processes = []
    engines = [_node_engine(url) for url in urls]
    try:
        for index, url in enumerate(urls):
            workdir = tmp_path_factory.mktemp('galera-api-%d' % index)
            sections = server_process.noauth_sections(
                str(workdir / 'state'), url)
            sections['database']['mysql_wsrep_sync_wait'] = 1
            sections['quota'] = {'shares': -1, 'gigabytes': -1}
            processes.append(gunicorn.GunicornService(
                workdir, sections, WORKERS, THREADS).start())
        every_node = [process.url for process in processes]
        project = uuid.uuid4().hex
        yield Service(
            processes[0], 'galera', urls[0], engines[0],
            clients.Client(every_node, 'alice', project),
            clients.Client(every_node, 'bob', project),
            clients.Client(every_node, 'admin', uuid.uuid4().hex,
                           'admin,member,reader'),
            node_engines=engines)
    finally:
        for process in processes:
            process.stop()
        for engine in engines:
            engine.dispose()
