"""The guard matrix: every route that removes, hands over, hides or changes a
share or an access rule x every kind of lock x every way of placing it ->
the answer and the rows afterwards.

A setup is (kind, way, placer): the kind of lock (a deletion lock on the
share, a deletion lock on the rule, a visibility lock on the rule; a rule
deletion lock brings its companion on the share), the way it was placed
(allow_access with lock flags, POST /resource-locks, PUT changing another
lock's action) and who placed it (alice in lock context user, an admin,
Nova with a service token). The guarantee is that only the kind decides,
never the way or the placer, except where the lock-context rules say so
(an unrestricted deny by the rule's owner). EXPECTED below is written per
kind, with the few placer exceptions spelled out.

Each cell starts from the setup's world (built once per backend through the
API, then restored from a snapshot of its rows), runs the operation as the
persona named in OPS, and checks the status, what is left (share, rule,
locks by category) and every SQL invariant (manila_locks/host/invariants).
test_every_route_is_in_the_guard_matrix fails when a route of
host/routes.py is neither an operation here nor listed in NOT_GUARDED.

Locks with a lifetime (issue 16) are kinds of their own (LIFETIMES): a
lock placed as one of the kinds above and then given an expiry (the
cell runs one second before it, or at it), a compliance retention, or a
legal hold. They are one row each (placed by alice), not one per way and
placer: the rows above show that the way and the placer do not matter.
"""
import dataclasses
import datetime
import json

import pytest
import sqlalchemy as sa

from manila_locks.api import router
from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import clock as core_clock
from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import drivers
from manila_locks.host.handlers import share_actions
from manila_locks.host import invariants
from manila_locks.host import models as host_models
from manila_locks.host import routes
from manila_locks.host import share_api
from tests.authz import conftest as authz
from tests import conftest as root_conftest

# The in-process app and its people (tests/api), shared with this tier.
conf, wsgi_app = authz.conf, authz.wsgi_app
api, bob, eve, admin, nova = (authz.api, authz.bob, authz.eve, authz.admin,
                              authz.nova)

RULE_TO = '10.1.0.0/24'
TRANSFER_VERSION = '2.82'

# -- setups ------------------------------------------------------------------

KINDS = ('share_delete', 'rule_delete', 'rule_show')
WAYS = {'share_delete': ('post',),
        'rule_delete': ('allow', 'post', 'put'),
        'rule_show': ('allow', 'post', 'put')}
PLACERS = ('user', 'admin', 'service')
# kind -> (placed as, its lifetime, answers as): each answers as the kind
# named last wherever EXPECTED has no row of its own for it.
LIFETIMES = {
    'share_expiring': ('share_delete', 'expiring', 'share_delete'),
    'share_expired': ('share_delete', 'expired', 'none'),
    'share_compliance': ('share_delete', 'compliance', 'share_delete'),
    'rule_compliance': ('rule_delete', 'compliance', 'rule_delete'),
    'rule_expired': ('rule_delete', 'expired', 'none'),
    'rule_show_held': ('rule_show', 'held', 'rule_show'),
}
SETUPS = ([('none', '-', '-')] +
          [(kind, way, placer) for kind in KINDS
           for way in WAYS[kind] for placer in PLACERS] +
          [(kind, 'post' if placed == 'share_delete' else 'allow', 'user')
           for kind, (placed, _, _) in LIFETIMES.items()])
_OTHER_ACTION = {'delete': 'show', 'show': 'delete'}
LIFETIME = datetime.timedelta(hours=1)
SECOND = datetime.timedelta(seconds=1)


@dataclasses.dataclass
class World:
    share_id: str
    rule_id: str
    setup_lock_id: str = None
    expires_at: datetime.datetime = None


def _place(people, world, kind, way, placer):
    """Place the setup's lock on the world; returns the lock's id."""
    client = {'user': people['alice'], 'admin': people['admin'],
              'service': people['nova']}[placer]
    if kind == 'share_delete':
        return client.lock(world.share_id)['id']
    action = 'delete' if kind == 'rule_delete' else 'show'
    if way == 'post':
        return client.lock(world.rule_id, 'access_rule', action)['id']
    # put: a lock of the other action, then changed to this one.
    lock = client.lock(world.rule_id, 'access_rule', _OTHER_ACTION[action])
    client.put('/resource-locks/%s' % lock['id'],
               {'resource_lock': {'resource_action': action}})
    return lock['id']


