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
from concurrent import futures
import dataclasses
import os
import re
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import pool

from manila_locks.host import migration
from tests.functional import server as server_process
from tests.reliability import clients
from tests.reliability.conftest import COUNTS
from tests.reliability.conftest import Service
from tests.reliability import invariants
from tests.reliability import private_galera
from tests.reliability import service as gunicorn
from tests.reliability import test_races
from tests import summary

# The races of test_races.py, collected here again with writers on every
# node: the same bodies, given this module's `service`.
test_lock_creation_races_every_delete_path = (
    test_races.test_lock_creation_races_every_delete_path)
test_rule_locks_race_every_delete_path = (
    test_races.test_rule_locks_race_every_delete_path)
test_locks_race_share_transfers = test_races.test_locks_race_share_transfers
test_accept_races_a_lock_on_a_rule = (
    test_races.test_accept_races_a_lock_on_a_rule)
test_transfer_accept_races_reset_status_and_a_new_offer = (
    test_races.test_transfer_accept_races_reset_status_and_a_new_offer)
test_one_transfer_offer_per_share = (
    test_races.test_one_transfer_offer_per_share)
test_one_visibility_lock_per_rule = (
    test_races.test_one_visibility_lock_per_rule)
test_allow_with_locks_races_share_delete_and_unrestricted_deny = (
    test_races.test_allow_with_locks_races_share_delete_and_unrestricted_deny)
test_lock_deletion_races_deny = test_races.test_lock_deletion_races_deny

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


def _node_engine(url):
    # Reads wait for the node to apply all the cluster committed first.
    return sa.create_engine(url, poolclass=pool.NullPool, connect_args={
        'init_command': 'SET SESSION wsrep_sync_wait = 1'})


def _gunicorn(workdir, url):
    sections = server_process.noauth_sections(str(workdir / 'state'), url)
    sections['database']['mysql_wsrep_sync_wait'] = 1
    sections['quota'] = {'shares': -1, 'gigabytes': -1}
    return gunicorn.GunicornService(workdir, sections, WORKERS, THREADS)


@dataclasses.dataclass
class GaleraService(Service):
    cluster: private_galera.PrivateGalera = None
    processes: list = dataclasses.field(default_factory=list)  # per node


@pytest.fixture(scope='module')
def galera_cluster(request, tmp_path_factory):
    """The cluster, a database on it, one gunicorn per node. The services
    start while the cluster does: they touch the database only when the
    first request needs it. (Its name makes its tests one xdist group,
    tests/conftest.py's SHARED_SERVERS.)"""
    problem = private_galera.unavailable()
    if problem:
        _skip_or_fail(problem)
    cluster = private_galera.PrivateGalera('ml%d' % os.getpid())
    urls = cluster.service_urls(DATABASE)
    processes = [_gunicorn(tmp_path_factory.mktemp('galera-api-%d' % n), url)
                 for n, url in enumerate(urls)]
    engines = [_node_engine(url) for url in urls]
    try:
        with futures.ThreadPoolExecutor(len(processes)) as starter:
            started = [starter.submit(process.start)
                       for process in processes]
            cluster.start()
            summary.add_line(request.config, COUNTS,
                             'galera: three nodes synced in %.1f s'
                             % cluster.started_in)
            cluster.create_database(DATABASE)
            migration.upgrade(urls[0])
            for future in started:
                future.result()
        every_node = [process.url for process in processes]
        project = uuid.uuid4().hex
        yield GaleraService(
            processes[0], 'galera', urls[0], engines[0],
            clients.Client(every_node, 'alice', project),
            clients.Client(every_node, 'bob', project),
            clients.Client(every_node, 'admin', uuid.uuid4().hex,
                           'admin,member,reader'),
            node_engines=engines, cluster=cluster, processes=processes)
    finally:
        # Side by side: each takes seconds to let its workers go.
        with futures.ThreadPoolExecutor(len(processes)) as stopper:
            list(stopper.map(lambda process: process.stop(), processes))
        for engine in engines:
            engine.dispose()
        cluster.remove()


# Shares raced per scenario on Galera (test_races.py: 32): each round costs
# more here, and 16 are plenty to catch the write skew. With the row-lock
# writes of db/row_locks.py turned off, 16 gave 21, 57 and 54 broken
# invariant rows in the lock-vs-delete, rule-lock-vs-delete and
# allow-vs-delete-vs-deny races.
GALERA_SHARES = 16


