"""Races between placing locks and deleting shares, on every backend.

Threads, each with its own RequestContext and so its own transaction, start
together behind a barrier. Whatever the interleaving, a lock that was
placed must still be live on a live share afterwards (no share is deleted
under a lock), and of several visibility locks raced onto one rule exactly
one lands.
"""
import collections
import threading
import traceback
import uuid

from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import exception
from manila_locks.core import lifetime
from manila_locks.core import locks
from manila_locks.core import models
from manila_locks.core import retention
from manila_locks.core import retry
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host.db import access_rules as access_db
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import lock_lookup
from manila_locks.host import models as host_models
from manila_locks.host import share_service
from manila_locks import policy

ROUNDS = 30
THREADS = 8
RULES = 5
JOIN_TIMEOUT = 120


class NullDriver:
    def create_share(self, share):
        return '/exports/share-%s' % share.id

    def delete_share(self, share):
        pass


@pytest.fixture(autouse=True)
def _policy(tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)


def _ctx(n):
    return ml_context.RequestContext(user_id='user%d' % n, project_id='p1',
                                     roles=['member', 'reader'])


def _create_shares(count):
    context = _ctx(0)
    type_id = types_db.get_by_name_or_id(context, 'default').id
    return [share_service.create(context, NullDriver(), {
        'display_name': 'race-%d' % n, 'size': 1, 'share_proto': 'NFS',
        'share_type_id': type_id, 'is_public': False}, {}).id
        for n in range(count)]


def _first_finisher(threads_first):
    """A head start for the threads `threads_first`: the others wait until
    one of them has finished its work."""
    return (set(threads_first), threading.Event())


def _race(work, head_start=None):
    """Run work(n) for n in range(THREADS), started together (or, with a
    head start, the others once one favoured thread has finished); the
    results per thread."""
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS
    favoured, finished = head_start or (set(range(THREADS)), None)

    def run(n):
        barrier.wait()
        if finished is not None and n not in favoured:
            finished.wait(JOIN_TIMEOUT)
        try:
            results[n] = work(n)
        except Exception:       # reported, so the test fails
            results[n] = ('error', traceback.format_exc())
        if finished is not None and n in favoured:
            finished.set()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), 'hung'
    return results


# What a refusal looks like on each side; anything else is an error.
REFUSALS = {
    exception.LockedResourceNotFound: 'resource gone',
    exception.ResourceSoftDeleted: 'share in recycle bin',
    exception.ResourceLocked: 'locked',
    access_db.AccessRuleNotFound: 'rule gone',
    shares_db.ShareNotFound: 'share gone',
    share_service.ShareSoftDeleted: 'share in recycle bin',
}


def _lock(context, share_id, placed):
    lock = locks.create(context, lock_lookup.HostLookup(), 'share', share_id)
    placed.append((lock.id, share_id))


def _delete(context, share_id, placed):
    share_service.delete(context, NullDriver(), share_id)


def _soft_delete(context, share_id, placed):
    share_service.soft_delete(context, share_id, 3600)


# Thread n runs ROLES[n]: five lockers against two deleters and a soft
# deleter.
ROLES = [_lock] * 5 + [_delete, _delete, _soft_delete]


def _lock_or_delete(share_id, placed):
    def work(n):
        role = ROLES[n]
        what = role.__name__.strip('_')
        try:
            role(_ctx(n), share_id, placed)
        except tuple(REFUSALS) as error:
            return (what, 'refused: ' + REFUSALS[type(error)])
        return (what, 'done')
    return work


def _states(db):
    with db.engine.connect() as connection:
        lock_state = dict(connection.execute(sa.select(
            models.ResourceLock.id, models.ResourceLock.deleted)).all())
        share_state = {row.id: (row.deleted != base.LIVE, row.is_soft_deleted)
                       for row in connection.execute(sa.select(
                           host_models.Share.id, host_models.Share.deleted,
                           host_models.Share.is_soft_deleted))}
    return lock_state, share_state