def _build(people, setup):
    kind, way, placer = setup
    if kind in LIFETIMES:
        placed, lifetime, _ = LIFETIMES[kind]
        world = _build(people, (placed, way, placer))
        _give_lifetime(people, world, lifetime)
        return world
    alice = people['alice']
    share_id = alice.create_share(name='guarded', size=2,
                                  metadata={'k': 'v'})['id']
    world = World(share_id, None)
    rule_owner = alice
    flags = {}
    if way == 'allow':
        rule_owner = {'user': alice, 'admin': people['admin'],
                      'service': people['nova']}[placer]
        flags = {'lock_deletion' if kind == 'rule_delete'
                 else 'lock_visibility': True, 'lock_reason': 'guard'}
    world.rule_id = rule_owner.post('/shares/%s/action' % share_id, {
        'allow_access': dict(access_type='ip', access_to=RULE_TO,
                             metadata={'k': 'v'}, **flags)}).json['access'][
        'id']
    if kind != 'none' and way != 'allow':
        world.setup_lock_id = _place(people, world, kind, way, placer)
    elif kind != 'none':
        [lock] = [lock for lock in people['admin'].get(
            '/resource-locks?all_projects=true&resource_id=%s'
            % world.rule_id).json[
            'resource_locks']]
        world.setup_lock_id = lock['id']
    return world


def _give_lifetime(people, world, lifetime):
    """An expiry an hour ahead (compliance for 'compliance'), or a legal
    hold, on the setup's lock."""
    path = '/resource-locks/%s/' % world.setup_lock_id
    if lifetime == 'held':
        people['admin'].put(path + 'legal-hold',
                            {'legal_hold': {'reason': 'matrix'}})
        return
    world.expires_at = core_clock.now() + LIFETIME
    body = {'expires_at': world.expires_at.strftime('%Y-%m-%dT%H:%M:%S.%f')}
    if lifetime == 'compliance':
        body['mode'] = 'compliance'
    people['alice'].put(path + 'retention', {'retention': body})


def _set_clock(monkeypatch, world, kind):
    """Expired kinds run at their expiry, the others one second before
    (without an expiry: now)."""
    now = base.utcnow()
    if world.expires_at is not None:
        expired = LIFETIMES[kind][1] == 'expired'
        now = world.expires_at - (0 * SECOND if expired else SECOND)
    monkeypatch.setattr(core_clock, 'now', lambda: now)


def _set_locks_deleted(db, lock_ids, deleted):
    Lock = core_models.ResourceLock
    with db.engine.begin() as connection:
        for lock_id in lock_ids:
            connection.execute(sa.update(Lock).where(Lock.id == lock_id)
                               .values(deleted=lock_id if deleted
                                       else base.LIVE))


# -- what is left --------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Left:
    share: bool
    rule: bool
    share_locks: int      # deletion locks placed on the share itself
    companions: int
    rule_delete: int
    rule_show: int


def _left(db, world, unheld=()):
    Lock, Share, Rule = (core_models.ResourceLock, host_models.Share,
                         host_models.AccessRule)
    with db.engine.connect() as connection:
        share = connection.execute(sa.select(Share).where(
            Share.id == world.share_id)).one()
        rule_live = connection.execute(sa.select(sa.func.count()).where(
            Rule.id == world.rule_id, Rule.deleted == base.LIVE)
        ).scalar_one() == 1
        locks = connection.execute(sa.select(Lock).where(
            Lock.container_id == world.share_id,
            Lock.deleted == base.LIVE, sa.or_(
                Lock.expires_at.is_(None),
                Lock.expires_at > core_clock.now(),
                Lock.legal_hold_at.isnot(None)))).all()
        broken = {name: rows for name, rows
                  in invariants.check_all(connection).items()
                  if rows and name not in unheld}
    assert broken == {}
    share_live = (share.deleted == base.LIVE and not share.is_soft_deleted
                  and share.status != 'unmanaged')

    def count(**match):
        return sum(all(getattr(lock, key) == value
                       for key, value in match.items()) for lock in locks)
    return Left(share_live, rule_live,
                count(resource_type='share', parent_lock_id=None),
                sum(lock.parent_lock_id is not None for lock in locks),
                count(resource_type='access_rule', resource_action='delete'),
                count(resource_type='access_rule', resource_action='show'))


# -- operations ----------------------------------------------------------

def _call(client, method, path, body=None, version=None):
    return authz.call(client, method, path, body, version)


def _action(name, argument=None, persona='admin', version=None):
    def run(people, world):
        return _call(people[persona], 'POST',
                     '/shares/%s/action' % world.share_id,
                     {name: argument}, version)
    return run


def _instance_action(name, argument=None, version=None):
    def run(people, world):
        return _call(people['admin'], 'POST',
                     '/share_instances/%s/action' % world.share_id,
                     {name: argument}, version)
    return run


def _deny(persona, unrestrict, name='deny_access', version=None):
    def run(people, world):
        body = {'access_id': world.rule_id}
        if unrestrict:
            body['unrestrict'] = True
        return _call(people[persona], 'POST',
                     '/shares/%s/action' % world.share_id,
                     {name: body}, version)
    return run


