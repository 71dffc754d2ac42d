"""Races across gunicorn worker processes on one PostgreSQL or MariaDB.

Where the guarantees come from (each test's docstring says which it leans
on):
- Row locks: every delete path, allow_access, deny_access and lock
  creation take the share's row lock first (SELECT ... FOR UPDATE in
  shares_db.get_for_update), so "check the locks, then act" and "check the
  share, then lock it" cannot interleave on one share.
- READ COMMITTED (PostgreSQL's default; set per connection on MariaDB in
  manila_locks/db/api.py): the statements that run after a row lock was
  granted see what the previous holder committed, not an older snapshot.
  On these paths the row lock is each transaction's first statement, so
  even InnoDB's REPEATABLE READ would take its snapshot after the wait:
  these tests pass without it (checked), and fail without the row locks.
- A unique constraint (resource_locks.visibility_guard): at most one live
  visibility lock per rule, whoever wins the insert race. Likewise a
  unique index on share_transfers (resource_id, deleted): at most one live
  offer per share.
- oslo.db's deadlock retry (core/retry.py) for lock-order inversions;
  a request that still loses answers 409, never 500.
- On Galera (test_galera.py runs these bodies with writers on three nodes)
  a row lock holds only on its node: every row locked for update is also
  written there (db/row_locks.py), so certification fails one of two
  conflicting commits, and the retry above runs it again.

Each test prints its counts (also in the terminal summary) and fails on any
unexpected status (so on every 5xx) and on any violated invariant.
"""
import uuid

import pytest

from tests.reliability import clients
from tests.reliability import invariants

pytestmark = pytest.mark.parametrize('db_server', ['postgresql', 'mysql'],
                                     indirect=True)

SHARES = 32
BATCH = 8            # shares raced at once: 2 threads each
VOTERS = 16          # clients racing for one visibility lock or offer
RACED_TARGETS = 3    # rules or shares, each raced for by VOTERS requests
LOCK_REFUSED = {400, 404, 409}   # share gone / soft-deleted / busy


def _delete_paths(service):
    """The four ways a share goes away, each one HTTP call."""
    alice, admin = service.alice, service.admin
    return {
        'delete': lambda share: alice.delete_share(share),
        'soft_delete': lambda share: alice.action(share, 'soft_delete'),
        'unmanage': lambda share: admin.action(share, 'unmanage'),
        'force_delete': lambda share: admin.action(share, 'force_delete'),
    }


def _broken_invariants(service, rule_ids=()):
    """{invariant: offending rows} of those that do not hold, checked on
    every database node the service writes through (three on Galera)."""
    broken = {}
    for node, engine in enumerate(service.engines):
        with engine.connect() as connection:
            found = invariants.check_all(connection)
            found['locked rules missing locks'] = (
                invariants.locked_rules_missing_locks(connection, rule_ids))
        where = ' (node %d)' % node if len(service.engines) > 1 else ''
        broken.update((name + where, rows) for name, rows in found.items()
                      if rows)
    return broken


def _violations(tally, broken, *more):
    return (len(tally.unexpected) + sum(map(len, broken.values())) +
            sum(map(len, more)))


def _rule_id(reply):
    assert reply.status == 200, reply
    return reply.body['access']['id']


def _access_to():
    """A fresh IPv4 address, so rules of different tests never clash."""
    raw = uuid.uuid4().bytes
    return '10.%d.%d.%d' % (raw[0], raw[1], raw[2])


def test_lock_creation_races_every_delete_path(service, report):
    """Lock creation and deletion both start with the share's row lock;
    whichever gets it second sees the first one's commit (READ COMMITTED):
    a deleted or soft-deleted share takes no lock, a locked share is not
    deleted. Exactly one of each pair wins."""
    paths = _delete_paths(service)
    names = sorted(paths)
    shares = [service.alice.create_share() for _ in range(SHARES)]
    tally = clients.Tally('lock vs delete [%s]' % service.backend)
    won_locks, deleted, both_or_neither = [], [], []
    for start in range(0, SHARES, BATCH):
        batch = shares[start:start + BATCH]
        calls = []
        for n, share in enumerate(batch):
            path = names[(start + n) % len(names)]
            calls.append(lambda s=share: service.alice.lock(s))
            calls.append(lambda s=share, p=path: paths[p](s))
        replies = clients.race(calls)
        for n, share in enumerate(batch):
            lock, removal = replies[2 * n], replies[2 * n + 1]
            path = names[(start + n) % len(names)]
            tally.add('lock', lock, {200} | LOCK_REFUSED)
            tally.add(path, removal, {202, 403})
            if lock.status == 200:
                won_locks.append(lock.body['resource_lock']['id'])
            if removal.status == 202:
                deleted.append(share)
            if (lock.status == 200) == (removal.status == 202):
                both_or_neither.append((share, lock.status, removal.status))

    with service.connect() as connection:
        lost_locks = set(won_locks) - invariants.live_lock_ids(
            connection, won_locks)
        undeleted = set(deleted) - invariants.gone_share_ids(
            connection, deleted)
    broken = _broken_invariants(service)
    violations = _violations(tally, broken, lost_locks, undeleted,
                             both_or_neither)
    report(tally.summary(locks_won=len(won_locks), shares_gone=len(deleted),
                         violations=violations))
    assert not tally.unexpected
    assert not broken
    assert not lost_locks and not undeleted
    assert not both_or_neither