@pytest.fixture(scope='module')
def service(galera_cluster):
    """What the race tests of test_races.py take: here, the cluster's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(test_races, 'SHARES', GALERA_SHARES)
        yield galera_cluster


def _log_lines(process, since):
    with open(process.log_path, errors='replace') as log:
        log.seek(since)
        return log.read().splitlines()


@pytest.fixture(autouse=True)
def retries_logged(service, report):
    """After each test: the transactions the services retried, as their
    logs say (core/retry.py), on all three nodes."""
    starts = [os.path.getsize(p.log_path) for p in service.processes]
    yield
    lines = [line for process, start in zip(service.processes, starts)
             for line in _log_lines(process, start)]
    retried = [int(found.group(1)) for found in map(RETRIED.search, lines)
               if found]
    gave_up = sum('gave up after' in line for line in lines)
    report('certification retries: transactions retried=%d retries=%d '
           'most for one=%d gave up=%d' % (
               len(retried), sum(retried), max(retried, default=0),
               gave_up))


KILLED = 2           # the node killed and brought back
PER_NODE = 2         # writing clients on each node's service


def _allow(client, share, replies):
    """One allow_access with locks (a rule, its two locks and a
    companion on the share: four rows); the reply is recorded."""
    replies.append(client.allow(
        share, '10.6.%d.%d' % divmod(len(replies), 250), True, True))


def _writers(service):
    """[(node, client, share, replies)]: PER_NODE clients per node's
    service, each allowing rules on a share of its own."""
    project = service.alice.project
    writers = []
    for node, process in enumerate(service.processes):
        client = clients.Client(process.url, 'alice', project)
        for _ in range(PER_NODE):
            writers.append((node, client, service.alice.create_share(), []))
    return writers


def _replies(writers, node=None, after=None):
    return [reply for n, _, _, replies in writers
            for reply in replies[(after or {}).get(id(replies), 0):]
            if node is None or n == node]


def test_node_killed_under_load_loses_nothing_and_rejoins(service, report):
    """SIGKILL one node while clients write through all three: the two
    others keep answering 200 (after at most a pause while they evict
    it), the dead node's service answers 503, never 500; every rule
    answered 200 is on every node once the killed node is back, which it
    is by IST (only the write-sets it missed), and every invariant holds
    on every node."""
    cluster, victim = service.cluster, service.cluster.nodes[KILLED]
    writers = _writers(service)
    total = lambda node=None: len(_replies(writers, node))  # noqa: E731
    with clients.looping(_allow, [(client, share, replies) for
                                  _, client, share, replies in writers]):
        gunicorn.wait_for(lambda: total() >= 2 * len(writers), 60,
                          'writes through every node')
        log_mark = victim.log_size()
        victim.kill()
        at_kill = {id(replies): len(replies) for *_, replies in writers}
        survivors_then = total(0) + total(1)
        gunicorn.wait_for(
            lambda: total(0) + total(1) >= survivors_then + 4 * len(writers)
            and sum(r.status == 503 for r in _replies(
                writers, KILLED)) >= 3, 60,
            'writes through the survivors, 503s from the dead node')
    after_kill = _replies(writers, after=at_kill)
    began = time.monotonic()
    victim.start()
    cluster.wait_for_size(private_galera.NODES)
    rejoined_in = time.monotonic() - began
    joined_by = victim.joined_by(since=log_mark)
    # The dead node's service heals itself: its pool reconnects.
    back = [client.allow(share, '10.5.0.%d' % n, True, True)
            for n, (node, client, share, _) in enumerate(writers)
            if node == KILLED]

    replies = _replies(writers) + back
    shares = [share for _, _, share, _ in writers]
    survivors = [r for r in _replies(writers, 0) + _replies(writers, 1)]
    dead = _replies(writers, KILLED)
    unexpected = [r for r in replies if r.status not in (200, 503)]
    survivors_failed = [r for r in survivors if r.status != 200]
    granted = {r.body['access']['id'] for r in replies if r.status == 200}
    lost, broken = {}, {}
    for node, engine in enumerate(service.engines):
        with engine.connect() as connection:
            stored = {row[0] for row in connection.execute(sa.text(
                "SELECT id FROM share_access_rules WHERE deleted = 'False' "
                "AND share_id IN :shares").bindparams(sa.bindparam(
                    'shares', expanding=True)), {'shares': shares})}
            found = invariants.check_all(connection)
            found['locked rules missing locks'] = (
                invariants.locked_rules_missing_locks(connection, stored))
        lost[node] = granted - stored
        broken.update(('%s (node %d)' % (name, node), rows)
                      for name, rows in found.items() if rows)
    report('node %d killed: requests=%d 200=%d 503=%d other=%d; '
           'after the kill: survivors 200=%d/%d, dead node 503=%d/%d; '
           'rejoined by %s in %.1fs; back on it 200=%d/%d; '
           'committed lost=%d; violations=%d' % (
               KILLED, len(replies), sum(r.status == 200 for r in replies),
               sum(r.status == 503 for r in replies), len(unexpected),
               sum(r.status == 200 for r in after_kill if r in survivors),
               sum(1 for r in after_kill if r in survivors),
               sum(r.status == 503 for r in after_kill if r in dead),
               sum(1 for r in after_kill if r in dead), joined_by,
               rejoined_in, sum(r.status == 200 for r in back), len(back),
               sum(map(len, lost.values())),
               len(unexpected) + sum(map(len, broken.values()))))
    assert not unexpected
    assert not survivors_failed
    assert any(r.status == 503 for r in dead)
    for reply in dead:
        assert reply.status == 200 or set(reply.body) == {
            'serviceUnavailable'}, reply
    assert all(reply.status == 200 for reply in back), back
    assert not any(lost.values()), lost
    assert not broken
    assert joined_by == 'IST'