def _purge(people, world):
    """The recycle bin's purge (manila-locks-manage shares purge-expired)
    of a share whose retention ran out. A locked share cannot be put in
    the recycle bin, so the setup's share is put there directly."""
    with people['db'].engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).where(
            host_models.Share.id == world.share_id).values(
            is_soft_deleted=True, scheduled_to_be_deleted_at=(
                base.utcnow() - datetime.timedelta(seconds=1))))
    purged = share_api.purge_expired(ml_context.get_admin_context(),
                                     drivers.load(people['conf']))
    return _Answer(202 if world.share_id in purged else 403)


def _restore(people, world):
    with people['db'].engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).where(
            host_models.Share.id == world.share_id).values(
            is_soft_deleted=True))
    return _action('restore', persona='alice')(people, world)


def _accept(people, world):
    """Accepting re-checks the locks. A share on offer takes no lock and a
    locked share is not offered, so the setup's locks are set aside while
    alice offers the share and put back before eve accepts: the state that
    check defends against."""
    db = people['db']
    with db.engine.connect() as connection:
        lock_ids = list(connection.execute(sa.select(
            core_models.ResourceLock.id).where(
            core_models.ResourceLock.container_id == world.share_id,
            core_models.ResourceLock.deleted == base.LIVE)).scalars())
    _set_locks_deleted(db, lock_ids, True)
    offer = _call(people['alice'], 'POST', '/share-transfers', {
        'transfer': {'share_id': world.share_id}}, TRANSFER_VERSION)
    _set_locks_deleted(db, lock_ids, False)
    transfer = offer.json['transfer']
    return _call(people['eve'], 'POST',
                 '/share-transfers/%s/accept' % transfer['id'],
                 {'accept': {'auth_key': transfer['auth_key']}},
                 TRANSFER_VERSION)


def _read(persona, how):
    """A read of the rule by `persona`; answers 'shown' or 'hidden'
    (access_to redacted, or the rule left out of an access_to filter)."""
    def run(people, world):
        client = people[persona]
        if how == 'show':
            body = client.get('/share-access-rules/%s' % world.rule_id).json
            rules = [body['access']]
        elif how == 'list':
            rules = client.get('/share-access-rules?share_id=%s'
                               % world.share_id).json['access_list']
        elif how in ('list_action', 'os-list_action'):
            name, version = (('access_list', '2.44') if how == 'list_action'
                             else ('os-access_list', '2.6'))
            rules = client.as_(version=version).post(
                '/shares/%s/action' % world.share_id,
                {name: None}).json['access_list']
        else:   # filter by the hidden value
            rules = client.get(
                '/share-access-rules?share_id=%s&access_type=ip&access_to=%s'
                % (world.share_id, RULE_TO)).json['access_list']
        shown = [rule for rule in rules if rule['access_to'] == RULE_TO]
        return _Answer('shown' if shown else 'hidden')
    return run


def _guess(name='allow_access', version=None):
    """bob sends the hidden value again: refused either way; is the value
    repeated back?"""
    def run(people, world):
        response = _call(people['bob'], 'POST',
                         '/shares/%s/action' % world.share_id,
                         {name: {'access_type': 'ip', 'access_to': RULE_TO}},
                         version)
        assert response.status_int == 400
        return _Answer('shown' if RULE_TO in response.text else 'hidden')
    return run


def _remove_setup_lock(people, world):
    if world.setup_lock_id is None:
        return _Answer(204)
    return _call(people['admin'], 'DELETE',
                 '/resource-locks/%s' % world.setup_lock_id)


@dataclasses.dataclass
class _Answer:
    status_int: object