def test_lock_creation_against_share_deletion(db):
    placed = []
    tally = collections.Counter()
    lockers = [n for n, role in enumerate(ROLES) if role is _lock]
    others = [n for n in range(THREADS) if n not in lockers]
    for round_no, share_id in enumerate(_create_shares(ROUNDS)):
        # Mostly a free-for-all; every third round one side gets a head
        # start, in turn, so each outcome happens whoever the scheduler
        # favours.
        head_start = {1: lockers, 2: others}.get(round_no % 3)
        tally.update(_race(_lock_or_delete(share_id, placed),
                           head_start and _first_finisher(head_start)))

    errors = [detail for what, detail in tally if what == 'error']
    lock_state, share_state = _states(db)
    # A placed lock that is no longer live was swept away by a delete.
    lost_locks = [lock_id for lock_id, _ in placed
                  if lock_state[lock_id] != base.LIVE]
    locks_on_removed_shares = [
        lock_id for lock_id, share_id in placed
        if lock_state[lock_id] == base.LIVE and any(share_state[share_id])]
    deleted = [share_id for share_id, (gone, _) in share_state.items()
               if gone]

    print('\n%s: %d attempts; %s; violations=%d' % (
        db.name, sum(tally.values()),
        ', '.join('%s %s: %d' % (what, outcome, count)
                  for (what, outcome), count in sorted(tally.items())
                  if what != 'error'),
        len(lost_locks) + len(locks_on_removed_shares)))
    assert errors == [], errors[0]
    assert lost_locks == []
    assert locks_on_removed_shares == []
    # The race was real: each side won sometimes.
    assert tally[('lock', 'done')] > 0
    assert tally[('delete', 'done')] == len(deleted) > 0


def _add_rule(share_id):
    rule_id = str(uuid.uuid4())
    context = _ctx(0)
    with db_api.writer.using(context):
        context.session.add(host_models.AccessRule(
            id=rule_id, share_id=share_id, project_id='p1',
            user_id='user0', access_type='ip', access_to='10.0.0.%d' % (
                len(rule_id) % 250), access_level='rw', state='active'))
    return rule_id


@retry.on_deadlock
@db_api.writer
def _lock_rule(context, rule_id, share_id, placed):
    """A deletion lock on the rule, which brings its companion on the
    share (both in this transaction)."""
    parent = locks.create(context, lock_lookup.HostLookup(), 'access_rule',
                          rule_id)
    with db_api.reader.using(context):
        companions = [lock for lock in store.live_locks(context, [share_id])
                      if lock.parent_lock_id == parent.id]
    assert len(companions) == 1
    placed.extend([(parent.id, share_id), (companions[0].id, share_id)])


def _lock_rule_or_delete(rule_id, share_id, placed):
    def work(n):
        try:
            if n < 5:
                _lock_rule(_ctx(n), rule_id, share_id, placed)
                return ('lock rule', 'done')
            share_service.delete(_ctx(n), NullDriver(), share_id)
            return ('delete', 'done')
        except tuple(REFUSALS) as error:
            return ('lock rule' if n < 5 else 'delete',
                    'refused: ' + REFUSALS[type(error)])
    return work


