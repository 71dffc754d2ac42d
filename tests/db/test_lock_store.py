"""The lock store and the core rules that sit right on it,
on every backend: scoping, filters, ordering, pagination, the visibility
constraint, companion cascade, and the schema the migration creates."""
import datetime
import uuid

import pytest
import sqlalchemy as sa

from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import checker
from manila_locks.core import exception
from manila_locks.core import locks
from manila_locks.core import models
from manila_locks.core import store
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks import policy

T0 = datetime.datetime(2026, 11, 23, 18, 36, 13, 765432)


@pytest.fixture(autouse=True)
def _policy(tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)


def _ctx(user='alice', project='p1', admin=False):
    return ml_context.RequestContext(user_id=user, project_id=project,
                                     is_admin=admin)


def _put(ctx=None, seconds=0, **values):
    """Insert a lock created `seconds` after T0; returns its id."""
    ctx = ctx or _ctx()
    row = dict(user_id=ctx.user_id, project_id=ctx.project_id,
               resource_project_id=ctx.project_id, lock_context='user',
               resource_id=str(uuid.uuid4()), resource_type='share',
               resource_action='delete', lock_reason=None,
               created_at=T0 + datetime.timedelta(seconds=seconds))
    row.update(values)
    # Stand-alone locks: each resource is its own container unless the
    # test says otherwise.
    row.setdefault('container_id', row['resource_id'])
    with db_api.writer.using(ctx):
        return store.insert(ctx, row).id


def _find(ctx, scope=None, **query):
    with db_api.reader.using(ctx):
        page = store.find(ctx, scope or store.Scope(ctx.project_id),
                          store.LockQuery(**query))
        return [lock.id for lock in page.locks], page.count


def _get(ctx, lock_id):
    with db_api.reader.using(ctx):
        return store.get(ctx, lock_id, locks.scope_of(ctx))


# -- create / get / update / delete ------------------------------------------

def test_create_stores_caller_and_defaults(db):
    lock_id = _put(resource_id='share-1')
    assert str(uuid.UUID(lock_id)) == lock_id
    lock = _get(_ctx(), lock_id)
    assert (lock.user_id, lock.project_id) == ('alice', 'p1')
    assert lock.updated_at is None
    assert lock.deleted == 'False'
    assert lock.visibility_guard is None


def test_get_unknown_is_not_found(db):
    with pytest.raises(exception.ResourceLockNotFound):
        _get(_ctx(), str(uuid.uuid4()))


def test_get_other_project_is_not_found_but_admin_sees_it(db):
    lock_id = _put(_ctx('eve', 'p2'))
    with pytest.raises(exception.ResourceLockNotFound):
        _get(_ctx(), lock_id)
    assert _get(_ctx('root', 'admin', admin=True), lock_id).id == lock_id


def test_update_unknown_is_not_found(db):
    with pytest.raises(exception.ResourceLockNotFound):
        locks.update(_ctx(), None, str(uuid.uuid4()), {'lock_reason': 'x'})


def test_update_changes_reason_keeps_owner(db):
    lock_id = _put(lock_reason='old')
    locks.update(_ctx(), None, lock_id, {'lock_reason': 'new'})
    lock = _get(_ctx(), lock_id)
    assert lock.lock_reason == 'new'
    assert (lock.user_id, lock.project_id) == ('alice', 'p1')
    assert lock.updated_at is not None


def test_delete_unknown_is_not_found(db):
    with pytest.raises(exception.ResourceLockNotFound):
        locks.delete(_ctx(), str(uuid.uuid4()))


def test_delete_soft_deletes(db):
    lock_id = _put()
    assert locks.delete(_ctx(), lock_id) is None
    with pytest.raises(exception.ResourceLockNotFound):
        _get(_ctx(), lock_id)
    with db.engine.connect() as connection:
        deleted, = connection.execute(sa.select(models.ResourceLock.deleted)
                                      .where(models.ResourceLock.id ==
                                             lock_id)).one()
    assert deleted == lock_id


# -- listing -----------------------------------------------------------------