S = '/shares/%s'
R = '/share-access-rules/%s'
OPS = {
    # Removing the share (as an admin: admins get no way round a lock).
    'share.delete': lambda p, w: _call(p['admin'], 'DELETE',
                                       S % w.share_id),
    'share.force_delete': _action('force_delete'),
    'share.os_force_delete': _action('os-force_delete', version='2.6'),
    'share.soft_delete': _action('soft_delete'),
    'share.unmanage': _action('unmanage'),
    'share.unmanage_legacy': lambda p, w: _call(
        p['admin'], 'POST', '/os-share-unmanage/%s/unmanage' % w.share_id,
        {}, '2.6'),
    'share.purge': _purge,
    # A share's one instance has its id; removing it removes the share.
    'instance.force_delete': _instance_action('force_delete'),
    'instance.os_force_delete': _instance_action('os-force_delete',
                                                 version='2.6'),
    # Handing it over.
    'transfer.create': lambda p, w: _call(
        p['alice'], 'POST', '/share-transfers', {'transfer': {
            'share_id': w.share_id}}, TRANSFER_VERSION),
    'transfer.accept': _accept,
    # Removing the rule.
    'access.deny': _deny('alice', unrestrict=False),
    'access.os_deny': _deny('alice', False, 'os-deny_access', '2.6'),
    'access.deny_unrestrict_owner': _deny('alice', unrestrict=True),
    'access.deny_unrestrict_admin': _deny('admin', unrestrict=True),
    # Changing the share or the rule: no lock guards these.
    'share.update': lambda p, w: _call(p['alice'], 'PUT', S % w.share_id, {
        'share': {'display_name': 'renamed'}}),
    'share.extend': _action('extend', {'new_size': 3}, 'alice'),
    'share.os_extend': _action('os-extend', {'new_size': 3}, 'alice', '2.6'),
    'share.shrink': _action('shrink', {'new_size': 1}, 'alice'),
    'share.os_shrink': _action('os-shrink', {'new_size': 1}, 'alice', '2.6'),
    'share.reset_status': _action('reset_status', {'status': 'error'}),
    'share.os_reset_status': _action('os-reset_status', {'status': 'error'},
                                     version='2.6'),
    'share.reset_task_state': _action('reset_task_state',
                                      {'task_state': 'migration_error'}),
    'share.migration_start': _action('migration_start', {
        'host': 'localhost@local#other', 'writable': True,
        'preserve_metadata': True, 'preserve_snapshots': True,
        'nondisruptive': False}),
    'share.restore': _restore,
    'instance.reset_status': _instance_action('reset_status',
                                              {'status': 'error'}),
    'instance.os_reset_status': _instance_action(
        'os-reset_status', {'status': 'error'}, version='2.6'),
    'share.metadata_replace': lambda p, w: _call(
        p['alice'], 'PUT', S % w.share_id + '/metadata',
        {'metadata': {'a': 'b'}}),
    'share.metadata_merge': lambda p, w: _call(
        p['alice'], 'POST', S % w.share_id + '/metadata',
        {'metadata': {'a': 'b'}}),
    'share.metadata_set_item': lambda p, w: _call(
        p['alice'], 'POST', S % w.share_id + '/metadata/a',
        {'metadata': {'a': 'b'}}),
    'share.metadata_delete': lambda p, w: _call(
        p['alice'], 'DELETE', S % w.share_id + '/metadata/k'),
    'access.update': lambda p, w: _call(p['alice'], 'PUT', R % w.rule_id, {
        'update_access': {'access_level': 'ro'}}),
    'access.metadata_set': lambda p, w: _call(
        p['alice'], 'PUT', R % w.rule_id + '/metadata',
        {'metadata': {'a': 'b'}}),
    'access.metadata_delete': lambda p, w: _call(
        p['alice'], 'DELETE', R % w.rule_id + '/metadata/k'),
    # Removing the lock itself (its companion goes with it).
    'lock.delete': _remove_setup_lock,
    # Hiding the rule's value.
    'access.show_other_member': _read('bob', 'show'),
    'access.list_other_member': _read('bob', 'list'),
    'access.list_action_other_member': _read('bob', 'list_action'),
    'access.os_list_action_other_member': _read('bob', 'os-list_action'),
    'access.filter_other_member': _read('bob', 'filter'),
    'access.allow_guess_other_member': _guess(),
    'access.os_allow_guess_other_member': _guess('os-allow_access', '2.6'),
    'access.show_owner': _read('alice', 'show'),
    'access.list_owner': _read('alice', 'list'),
    'access.show_admin': _read('admin', 'show'),
}

# -- what must happen ----------------------------------------------------

UNCHANGED = 'unchanged'
SHARE_GONE = 'share gone'            # with its rule and every lock in it
RECYCLED = 'in recycle bin'          # rule and locks kept for a restore
RULE_GONE = 'rule gone'              # with its locks and their companions
SETUP_LOCK_GONE = 'setup lock gone'  # with its companion