def _rule_lock_by(way, client, rule_id):
    """A deletion lock on the rule, placed through POST /resource-locks or
    by turning a visibility lock into one with PUT."""
    if way == 'post':
        return client.lock(rule_id, 'access_rule', 'delete')
    reply = client.lock(rule_id, 'access_rule', 'show')
    if reply.status != 200:
        return reply
    return client.call('PUT', '/resource-locks/%s'
                       % reply.body['resource_lock']['id'],
                       {'resource_lock': {'resource_action': 'delete'}})


def test_rule_locks_race_every_delete_path(service, report):
    """A deletion lock on a rule guards its share, whichever way it was
    placed: the lock (POST, or PUT of a visibility lock) row-locks the
    share before the rule, like every removal path, and the removal reads
    every lock in the share after its row lock. Either the lock is placed
    and the share stays, or the share goes and the lock is refused."""
    paths = _delete_paths(service)
    names = sorted(paths)
    shares = [service.alice.create_share() for _ in range(SHARES)]
    rules = [_rule_id(service.alice.allow(share, _access_to()))
             for share in shares]
    tally = clients.Tally('rule lock vs delete [%s]' % service.backend)
    both_or_neither, locked_but_gone, deleted = [], [], []
    for start in range(0, SHARES, BATCH):
        calls, cases = [], []
        for n in range(start, min(start + BATCH, SHARES)):
            path, way = names[n % len(names)], ('post', 'put')[n // 4 % 2]
            cases.append((shares[n], path, way))
            calls.append(lambda r=rules[n], w=way: _rule_lock_by(
                w, service.alice, r))
            calls.append(lambda s=shares[n], p=path: paths[p](s))
        replies = clients.race(calls)
        for (share, path, way), lock, removal in zip(
                cases, replies[::2], replies[1::2]):
            tally.add('lock rule (%s)' % way, lock, {200} | LOCK_REFUSED)
            tally.add(path, removal, {202, 403})
            if removal.status == 202:
                deleted.append(share)
            if (lock.status == 200) == (removal.status == 202):
                both_or_neither.append((share, lock.status, removal.status))
    with service.connect() as connection:
        gone = invariants.gone_share_ids(connection, shares)
        locked_but_gone = sorted(gone - set(deleted))
    broken = _broken_invariants(service)
    violations = _violations(tally, broken, both_or_neither,
                             locked_but_gone)
    report(tally.summary(shares_gone=len(deleted), violations=violations))
    assert not tally.unexpected
    assert not broken
    assert not both_or_neither and not locked_but_gone


def test_locks_race_share_transfers(service, report):
    """Transfer creation takes the share's row lock, then refuses if the
    share or one of its rules holds a lock; lock creation and allow_access
    take the same row lock, then refuse a share awaiting_transfer. So for
    each share either the lock (or locked rule) lands and the offer is
    refused, or the offer lands and the lock is refused: never both."""
    tally = clients.Tally('lock vs transfer [%s]' % service.backend)
    alice = service.alice
    shares = [alice.create_share() for _ in range(SHARES)]
    both_or_neither = []
    for start in range(0, SHARES, BATCH):
        batch = shares[start:start + BATCH]
        calls = []
        for n, share in enumerate(batch):
            if n % 2:
                calls.append(lambda s=share: alice.lock(s))
            else:
                calls.append(lambda s=share: alice.allow(
                    s, _access_to(), lock_deletion=True,
                    lock_visibility=True))
            calls.append(lambda s=share: alice.offer(s))
        replies = clients.race(calls)
        for n, share in enumerate(batch):
            locking, offer = replies[2 * n], replies[2 * n + 1]
            what = 'allow+locks' if n % 2 == 0 else 'lock'
            # A share on offer: 409 for a lock, 400 for a new rule.
            tally.add(what, locking, {200, 400, 409})
            tally.add('offer', offer, {202, 403})
            if (locking.status == 200) == (offer.status == 202):
                both_or_neither.append((share, locking.status, offer.status))
    broken = _broken_invariants(service)
    violations = _violations(tally, broken, both_or_neither)
    report(tally.summary(offers_won=tally.total('offer', {202}),
                         violations=violations))
    assert not tally.unexpected
    assert not broken
    assert not both_or_neither


def test_accept_races_a_lock_on_a_rule(service, report):
    """A lock on a rule takes the share's row lock before the rule's, and
    re-reads the share under it; accepting a transfer holds the same row
    lock while it moves the share. Before the accept the share is on offer
    and its rules take no lock (409); after it the share belongs to
    another project and the old project's request finds no rule it may see
    (400). Every accept succeeds; no lock of one project ever lands on a
    rule that moved to another."""
    tally = clients.Tally('accept vs rule lock [%s]' % service.backend)
    alice, admin = service.alice, service.admin
    for start in range(0, SHARES // 2, BATCH):
        offers = []
        for _ in range(BATCH):
            share = alice.create_share()
            rule = _rule_id(alice.allow(share, _access_to()))
            offer = alice.offer(share)
            assert offer.status == 202, offer
            offers.append((rule, offer.body['transfer']))
        calls = []
        for rule, transfer in offers:
            calls.append(lambda r=rule: alice.lock(r, 'access_rule', 'show'))
            calls.append(lambda t=transfer: admin.accept(t['id'],
                                                         t['auth_key']))
        replies = clients.race(calls)
        for n, (rule, transfer) in enumerate(offers):
            lock, accepted = replies[2 * n], replies[2 * n + 1]
            tally.add('rule lock', lock, {400, 409})
            tally.add('accept', accepted, {202})
    broken = _broken_invariants(service)
    violations = _violations(tally, broken)
    report(tally.summary(accepts_won=tally.total('accept', {202}),
                         violations=violations))
    assert not tally.unexpected
    assert not broken


def _another_project(service):
    return clients.Client(service.alice.base_urls, 'eve', uuid.uuid4().hex)


def test_transfer_accept_races_reset_status_and_a_new_offer(service, report):
    """Accepting an offer, an administrator's reset_status and a new offer
    of the same share each take the share's row lock first. reset_status
    ends the open offer in its transaction, so an accept after it finds no
    offer (400); a new offer needs the share available in the offering
    project, so it lands only after the reset and before any accept. So the
    old offer and the new one never both succeed, and the share is in the
    accepting project exactly when the accept succeeded."""
    tally = clients.Tally('accept vs reset_status vs offer [%s]'
                          % service.backend)
    alice, admin = service.alice, service.admin
    eve = _another_project(service)
    both, outcomes = [], []
    for _ in range(SHARES // BATCH):
        offers = []
        for _ in range(BATCH):
            share = alice.create_share()
            reply = alice.offer(share)
            assert reply.status == 202, reply
            offers.append((share, reply.body['transfer']))
        calls = []
        for share, transfer in offers:
            calls += [lambda t=transfer: eve.accept(t['id'], t['auth_key']),
                      lambda s=share: admin.action(s, 'reset_status',
                                                   {'status': 'available'}),
                      lambda s=share: alice.offer(s)]
        replies = clients.race(calls)
        for (share, _), (accept, reset, again) in zip(
                offers, zip(*[iter(replies)] * 3)):
            tally.add('accept', accept, {202, 400})
            tally.add('reset_status', reset, {202})
            tally.add('offer again', again, {202, 400})
            if accept.status == 202 and again.status == 202:
                both.append(share)
            outcomes.append((share, accept.status == 202))
    with service.connect() as connection:
        owners = invariants.share_projects(connection,
                                           [s for s, _ in outcomes])
    misplaced = [share for share, accepted in outcomes
                 if owners[share] != (eve if accepted else alice).project]
    broken = _broken_invariants(service)
    violations = _violations(tally, broken, both, misplaced)
    report(tally.summary(accepts_won=tally.total('accept', {202}),
                         offers_again=tally.total('offer again', {202}),
                         violations=violations))
    assert not tally.unexpected
    assert not broken
    assert not both and not misplaced


def _exactly_one_wins(service, report, title, what, target, attempt,
                      won, lost):
    """RACED_TARGETS times: a new target(), then VOTERS requests of alice
    and bob at once, attempt(client, target); exactly one answers `won`,
    the others one of `lost`."""
    tally = clients.Tally('%s [%s]' % (title, service.backend))
    winners = []
    for _ in range(RACED_TARGETS):
        made = target()
        replies = clients.race([
            lambda c=client: attempt(c, made)
            for client in [service.alice, service.bob] * (VOTERS // 2)])
        for reply in replies:
            tally.add(what, reply, {won} | lost)
        winners.append(sum(reply.status == won for reply in replies))
    wrong = [n for n in winners if n != 1]
    broken = _broken_invariants(service)
    report(tally.summary(targets=RACED_TARGETS, winners_per_target=winners,
                         violations=_violations(tally, broken, wrong)))
    assert not tally.unexpected
    assert not wrong
    assert not broken


def test_one_transfer_offer_per_share(service, report):
    """Offers take the share's row lock and want it available; the unique
    index on (resource_id, deleted) would refuse a second live offer even
    if two inserts ran side by side. One offer lands per share."""
    _exactly_one_wins(service, report, 'offer race', 'offer',
                      service.alice.create_share,
                      lambda client, share: client.offer(share), 202, {400})


def test_one_visibility_lock_per_rule(service, report):
    """Lock creation on a rule takes the rule's row lock, and the unique
    constraint on resource_locks.visibility_guard refuses a second live
    visibility lock even if two inserts were to run side by side."""
    def rule():
        share = service.alice.create_share()
        return _rule_id(service.alice.allow(share, _access_to()))
    _exactly_one_wins(service, report, 'visibility lock race', 'lock show',
                      rule, lambda client, rule_id: client.lock(
                          rule_id, 'access_rule', 'show'), 200, {409})


def _locked_allow(client, share):
    return client.allow(share, _access_to(), lock_deletion=True,
                        lock_visibility=True)


def test_allow_with_locks_races_share_delete_and_unrestricted_deny(
        service, report):
    """allow_access inserts the rule and its locks (deletion, companion on
    the share, visibility) in the transaction that holds the share's row
    lock; share deletion and deny_access take that row lock first too. So
    a rule never lives without its locks, and a companion never outlives
    its parent."""
    alice = service.alice
    tally = clients.Tally('allow+locks vs delete vs deny [%s]'
                          % service.backend)
    rule_ids = []
    for _ in range(SHARES // BATCH):
        shares = [alice.create_share() for _ in range(BATCH // 2)]
        old_rules = [_rule_id(_locked_allow(alice, s)) for s in shares]
        rule_ids += old_rules
        calls = []
        for share, old in zip(shares, old_rules):
            calls += [lambda s=share: _locked_allow(alice, s),
                      lambda s=share: alice.delete_share(s),
                      lambda s=share, r=old: alice.deny(s, r, True)]
        replies = clients.race(calls)
        for allow, delete, deny in zip(*[iter(replies)] * 3):
            tally.add('allow', allow, {200, 404})
            tally.add('delete', delete, {202, 403})
            # Only the deny frees the share (it removes the old rule's
            # companion lock), so it always comes first and succeeds; a
            # share deleted between its commit and its apply step once
            # made it answer 404 for a deny that had happened.
            tally.add('deny', deny, {202})
            if allow.status == 200:
                rule_ids.append(allow.body['access']['id'])
    broken = _broken_invariants(service, rule_ids)
    report(tally.summary(locked_rules=len(rule_ids),
                         violations=_violations(tally, broken)))
    assert not tally.unexpected
    assert not broken


def _deletion_lock(client, rule_id):
    reply = client.call('GET', '/resource-locks?resource_id=%s' % rule_id)
    assert reply.status == 200, reply
    [lock] = reply.body['resource_locks']
    return lock['id']


def test_lock_deletion_races_deny(service, report):
    """Lock deletion row-locks the lock, deny_access row-locks the share
    and then the rule and reads the rule's locks after both: a plain deny
    succeeds only if the lock was removed first, and an unrestricted deny
    and a lock deletion never leave a lock (or companion) behind."""
    alice = service.alice
    tally = clients.Tally('lock delete vs deny [%s]' % service.backend)
    out_of_order = []
    for _ in range(SHARES // BATCH):
        cases = []
        for n in range(BATCH):
            share = alice.create_share()
            rule = _rule_id(alice.allow(share, _access_to(),
                                        lock_deletion=True))
            cases.append((share, rule, _deletion_lock(alice, rule),
                          bool(n % 2)))
        calls = []
        for share, rule, lock, unrestrict in cases:
            calls += [lambda lock_id=lock: alice.delete_lock(lock_id),
                      lambda s=share, r=rule, u=unrestrict:
                          alice.deny(s, r, u)]
        replies = clients.race(calls)
        for (share, rule, lock, unrestrict), unlock, deny in zip(
                cases, replies[::2], replies[1::2]):
            tally.add('delete lock', unlock,
                      {204, 404} if unrestrict else {204})
            tally.add('deny' + (' unrestrict' if unrestrict else ''), deny,
                      {202} if unrestrict else {202, 403})
            if deny.status == 202 and not unrestrict and unlock.status != 204:
                out_of_order.append((rule, lock))
    broken = _broken_invariants(service)
    report(tally.summary(violations=_violations(tally, broken,
                                                out_of_order)))
    assert not tally.unexpected
    assert not out_of_order
    assert not broken