def test_default_listing_is_own_project_newest_first(db):
    mine = [_put(seconds=s) for s in (1, 2, 3)]
    _put(_ctx('eve', 'p2'), seconds=4)
    assert _find(_ctx()) == (mine[::-1], None)
    found, count = _find(_ctx(), limit=2, offset=1, with_count=True)
    assert (found, count) == (mine[::-1][1:3], 3)


def test_all_projects_ascending(db):
    ids = [_put(_ctx('u%d' % n, 'p%d' % n), seconds=n) for n in range(3)]
    found, count = _find(_ctx(), store.Scope(None), sort_dir='asc')
    assert (found, count) == (ids, None)


def test_own_scope_includes_locks_on_own_resources(db):
    # An admin's lock on p1's share is listed to p1, though the lock's own
    # project is the admin's.
    admin_lock = _put(_ctx('root', 'admin'), resource_project_id='p1')
    assert _find(_ctx()) == ([admin_lock], None)
    assert _get(_ctx(), admin_lock).project_id == 'admin'


def test_reason_substring(db):
    _put(lock_reason='foo')
    bexar = _put(lock_reason='bexar')
    assert _find(_ctx(), reason_contains='xar')[0] == [bexar]


@pytest.mark.parametrize('needle, expected', [
    ('%', ['100% used']), ('_', ['a_b']), ('\\', ['back\\slash']),
    ('0%', ['100% used']), ('a_', ['a_b'])])
def test_reason_wildcards_are_literal(db, needle, expected):
    # % and _ in the value are not LIKE wildcards: they match only
    # themselves.
    for reason in ('100% used', 'a_b', 'axb', 'back\\slash', 'plain'):
        _put(lock_reason=reason)
    with db_api.reader.using(_ctx()):
        page = store.find(_ctx(), store.Scope('p1'),
                          store.LockQuery(reason_contains=needle))
        assert [lock.lock_reason for lock in page.locks] == expected


def test_created_window_is_inclusive(db):
    ids = [_put(seconds=s) for s in (0, 10, 20)]
    t10 = T0 + datetime.timedelta(seconds=10)
    assert _find(_ctx(), created_before=t10)[0] == ids[1::-1]
    assert _find(_ctx(), created_since=t10)[0] == ids[:0:-1]
    assert _find(_ctx(), created_since=t10, created_before=t10)[0] == [ids[1]]
    nothing = T0 + datetime.timedelta(seconds=5)
    assert _find(_ctx(), created_since=nothing, created_before=nothing,
                 with_count=True) == ([], 0)


def test_pages_are_stable_when_timestamps_tie(db):
    # Paging over locks with equal created_at neither repeats nor skips
    # one.
    ids = {_put(seconds=0) for _ in range(7)}
    for direction in ('asc', 'desc'):
        seen = []
        for offset in range(7):
            seen += _find(_ctx(), limit=1, offset=offset,
                          sort_dir=direction)[0]
        assert sorted(seen) == sorted(ids)
        assert seen == sorted(ids, reverse=direction == 'desc')


@pytest.mark.parametrize('query, error', [
    ({'sort_key': 'deleted'}, exception.InvalidSortKey),
    ({'sort_dir': 'sideways'}, exception.Invalid),
    ({'filters': {'visibility_guard': 'x'}}, exception.InvalidFilter),
])
def test_store_refuses_unknown_keys(db, query, error):
    with pytest.raises(error):
        _find(_ctx(), **query)


def test_deleted_locks_are_not_listed(db):
    lock_id = _put()
    locks.delete(_ctx(), lock_id)
    assert _find(_ctx(), with_count=True) == ([], 0)


# -- the visibility constraint: one visibility lock per resource -------------

def test_second_live_visibility_lock_is_refused_by_the_database(db):
    rule = str(uuid.uuid4())
    first = _put(resource_id=rule, resource_type='access_rule',
                 resource_action='show')
    with pytest.raises(exception.VisibilityLockExists):
        _put(_ctx('eve', 'p2'), resource_id=rule,
             resource_type='access_rule', resource_action='show')
    # Deletion locks on the same rule do not collide, nor do other rules.
    _put(resource_id=rule, resource_type='access_rule')
    _put(resource_type='access_rule', resource_action='show')
    # Once the first is gone, a new one fits.
    locks.delete(_ctx(), first)
    _put(resource_id=rule, resource_type='access_rule',
         resource_action='show')