# (operation, kind[, placer]) -> (answer, rows afterwards); the most
# specific key wins. A kind of 'locked' stands for every kind but none.
EXPECTED = {
    # Removing the share: refused by a deletion lock on it or on its rule.
    ('share.delete', 'none'): (202, SHARE_GONE),
    ('share.delete', 'rule_show'): (202, SHARE_GONE),
    ('share.delete', 'locked'): (403, UNCHANGED),
    ('share.force_delete', 'none'): (202, SHARE_GONE),
    ('share.force_delete', 'rule_show'): (202, SHARE_GONE),
    ('share.force_delete', 'locked'): (403, UNCHANGED),
    ('share.soft_delete', 'none'): (202, RECYCLED),
    ('share.soft_delete', 'rule_show'): (202, RECYCLED),
    ('share.soft_delete', 'locked'): (403, UNCHANGED),
    ('share.unmanage', 'none'): (202, SHARE_GONE),
    ('share.unmanage', 'rule_show'): (202, SHARE_GONE),
    ('share.unmanage', 'locked'): (403, UNCHANGED),
    ('share.unmanage_legacy', 'none'): (202, SHARE_GONE),
    ('share.unmanage_legacy', 'rule_show'): (202, SHARE_GONE),
    ('share.unmanage_legacy', 'locked'): (403, UNCHANGED),
    ('instance.force_delete', 'none'): (202, SHARE_GONE),
    ('instance.force_delete', 'rule_show'): (202, SHARE_GONE),
    ('instance.force_delete', 'locked'): (403, UNCHANGED),
    ('share.purge', 'none'): (202, SHARE_GONE),
    ('share.purge', 'rule_show'): (202, SHARE_GONE),
    ('share.purge', 'locked'): (403, RECYCLED),
    # Handing it over: refused by a lock of any kind.
    ('transfer.create', 'none'): (202, UNCHANGED),
    ('transfer.create', 'locked'): (403, UNCHANGED),
    ('transfer.accept', 'none'): (202, UNCHANGED),
    ('transfer.accept', 'locked'): (403, UNCHANGED),
    # Removing the rule: only its deletion locks guard it.
    ('access.deny', 'none'): (202, RULE_GONE),
    ('access.deny', 'share_delete'): (202, RULE_GONE),
    ('access.deny', 'rule_show'): (202, RULE_GONE),
    ('access.deny', 'rule_delete'): (403, UNCHANGED),
    ('access.deny_unrestrict_owner', 'locked'): (202, RULE_GONE),
    ('access.deny_unrestrict_owner', 'none'): (202, RULE_GONE),
    ('access.deny_unrestrict_owner', 'rule_delete', 'admin'): (403,
                                                               UNCHANGED),
    ('access.deny_unrestrict_owner', 'rule_delete', 'service'): (403,
                                                                 UNCHANGED),
    ('access.deny_unrestrict_admin', 'locked'): (202, RULE_GONE),
    ('access.deny_unrestrict_admin', 'none'): (202, RULE_GONE),
    # Changes that no lock guards.
    ('share.update', 'locked'): (200, UNCHANGED),
    ('share.update', 'none'): (200, UNCHANGED),
    ('share.extend', 'locked'): (202, UNCHANGED),
    ('share.extend', 'none'): (202, UNCHANGED),
    ('share.shrink', 'locked'): (202, UNCHANGED),
    ('share.shrink', 'none'): (202, UNCHANGED),
    ('share.reset_status', 'locked'): (202, UNCHANGED),
    ('share.reset_status', 'none'): (202, UNCHANGED),
    ('share.reset_task_state', 'locked'): (202, UNCHANGED),
    ('share.reset_task_state', 'none'): (202, UNCHANGED),
    ('share.restore', 'locked'): (202, UNCHANGED),
    ('instance.reset_status', 'locked'): (202, UNCHANGED),
    ('instance.reset_status', 'none'): (202, UNCHANGED),
    ('share.metadata_replace', 'locked'): (200, UNCHANGED),
    ('share.metadata_replace', 'none'): (200, UNCHANGED),
    ('share.metadata_merge', 'locked'): (200, UNCHANGED),
    ('share.metadata_merge', 'none'): (200, UNCHANGED),
    ('share.metadata_set_item', 'locked'): (200, UNCHANGED),
    ('share.metadata_set_item', 'none'): (200, UNCHANGED),
    # The backend cannot migrate: the share stays, with migration_error.
    ('share.migration_start', 'locked'): (202, UNCHANGED),
    ('share.migration_start', 'none'): (202, UNCHANGED),
    ('share.metadata_delete', 'locked'): (200, UNCHANGED),
    ('share.metadata_delete', 'none'): (200, UNCHANGED),
    ('share.restore', 'none'): (202, UNCHANGED),
    ('access.update', 'locked'): (200, UNCHANGED),
    ('access.update', 'none'): (200, UNCHANGED),
    ('access.metadata_set', 'locked'): (200, UNCHANGED),
    ('access.metadata_set', 'none'): (200, UNCHANGED),
    ('access.metadata_delete', 'locked'): (200, UNCHANGED),
    ('access.metadata_delete', 'none'): (200, UNCHANGED),
    ('lock.delete', 'locked'): (204, SETUP_LOCK_GONE),
    ('lock.delete', 'none'): (204, UNCHANGED),
    # Hiding: a visibility lock hides the value from every other member,
    # whoever placed it; from its owner unless an admin or a service
    # placed it; never from an admin.
    ('access.show_other_member', 'rule_show'): ('hidden', UNCHANGED),
    ('access.list_other_member', 'rule_show'): ('hidden', UNCHANGED),
    ('access.list_action_other_member', 'rule_show'): ('hidden', UNCHANGED),
    ('access.os_list_action_other_member', 'rule_show'): ('hidden',
                                                          UNCHANGED),
    ('access.filter_other_member', 'rule_show'): ('hidden', UNCHANGED),
    ('access.allow_guess_other_member', 'rule_show'): ('hidden', UNCHANGED),
    ('access.show_owner', 'rule_show', 'admin'): ('hidden', UNCHANGED),
    ('access.show_owner', 'rule_show', 'service'): ('hidden', UNCHANGED),
    ('access.list_owner', 'rule_show', 'admin'): ('hidden', UNCHANGED),
    ('access.list_owner', 'rule_show', 'service'): ('hidden', UNCHANGED),
}
for _read_op in ('access.show_other_member', 'access.list_other_member',
                 'access.list_action_other_member',
                 'access.os_list_action_other_member',
                 'access.filter_other_member',
                 'access.allow_guess_other_member',
                 'access.os_allow_guess_other_member', 'access.show_owner',
                 'access.list_owner', 'access.show_admin'):
    EXPECTED.setdefault((_read_op, 'locked'), ('shown', UNCHANGED))
    EXPECTED.setdefault((_read_op, 'none'), ('shown', UNCHANGED))