def test_rule_locks_against_share_deletion(db):
    # Rule locks take the share's row lock too, in the same order as share
    # deletion (share, then rules): no deadlock reaches either side.
    placed = []
    tally = collections.Counter()
    for round_no, share_id in enumerate(_create_shares(ROUNDS // 2)):
        rule_id = _add_rule(share_id)
        work = _lock_rule_or_delete(rule_id, share_id, placed)
        # Most rounds are a free-for-all; every third round one side gets
        # a head start, in turn (its threads start once one of them has
        # finished), so both outcomes are seen whichever side the
        # scheduler favours. (A delete first tries the quick refusal, a
        # transaction of its own, so it rarely wins a free-for-all on
        # SQLite, where every transaction waits for the one before.)
        head_start = {1: range(5), 2: range(5, THREADS)}.get(round_no % 3)
        head_start = head_start and _first_finisher(head_start)
        tally.update(_race(work, head_start))
    errors = [detail for what, detail in tally if what == 'error']
    lock_state, share_state = _states(db)
    broken = [lock_id for lock_id, share_id in placed
              if lock_state[lock_id] != base.LIVE
              or any(share_state[share_id])]
    print('\n%s: %s; violations=%d' % (db.name, dict(
        (k, v) for k, v in tally.items() if k[0] != 'error'), len(broken)))
    assert errors == [], errors[0]
    assert broken == []
    assert tally[('lock rule', 'done')] > 0
    assert tally[('delete', 'done')] > 0


def _visibility_lock(rule_id):
    lookup = lock_lookup.HostLookup()

    def work(n):
        try:
            locks.create(_ctx(n), lookup, 'access_rule', rule_id, 'show')
        except exception.VisibilityLockExists:
            return 'exists'
        except Exception:
            return traceback.format_exc()
        return 'placed'
    return work


def test_one_visibility_lock_per_rule(db):
    share_id = _create_shares(1)[0]
    tally = collections.Counter()
    for _ in range(RULES):
        rule_id = _add_rule(share_id)
        outcomes = _race(_visibility_lock(rule_id))
        tally.update(outcomes)
        assert sorted(outcomes) == ['exists'] * (THREADS - 1) + ['placed'], (
            outcomes)
    with db.engine.connect() as connection:
        live = connection.execute(sa.select(
            models.ResourceLock.resource_id, sa.func.count()).where(
            models.ResourceLock.deleted == base.LIVE).group_by(
            models.ResourceLock.resource_id)).all()
    print('\n%s: %d visibility-lock attempts on %d rules; %s' % (
        db.name, sum(tally.values()), RULES, dict(tally)))
    assert sorted(count for _, count in live) == [1] * RULES


# -- locks with a lifetime ------------------------------------------------

# Thread n: three make the lock compliance, three delete the lock, two
# delete its share; all as the lock's own user.
LIFETIME_ROLES = ['comply'] * 3 + ['remove lock'] * 3 + ['delete share'] * 2
LIFETIME_REFUSALS = dict(REFUSALS)
LIFETIME_REFUSALS.update({retention.LockRetained: 'retained',
                          exception.ResourceLockNotFound: 'lock gone'})


def _comply_remove_or_delete(lock_id, share_id):
    lookup = lock_lookup.HostLookup()

    def work(n):
        role = LIFETIME_ROLES[n]
        try:
            if role == 'comply':
                lifetime.set_retention(_ctx(0), lookup, lock_id,
                                       duration=3600, mode='compliance')
            elif role == 'remove lock':
                locks.delete(_ctx(0), lock_id)
            else:
                share_service.delete(_ctx(0), NullDriver(), share_id)
        except tuple(LIFETIME_REFUSALS) as error:
            return (role, 'refused: ' + LIFETIME_REFUSALS[type(error)])
        return (role, 'done')
    return work


def test_compliance_against_lock_removal_and_share_deletion(db):
    """Whatever the interleaving, the outcome is one of a serial order:
    a lock that became compliance was not removed afterwards (removed
    first, it could not become compliance), and its share stays."""
    tally = collections.Counter()
    violations = []
    for round_no, share_id in enumerate(_create_shares(ROUNDS // 3)):
        lock = locks.create(_ctx(0), lock_lookup.HostLookup(), 'share',
                            share_id)
        lifetime.set_retention(_ctx(0), lock_lookup.HostLookup(), lock.id,
                               duration=3600)
        favoured = {0: None, 1: range(3), 2: range(3, 6)}[round_no % 3]
        outcomes = _race(_comply_remove_or_delete(lock.id, share_id),
                         favoured and _first_finisher(favoured))
        tally.update(outcomes)
        done = {role for role, outcome in outcomes if outcome == 'done'}
        lock_state, share_state = _states(db)
        lock_live = lock_state[lock.id] == base.LIVE
        if ('comply' in done) == ('remove lock' in done):
            violations.append((round_no, 'comply xor remove', outcomes))
        if lock_live != ('remove lock' not in done):
            violations.append((round_no, 'lock state', outcomes))
        if ('delete share' in done) != any(share_state[share_id]):
            violations.append((round_no, 'share state', outcomes))
        if lock_live and any(share_state[share_id]):
            violations.append((round_no, 'lock on a gone share', outcomes))
    errors = [detail for what, detail in tally if what == 'error']
    print('\n%s: %s; violations=%d' % (db.name, dict(
        (k, v) for k, v in tally.items() if k[0] != 'error'),
        len(violations)))
    assert errors == [], errors[0]
    assert violations == []
    assert tally[('comply', 'done')] > 0
    assert tally[('remove lock', 'done')] > 0


# -- deadlocks are retried, or answered with 409, never a 500 ---------------

def _deadlocking(times):
    calls = []

    @retry.on_deadlock
    @db_api.writer
    def write(context):
        calls.append(1)
        if len(calls) <= times:
            raise db_exc.DBDeadlock()
        return 'done'
    return write, calls


def test_deadlock_victim_is_retried(db):
    write, calls = _deadlocking(2)
    assert write(_ctx(0)) == 'done'
    assert len(calls) == 3


def test_retries_give_up_with_a_conflict(db):
    write, calls = _deadlocking(retry.MAX_RETRIES + 1)
    with pytest.raises(retry.Busy) as caught:
        write(_ctx(0))
    assert isinstance(caught.value, exception.Conflict)
    assert len(calls) == retry.MAX_RETRIES + 1


def test_nested_call_leaves_the_retry_to_the_outer_transaction(db):
    write, calls = _deadlocking(1)
    context = _ctx(0)
    with pytest.raises(db_exc.DBDeadlock):
        with db_api.writer.using(context):
            write(context)
    assert len(calls) == 1