def test_duplicate_id_is_not_reported_as_visibility_clash(db):
    lock_id = _put()
    with pytest.raises(Exception) as caught:
        _put(id=lock_id)
    assert not isinstance(caught.value, exception.VisibilityLockExists)


# -- companions: share locks that go with their rule lock --------------------

def test_removing_a_parent_removes_its_companions_only(db):
    share = str(uuid.uuid4())
    parent = _put(resource_type='access_rule')
    companion = _put(resource_id=share, parent_lock_id=parent)
    unrelated = _put(resource_id=share)
    locks.delete(_ctx(), parent)
    assert _find(_ctx())[0] == [unrelated]
    with pytest.raises(exception.ResourceLockNotFound):
        _get(_ctx(), companion)


def test_removing_locks_within_a_share_takes_its_rules_locks(db):
    rule, share = str(uuid.uuid4()), str(uuid.uuid4())
    parent = _put(resource_id=rule, resource_type='access_rule',
                  container_id=share)
    _put(resource_id=share, parent_lock_id=parent)
    elsewhere = _put()
    _put(resource_id=share)
    with db_api.writer.using(_ctx()):
        store.soft_delete_within(_ctx(), share, 'delete')
    assert _find(_ctx())[0] == [elsewhere]


@pytest.mark.parametrize('change', [
    lambda lock_id: locks.delete(_ctx(), lock_id),
    lambda lock_id: locks.update(_ctx(), None, lock_id, {'lock_reason': 'x'}),
])
def test_companions_cannot_be_changed_directly(db, change):
    parent = _put(resource_type='access_rule')
    companion = _put(parent_lock_id=parent)
    with pytest.raises(exception.CompanionLockImmutable):
        change(companion)
    assert _get(_ctx(), companion).lock_reason is None


# -- the checker -------------------------------------------------------------

def test_checker_names_only_locks_the_caller_may_see(db):
    share = str(uuid.uuid4())
    mine = _put(resource_id=share)
    _put(_ctx('eve', 'p2'), resource_id=share, resource_project_id='p2')
    with pytest.raises(exception.ResourceLocked) as caught:
        with db_api.reader.using(_ctx()):
            checker.ensure_not_locked(_ctx(), share)
    assert caught.value.lock_ids == [mine]
    assert str(caught.value) == ('Resource lock/s [%s] prevent delete '
                                 'action.' % mine)


def test_checker_hides_every_id_from_strangers(db):
    share = str(uuid.uuid4())
    _put(resource_id=share)
    with pytest.raises(exception.ResourceLocked) as caught:
        checker.ensure_not_locked(_ctx('mallory', 'p9'), share, 'unmanage')
    assert caught.value.lock_ids == []
    assert str(caught.value) == ('Resource lock/s placed by others prevent '
                                 'delete action.')


def test_checker_ignores_visibility_and_deleted_locks(db):
    rule = str(uuid.uuid4())
    _put(resource_id=rule, resource_type='access_rule',
         resource_action='show')
    locks.delete(_ctx(), _put(resource_id=rule, resource_type='access_rule'))
    assert checker.ensure_not_locked(_ctx(), rule) is None


# -- visibility restriction --------------------------------------------------

def _caller(user, roles, admin=False, service_token=False):
    return ml_context.RequestContext(
        user_id=user, project_id='p1', roles=roles, is_admin=admin,
        service_roles=['service'] if service_token else [])