EXPECTED.setdefault(('access.show_owner', 'rule_show'), ('shown', UNCHANGED))
EXPECTED.setdefault(('access.list_owner', 'rule_show'), ('shown', UNCHANGED))


# Manila's pre-2.7 spellings answer exactly as the names they became.
for (_op, *_key), _want in list(EXPECTED.items()):
    if _op in ('share.force_delete', 'access.deny', 'share.reset_status',
               'instance.force_delete', 'instance.reset_status',
               'share.extend', 'share.shrink',
               'access.list_action_other_member',
               'access.allow_guess_other_member'):
        _old = _op.replace('.', '.os_', 1)
        EXPECTED[tuple([_old] + _key)] = _want

# Two cells start from a state the API never makes (locks on a share in
# the recycle bin, on a share on offer), to show the last line of defence;
# that state's own invariant cannot hold after a refusal.
UNHELD_AFTER = {'share.purge': ('gone shares with live locks',
                                'live locks on missing resources'),
                'transfer.accept': ('offered shares with live locks',)}


# Where a lock with a lifetime answers otherwise than the kind it answers
# as: nobody (the admin who runs these cells included) removes a
# compliance or held lock, nor the rule or share it is in; an expired lock
# is not found.
for _kind in ('share_compliance', 'rule_compliance', 'rule_show_held'):
    EXPECTED[('lock.delete', _kind)] = (403, UNCHANGED)
for _kind in ('share_expired', 'rule_expired'):
    EXPECTED[('lock.delete', _kind)] = (404, UNCHANGED)
for _op in ('access.deny_unrestrict_owner', 'access.deny_unrestrict_admin'):
    EXPECTED[(_op, 'rule_compliance')] = (403, UNCHANGED)
for _op in ('share.delete', 'share.force_delete', 'share.os_force_delete',
            'share.soft_delete', 'share.unmanage', 'share.unmanage_legacy',
            'instance.force_delete', 'instance.os_force_delete',
            'access.deny', 'access.os_deny',
            'access.deny_unrestrict_owner', 'access.deny_unrestrict_admin'):
    EXPECTED[(_op, 'rule_show_held')] = (403, UNCHANGED)
EXPECTED[('share.purge', 'rule_show_held')] = (403, RECYCLED)


def expected(op, kind, placer):
    lifetime = kind in LIFETIMES
    for key in ((op, kind, placer), (op, kind),
                (op, 'locked') if kind != 'none' and not lifetime else None):
        if key in EXPECTED:
            return EXPECTED[key]
    if lifetime:
        return expected(op, LIFETIMES[kind][2], placer)
    raise AssertionError('EXPECTED has no row for %s with %s locks'
                         % (op, kind))


def _rows_after(outcome, before):
    if outcome == UNCHANGED:
        return before
    if outcome == SHARE_GONE:
        return Left(False, False, 0, 0, 0, 0)
    if outcome == RULE_GONE:
        return dataclasses.replace(before, rule=False, companions=0,
                                   rule_delete=0, rule_show=0)
    if outcome == RECYCLED:
        return dataclasses.replace(before, share=False)
    # SETUP_LOCK_GONE: the setup's one lock, and its companion.
    return Left(True, True, 0, 0, 0, 0)


# -- the test ------------------------------------------------------------

_WORLDS = {}


@pytest.fixture
def people(db, conf, api, bob, eve, admin, nova):
    return {'alice': api, 'bob': bob, 'eve': eve, 'admin': admin,
            'nova': nova, 'db': db, 'conf': conf}


def _fresh(db, people, setup):
    key = (db.name, setup)
    if key not in _WORLDS:
        world = _build(people, setup)
        _WORLDS[key] = (world, root_conftest.read_rows(db.engine))
    else:
        root_conftest.restore_rows(db.engine, _WORLDS[key][1])
    return dataclasses.replace(_WORLDS[key][0])


@pytest.mark.parametrize('setup', SETUPS, ids='-'.join)
def test_guard_matrix(db, people, setup, monkeypatch):
    kind, way, placer = setup
    failures = []
    for op, run in OPS.items():
        world = _fresh(db, people, setup)
        _set_clock(monkeypatch, world, kind)
        before = _left(db, world)
        answer = run(people, world).status_int
        after = _left(db, world, UNHELD_AFTER.get(op, ()))
        want_answer, outcome = expected(op, kind, placer)
        want_rows = _rows_after(outcome, before)
        if (answer, after) != (want_answer, want_rows):
            failures.append('%s: answered %s, left %s; expected %s, %s'
                            % (op, answer, after, want_answer, want_rows))
    assert failures == []


class _Recorder:
    """Stands in for a client: remembers the request instead of sending."""

    def __init__(self):
        self.requests = []

    def as_(self, **kw):
        return self

    def raw(self, method, path, **kw):
        self.requests.append((method, path))
        return _Anything()

    def get(self, path, **kw):
        self.requests.append(('GET', path))
        return _Anything()

    def post(self, path, body, **kw):
        self.requests.append(('POST', path))
        return _Anything()


class _Anything:
    json = {'access': {'access_to': ''}, 'access_list': [],
            'transfer': {'id': 'x', 'auth_key': 'x'}}
    text = ''
    status_int = 400


# Routes that neither remove, hand over, hide nor change a share or an
# access rule, and why no lock has a say in them.
NOT_GUARDED = {
    ('GET', '/'): 'version document',
    ('GET', '/types'): 'share types hold no locks',
    ('POST', '/types'): 'share types hold no locks',
    ('GET', '/types/default'): 'share types hold no locks',
    ('GET', '/types/{type_id}'): 'share types hold no locks',
    ('PUT', '/types/{type_id}'): 'share types hold no locks',
    ('DELETE', '/types/{type_id}'): 'share types hold no locks',
    ('POST', '/types/{type_id}/action'): 'share types hold no locks',
    ('GET', '/types/{type_id}/share_type_access'): 'share types',
    ('GET', '/types/{type_id}/os-share-type-access'): 'share types',
    ('GET', '/types/{type_id}/extra_specs'): 'share types',
    ('POST', '/types/{type_id}/extra_specs'): 'share types',
    ('GET', '/types/{type_id}/extra_specs/{key}'): 'share types',
    ('PUT', '/types/{type_id}/extra_specs/{key}'): 'share types',
    ('DELETE', '/types/{type_id}/extra_specs/{key}'): 'share types',
    ('GET', '/shares'): 'lists shares; rules are not in it',
    ('GET', '/shares/detail'): 'lists shares; rules are not in it',
    ('POST', '/shares'): 'creates a share; nothing to guard yet',
    ('GET', '/shares/{share_id}'): 'reads a share; no rule values',
    ('GET', '/shares/{share_id}/metadata'): "reads a share's metadata",
    ('GET', '/shares/{share_id}/metadata/{key}'):
        "reads a share's metadata",
    ('GET', '/shares/{share_id}/export_locations'): 'export paths',
    ('GET', '/shares/{share_id}/instances'): 'reads the share',
    ('GET', '/share_instances'): 'reads shares',
    ('GET', '/share_instances/{instance_id}'): 'reads a share',
    ('GET', '/share_instances/{instance_id}/export_locations'):
        'export paths',
    ('GET', '/share_instances/{instance_id}/export_locations/'
            '{export_location_id}'): 'export paths',
    ('GET', '/scheduler-stats/pools'): "the back end's pool",
    ('GET', '/scheduler-stats/pools/detail'): "the back end's pool",
    ('GET', '/quota-class-sets/{class_name}'): 'configuration',
    ('PUT', '/quota-class-sets/{class_name}'): 'always refused',
    ('GET', '/shares/{share_id}/export_locations/{export_location_id}'):
        'export paths',
    ('GET', '/share-replicas'): 'always empty here',
    ('GET', '/share-replicas/detail'): 'always empty here',
    ('GET', '/share-replicas/{share_replica_id}'): 'none exist',
    ('GET', '/share-transfers'): 'lists offers',
    ('GET', '/share-transfers/detail'): 'lists offers',
    ('GET', '/share-transfers/{transfer_id}'): 'reads an offer',
    ('DELETE', '/share-transfers/{transfer_id}'):
        'cancels an offer: the share stays with its owner',
    ('GET', '/resource-locks'): 'the locks themselves (authz matrix)',
    ('POST', '/resource-locks'): 'a way of placing (every setup)',
    ('GET', '/resource-locks/{lock_id}'): 'the locks themselves',
    ('PUT', '/resource-locks/{lock_id}'): 'a way of placing (setups put)',
    ('GET', '/resource-locks/{lock_id}/retention'): 'reads a lock',
    ('PUT', '/resource-locks/{lock_id}/retention'):
        'gives a lock its lifetime (the LIFETIMES setups)',
    ('DELETE', '/resource-locks/{lock_id}/retention'):
        'lengthens a lock (tests/api/test_lock_lifetimes.py)',
    ('GET', '/resource-locks/{lock_id}/legal-hold'): 'reads a lock',
    ('PUT', '/resource-locks/{lock_id}/legal-hold'):
        'holds a lock (the LIFETIMES setups)',
    ('DELETE', '/resource-locks/{lock_id}/legal-hold'):
        'releases a hold (tests/api/test_lock_lifetimes.py)',
    ('GET', '/resource-lock-events'):
        'the lock history: reads, scoped as locks (authz matrix)',
    ('GET', '/resource-lock-events/{event_id}'): 'the lock history',
    ('GET', '/availability-zones'): 'the back end\'s zone',
    ('GET', '/os-availability-zone'): 'the back end\'s zone',
    ('GET', '/limits'): 'counts shares; changes nothing',
    ('GET', '/quota-sets/{project_id}'): 'counts shares; changes nothing',
    ('GET', '/quota-sets/{project_id}/detail'): 'counts shares',
    ('GET', '/quota-sets/{project_id}/defaults'): 'configuration',
    ('PUT', '/quota-sets/{project_id}'): 'always refused',
    ('GET', '/messages'): 'messages hold no locks',
    ('GET', '/messages/{message_id}'): 'messages hold no locks',
    ('DELETE', '/messages/{message_id}'):
        'removes a message, never its share',
    ('GET', '/snapshots'): 'always empty here',
    ('GET', '/snapshots/detail'): 'always empty here',
    ('GET', '/snapshots/{snapshot_id}'): 'none exist',
    ('POST', '/snapshots'): 'always refused; the share is not touched',
}
# Manila collections this service has none of (host/handlers/absent.py):
# reads of nothing, and creates that are always refused.
for _path, _methods in routes.ROUTES.items():
    if _path.split('/')[1] in ('share-networks', 'share-servers',
                               'security-services', 'share-groups',
                               'share-group-types', 'share-group-snapshots'):
        for _method in _methods:
            NOT_GUARDED[(_method, _path)] = 'none exist; creates refused'