@pytest.mark.parametrize('lock_context, caller, restricted', [
    ('user', _caller('alice', ['member']), False),      # the lock's user
    ('user', _caller('bob', ['member']), True),         # same project
    ('user', _caller('root', ['admin'], admin=True), False),
    ('user', _caller('nova', ['service']), False),      # service role
    ('service', _caller('nova', ['service'], service_token=True), False),
    # The lock's own user, but the lock-context table refuses her, so the
    # rule stays hidden whatever the policy says.
    ('admin', _caller('alice', ['member']), True),
    ('service', _caller('alice', ['member']), True),
    ('admin', _caller('nova', ['service'], service_token=True), True),
])
def test_who_sees_through_a_visibility_lock(db, lock_context, caller,
                                            restricted):
    rule = str(uuid.uuid4())
    _put(resource_id=rule, resource_type='access_rule',
         resource_action='show', lock_context=lock_context)
    other = str(uuid.uuid4())
    _put(resource_id=other, resource_type='access_rule')
    expected = {rule} if restricted else set()
    assert checker.restricted_ids(caller, [rule, other]) == expected


# -- schema ------------------------------------------------------------------

def test_migration_matches_the_model(db):
    inspector = sa.inspect(db.engine)
    columns = {c['name']: c for c in inspector.get_columns('resource_locks')}
    model = models.ResourceLock.__table__
    assert set(columns) == set(model.columns.keys())
    for column in model.columns:
        assert columns[column.name]['nullable'] == column.nullable, column
        length = getattr(column.type, 'length', None)
        if length:
            assert columns[column.name]['type'].length == length, column
    assert not columns['resource_type']['nullable']
    assert not columns['resource_action']['nullable']
    indexes = {tuple(i['column_names']) for i in
               inspector.get_indexes('resource_locks')}
    assert ('resource_id', 'resource_action', 'deleted') in indexes
    assert ('project_id', 'deleted', 'created_at') in indexes
    assert ('parent_lock_id',) in indexes
    uniques = {tuple(u['column_names']) for u in
               inspector.get_unique_constraints('resource_locks')}
    # MariaDB reports a unique constraint as a unique index.
    uniques |= {tuple(i['column_names']) for i in
                inspector.get_indexes('resource_locks') if i['unique']}
    assert ('visibility_guard',) in uniques


def test_timestamps_keep_microseconds(db):
    lock_id = _put()
    assert _get(_ctx(), lock_id).created_at == T0
    assert base.LIVE == 'False'


def test_lock_list_inside_a_write_joins_it(db):
    # store.find reads on a Core connection; inside a caller's write
    # transaction it must be that transaction's: it sees the uncommitted
    # lock (a second connection would not, and on SQLite would wait for
    # the caller's write lock).
    ctx = _ctx()
    resource_id = str(uuid.uuid4())
    with db_api.writer.using(ctx):
        store.insert(ctx, dict(
            user_id='alice', project_id='p1', resource_project_id='p1',
            lock_context='user', resource_id=resource_id,
            container_id=resource_id, resource_type='share',
            resource_action='delete', lock_reason=None))
        page = store.find(ctx, store.Scope('p1'), store.LockQuery(
            filters={'resource_id': resource_id}))
        assert [lock.resource_id for lock in page.locks] == [resource_id]
    ctx = _ctx()
    assert len(store.find(ctx, store.Scope('p1'), store.LockQuery(
        filters={'resource_id': resource_id})).locks) == 1


def test_lock_list_alone_reads_without_the_write_lock(db):
    # Outside any transaction the read takes no write lock: a writer
    # holding one (SQLite: BEGIN IMMEDIATE) does not hold the list up.
    lock_id = _put()
    with db_api.core_writer() as connection:
        connection.execute(sa.select(models.ResourceLock.id).limit(1))
        ids, _ = ([lock.id for lock in store.find(
            _ctx(), store.Scope('p1'), store.LockQuery()).locks], None)
    assert ids == [lock_id]


def test_one_snapshot_is_refused_inside_a_transaction(db):
    """core_reader(one_snapshot=True) promises its own snapshot; inside a
    caller's transaction (READ COMMITTED on PostgreSQL and MySQL) it could
    not keep it, so it says so instead of reading anyway."""
    ctx = _ctx()
    with db_api.reader.using(ctx):
        with pytest.raises(RuntimeError, match='inside a transaction'):
            with db_api.core_reader(ctx, one_snapshot=True):
                pass
    with db_api.core_reader(ctx, one_snapshot=True) as connection:
        assert connection.exec_driver_sql('SELECT 1').scalar() == 1