# Share actions (POST /shares/{id}/action), by name: each is an operation
# above under some microversion's spelling, or listed here.
ACTIONS_NOT_GUARDED = {}


def test_every_route_is_in_the_guard_matrix():
    world = World('share', 'rule', 'lock')
    table = router.Router(routes.ROUTES, ml_conf.build([]).project_id_regex)
    covered = set()
    recorder = _Recorder()
    people = {name: recorder for name in ('alice', 'bob', 'eve', 'admin',
                                          'nova')}
    for op, run in OPS.items():
        if run in (_purge, _restore, _accept):
            continue    # they write to the database first; routes below
        run(people, world)
    _action('restore', persona='alice')(people, world)
    _call(recorder, 'POST', '/share-transfers/x/accept', {})
    for method, path in recorder.requests:
        resolved = table.resolve('/v2' + path.split('?')[0])
        if resolved:
            covered.add((method, resolved.route_path))
    every = {(method, path) for path, methods in routes.ROUTES.items()
             for method in methods}
    assert every - covered - set(NOT_GUARDED) == set()
    assert covered & set(NOT_GUARDED) == set()


def test_every_share_action_is_in_the_guard_matrix():
    world = World('share', 'rule', 'lock')
    recorder = _Recorder()
    people = {name: recorder for name in ('alice', 'bob', 'eve', 'admin',
                                          'nova')}
    names = set()
    bodies = []
    recorder.post = lambda path, body, **kw: bodies.append(body) or (
        _Anything())
    recorder.raw = lambda method, path, body=b'', **kw: bodies.append(
        json.loads(body or b'{}')) or _Anything()
    for op, run in OPS.items():
        if run not in (_purge, _restore, _accept):
            run(people, world)
    _action('restore', persona='alice')(people, world)
    for body in bodies:
        names.update(body)
    assert set(share_actions.ACTIONS) - names - set(
        ACTIONS_NOT_GUARDED) == set()
