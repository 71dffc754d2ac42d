"""Issue 16 attacked from outside: every request that could remove,
shorten, weaken, hide or move a kept lock (compliance retention, or a
legal hold) or the share and rule it guards, as a table.

Two worlds, built the same way through the API (`kept` fixture):

* ``compliance``: alice's share lock L, the deletion lock R on one of
  her rules (with its companion share lock C) and the visibility lock V
  on another rule are compliance until an hour from now (no cooling-off);
* ``held``: the same locks carry a governance expiry an hour ahead and an
  administrator's legal hold.

Each row is one request (who, method, path, body, microversion) and the
status it must get in each world. Whatever it gets, a refused row must
change nothing: the rows of shares, rules, locks and transfers are
compared before and after, the invariants must hold, and the answer must
be a JSON fault of Manila's shape (never a 500). One test per world runs
the whole table against one world (built again after a row that changed
it) and reports every failing row at once. SQLite runs every row;
ROWS_EVERYWHERE also run on PostgreSQL and MariaDB
(MANILA_LOCKS_ATTACK_ALL=1: every row there too).
"""
import datetime
import os

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.core import lifetime
from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import drivers
from manila_locks.host import invariants
from manila_locks.host import models as host_models
from manila_locks.host import share_service
from tests.api import access_rule_steps as steps
from tests.api import test_lock_lifetimes as lifetimes

HOUR = datetime.timedelta(hours=1)
SECOND = datetime.timedelta(seconds=1)
MISSING = '0b0b0b0b-0000-4000-8000-000000000000'
TABLES = (host_models.Share, host_models.AccessRule,
          core_models.ResourceLock, host_models.ShareTransfer)

ALICE, BOB, EVE, ADMIN, NOVA, READER = (
    'alice', 'bob', 'eve', 'admin', 'nova', 'reader')


def _iso(value, suffix=''):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') + suffix


def _shifted(value, hours):
    """`value` (naive UTC) written in the zone `hours` east of UTC."""
    zone = datetime.timezone(datetime.timedelta(hours=hours))
    return value.replace(tzinfo=datetime.timezone.utc).astimezone(
        zone).isoformat()


# Bodies that depend on the world's expiry E (a callable of E) or not.
def shorter(expires):
    return {'retention': {'expires_at': _iso(expires - SECOND)}}


def shorter_in_a_zone(expires):
    # The digits say E + 30 min, the zone (+01:00) makes it E - 30 min:
    # a parser that drops the offset would take it for an extension.
    local = expires + datetime.timedelta(minutes=30)
    return {'retention': {'expires_at': _iso(local, '+01:00')}}


def same_as_governance(expires):
    return {'retention': {'expires_at': _iso(expires), 'mode': 'governance'}}


def longer_as_governance(expires):
    return {'retention': {'expires_at': _iso(expires + HOUR),
                          'mode': 'governance'}}


def the_date_only(expires):
    # '2026-12-03': midnight, before E (or in the past): never longer.
    return {'retention': {'expires_at': expires.date().isoformat()}}


class Raw:
    """A body sent as these bytes, with this Content-Type."""

    def __init__(self, data, content_type='application/json'):
        self.data, self.content_type = data, content_type


SHORT = {'retention': {'duration': 60}}
PAST = {'retention': {'expires_at': '2001-01-01T00:00:00'}}

# (name, who, method, path, body, version, {world: status})
# path placeholders: {share} {share_type} {rule} {show_rule} {L} {R} {C}
# {V} {missing}; a body may be a callable of the world's expiry, or Raw.
BOTH_403 = {'compliance': 403, 'held': 403}
ROWS = [
    # -- the lock itself ------------------------------------------------
    ('delete L, owner', ALICE, 'DELETE', '/resource-locks/{L}', None,
     None, BOTH_403),
    ('delete L, admin', ADMIN, 'DELETE', '/resource-locks/{L}', None,
     None, BOTH_403),
    ('delete L, service', NOVA, 'DELETE', '/resource-locks/{L}', None,
     None, BOTH_403),
    ('delete R, admin', ADMIN, 'DELETE', '/resource-locks/{R}', None,
     None, BOTH_403),
    ('delete V, admin', ADMIN, 'DELETE', '/resource-locks/{V}', None,
     None, BOTH_403),
    ('delete companion C, owner', ALICE, 'DELETE', '/resource-locks/{C}',
     None, None, BOTH_403),
    ('delete companion C, admin', ADMIN, 'DELETE', '/resource-locks/{C}',
     None, None, BOTH_403),
    ('put R action show', ADMIN, 'PUT', '/resource-locks/{R}',
     {'resource_lock': {'resource_action': 'show'}}, None, BOTH_403),
    ('put V action delete (unhides)', ADMIN, 'PUT', '/resource-locks/{V}',
     {'resource_lock': {'resource_action': 'delete'}}, None, BOTH_403),
    ('put companion reason', ADMIN, 'PUT', '/resource-locks/{C}',
     {'resource_lock': {'lock_reason': 'mine now'}}, None, BOTH_403),
    ('put L unknown key expires_at', ALICE, 'PUT', '/resource-locks/{L}',
     {'resource_lock': {'expires_at': None}}, None,
     {'compliance': 400, 'held': 400}),
    ('put L null action', ADMIN, 'PUT', '/resource-locks/{L}',
     # Taken as "no change" (the action stays delete).
     {'resource_lock': {'resource_action': None}}, None,
     {'compliance': (200, 400), 'held': (200, 400)}),
    ('delete L at 2.80', ADMIN, 'DELETE', '/resource-locks/{L}', None,
     '2.80', {'compliance': 404, 'held': 404}),
    # -- retention ------------------------------------------------------
    ('retention shorter, admin', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     shorter, None, BOTH_403),
    ('retention shorter via +01:00', ALICE, 'PUT',
     '/resource-locks/{L}/retention', shorter_in_a_zone, None, BOTH_403),
    ('retention date-only', ALICE, 'PUT', '/resource-locks/{L}/retention',
     the_date_only, None, {'compliance': (400, 403), 'held': (400, 403)}),
    ('retention duration 60, service', NOVA, 'PUT',
     '/resource-locks/{L}/retention', SHORT, None, BOTH_403),
    ('retention to governance', ADMIN, 'PUT',
     '/resource-locks/{L}/retention', same_as_governance, None,
     # A held governance lock is already governance: nothing to refuse.
     {'compliance': 403, 'held': 200}),
    ('retention longer but governance', ALICE, 'PUT',
     '/resource-locks/{L}/retention', longer_as_governance, None,
     {'compliance': 403, 'held': 200}),
    ('retention of companion', ALICE, 'PUT',
     '/resource-locks/{C}/retention', SHORT, None, BOTH_403),
    ('retention in the past', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     PAST, None, {'compliance': 400, 'held': 400}),
    ('retention leap second', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': {'expires_at': '2030-06-30T23:59:60Z'}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention year 10000', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': {'expires_at': '10000-01-01T00:00:00'}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention 9999 west of UTC', ADMIN, 'PUT',
     '/resource-locks/{L}/retention',
     {'retention': {'expires_at': '9999-12-31T23:59:59-05:00'}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention lone surrogate', ADMIN, 'PUT',
     '/resource-locks/{L}/retention',
     {'retention': {'expires_at': '2030-01-01T00:00:00\ud800'}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention NUL', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': {'expires_at': '2030-01-01\x00'}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention duration 0', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': {'duration': 0}}, None, {'compliance': 400, 'held': 400}),
    ('retention duration -3600', ADMIN, 'PUT',
     '/resource-locks/{L}/retention', {'retention': {'duration': -3600}},
     None, {'compliance': 400, 'held': 400}),
    ('retention duration true', ADMIN, 'PUT',
     '/resource-locks/{L}/retention', {'retention': {'duration': True}},
     None, {'compliance': 400, 'held': 400}),
    ('retention duration 1.5', ADMIN, 'PUT',
     '/resource-locks/{L}/retention', {'retention': {'duration': 1.5}},
     None, {'compliance': 400, 'held': 400}),
    ('retention duration 2**64', ADMIN, 'PUT',
     '/resource-locks/{L}/retention', {'retention': {'duration': 2 ** 64}},
     None, {'compliance': 400, 'held': 400}),
    ('retention null body', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': None}, None, {'compliance': 400, 'held': 400}),
    ('retention null expiry', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': {'expires_at': None}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention unknown key', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     {'retention': {'duration': 60, 'legal_hold': False}}, None,
     {'compliance': 400, 'held': 400}),
    ('retention bad JSON', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     Raw(b'{"retention": {"duration": 60'), None,
     {'compliance': 400, 'held': 400}),
    ('retention as text/plain', ADMIN, 'PUT',
     '/resource-locks/{L}/retention',
     Raw(b'{"retention": {"duration": 60}}', 'text/plain'), None,
     {'compliance': 400, 'held': 400}),
    ('retention empty body', ALICE, 'PUT', '/resource-locks/{L}/retention',
     Raw(b''), None, {'compliance': 400, 'held': 400}),
    ('hold as form data', ADMIN, 'PUT', '/resource-locks/{L}/legal-hold',
     Raw(b'reason=x', 'application/x-www-form-urlencoded'), None,
     {'compliance': 400, 'held': 400}),
    ('retention list body', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     [], None, {'compliance': 400, 'held': 400}),
    ('unset retention, owner', ALICE, 'DELETE',
     '/resource-locks/{L}/retention', None, None,
     # Unsetting lengthens a held lock's life: allowed.
     {'compliance': 403, 'held': 204}),
    ('unset retention, admin', ADMIN, 'DELETE',
     '/resource-locks/{R}/retention', None, None,
     {'compliance': 403, 'held': 204}),
    ('retention at 2.80', ADMIN, 'PUT', '/resource-locks/{L}/retention',
     SHORT, '2.80', {'compliance': 404, 'held': 404}),
    ('unset retention at 2.80', ADMIN, 'DELETE',
     '/resource-locks/{L}/retention', None, '2.80',
     {'compliance': 404, 'held': 404}),
    # -- legal hold -----------------------------------------------------
    ('release hold, owner', ALICE, 'DELETE',
     '/resource-locks/{L}/legal-hold', None, None, BOTH_403),
    ('release hold, service', NOVA, 'DELETE',
     '/resource-locks/{L}/legal-hold', None, None, BOTH_403),
    ('release hold, reader', READER, 'DELETE',
     '/resource-locks/{L}/legal-hold', None, None, BOTH_403),
    ('place hold, owner', ALICE, 'PUT', '/resource-locks/{L}/legal-hold',
     {'legal_hold': {'reason': None}}, None, BOTH_403),
    ('place hold on companion, admin', ADMIN, 'PUT',
     '/resource-locks/{C}/legal-hold', {'legal_hold': {}}, None, BOTH_403),
    ('release hold of companion, admin', ADMIN, 'DELETE',
     '/resource-locks/{C}/legal-hold', None, None, BOTH_403),
    ('release hold at 2.80', ADMIN, 'DELETE',
     '/resource-locks/{L}/legal-hold', None, '2.80',
     {'compliance': 404, 'held': 404}),
    ('hold null body', ADMIN, 'PUT', '/resource-locks/{L}/legal-hold',
     {'legal_hold': None}, None, {'compliance': 400, 'held': 400}),
    # -- other projects learn nothing ----------------------------------
    ('retention of L, other project', EVE, 'GET',
     '/resource-locks/{L}/retention', None, None,
     {'compliance': 404, 'held': 404}),
    ('retention of a missing lock', EVE, 'GET',
     '/resource-locks/{missing}/retention', None, None,
     {'compliance': 404, 'held': 404}),
    ('set retention of L, other project', EVE, 'PUT',
     '/resource-locks/{L}/retention', SHORT, None,
     {'compliance': 404, 'held': 404}),
    ('set retention of a missing lock', EVE, 'PUT',
     '/resource-locks/{missing}/retention', SHORT, None,
     {'compliance': 404, 'held': 404}),
    ('make L compliance, other project', EVE, 'PUT',
     '/resource-locks/{L}/retention',
     {'retention': {'duration': 60, 'mode': 'compliance'}}, None,
     {'compliance': 404, 'held': 404}),
    ('hold of a missing lock', EVE, 'GET',
     '/resource-locks/{missing}/legal-hold', None, None,
     {'compliance': 404, 'held': 404}),
    ('unset retention of L, other project', EVE, 'DELETE',
     '/resource-locks/{L}/retention', None, None,
     {'compliance': 404, 'held': 404}),
    ('hold of L, other project', EVE, 'GET',
     '/resource-locks/{L}/legal-hold', None, None,
     {'compliance': 404, 'held': 404}),
    ('release hold of L, other project', EVE, 'DELETE',
     '/resource-locks/{L}/legal-hold', None, None, BOTH_403),
    ('release hold of a missing lock', EVE, 'DELETE',
     '/resource-locks/{missing}/legal-hold', None, None, BOTH_403),
    ('delete L, other project', EVE, 'DELETE', '/resource-locks/{L}', None,
     None, {'compliance': 404, 'held': 404}),
    # -- the rules --------------------------------------------------------
    ('deny R rule, owner', ALICE, 'POST', '/shares/{share}/action',
     {'deny_access': {'access_id': '{rule}'}}, None, BOTH_403),
    ('unrestricted deny, admin', ADMIN, 'POST', '/shares/{share}/action',
     {'deny_access': {'access_id': '{rule}', 'unrestrict': True}}, None,
     BOTH_403),
    ('unrestricted deny, service', NOVA, 'POST', '/shares/{share}/action',
     {'deny_access': {'access_id': '{rule}', 'unrestrict': True}}, None,
     BOTH_403),
    ('deny the hidden rule, admin', ADMIN, 'POST', '/shares/{share}/action',
     {'deny_access': {'access_id': '{show_rule}'}}, None, BOTH_403),
    ('unrestricted deny hidden rule', ADMIN, 'POST',
     '/shares/{share}/action',
     {'deny_access': {'access_id': '{show_rule}', 'unrestrict': True}},
     None, BOTH_403),
    ('allow again with lock flags', ALICE, 'POST', '/shares/{share}/action',
     {'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.5',
                       'lock_deletion': True}}, None,
     {'compliance': 400, 'held': 400}),
    # -- the share --------------------------------------------------------
    ('share delete, admin', ADMIN, 'DELETE', '/shares/{share}', None, None,
     BOTH_403),
    ('share force delete, admin', ADMIN, 'POST', '/shares/{share}/action',
     {'force_delete': None}, None, BOTH_403),
    ('share os-force_delete at 2.6', ADMIN, 'POST',
     '/shares/{share}/action', {'os-force_delete': None}, '2.6', BOTH_403),
    ('share soft delete, owner', ALICE, 'POST', '/shares/{share}/action',
     {'soft_delete': None}, None, BOTH_403),
    ('share unmanage, admin', ADMIN, 'POST', '/shares/{share}/action',
     {'unmanage': None}, None, BOTH_403),
    ('share legacy unmanage, admin', ADMIN, 'POST',
     '/os-share-unmanage/{share}/unmanage', None, '2.6', BOTH_403),
    ('instance force delete, admin', ADMIN, 'POST',
     '/share_instances/{share}/action', {'force_delete': None}, None,
     BOTH_403),
    ('share type delete, admin', ADMIN, 'DELETE', '/types/{share_type}',
     None, None, {'compliance': 400, 'held': 400}),
    ('share instance reset status, admin', ADMIN, 'POST',
     '/share_instances/{share}/action',
     {'reset_status': {'status': 'deleting'}}, None,
     {'compliance': 202, 'held': 202}),
    ('share instance force delete, admin', ADMIN, 'POST',
     '/share_instances/{share}/action', {'force_delete': None}, None,
     BOTH_403),
    ('share migration start, admin', ADMIN, 'POST', '/shares/{share}/action',
     {'migration_start': {'host': 'elsewhere@backend#pool',
                          'writable': False, 'preserve_metadata': False,
                          'preserve_snapshots': False,
                          'nondisruptive': False}}, None,
     # No host elsewhere (or, after a reset, a share not available): the
     # share stays where it is, with its locks.
     {'compliance': (400, 404), 'held': (400, 404)}),
    ('transfer create, owner', ALICE, 'POST', '/share-transfers',
     {'transfer': {'share_id': '{share}'}}, '2.82', BOTH_403),
]
# The rows run on PostgreSQL and MariaDB too; MANILA_LOCKS_ATTACK_ALL=1
# runs every row there.
ROWS_EVERYWHERE = ('delete L, admin', 'retention shorter via +01:00',
                   'unset retention, admin', 'unrestricted deny, admin',
                   'share force delete, admin', 'retention lone surrogate')


# The test's clock (core/clock.py's now), as test_lock_lifetimes has it.
clock = lifetimes.clock


def _clients(api, admin, nova):
    return {ALICE: api, BOB: api.as_('bob:p1'), EVE: api.as_('eve:p2'),
            ADMIN: admin, NOVA: nova, READER: api.as_('rita:p1:reader')}


def _put(client, lock_id, sub, body):
    return client.put('/resource-locks/%s/%s' % (lock_id, sub), body)


WORLDS = ('compliance', 'held')


def _build(world, api, admin, clock):
    """A new world: {'world', 'expires', ids by placeholder}."""
    share = api.create_share()
    rule = steps.allow(api, share['id'], lock_deletion=True)
    show_rule = steps.allow(api, share['id'], access_to='10.0.0.6',
                            lock_visibility=True)
    lock = api.lock(share['id'])
    [rule_lock] = steps.locks_on(admin, rule['id'])
    [shown] = steps.locks_on(admin, show_rule['id'])
    [companion] = [found for found in steps.locks_on(admin, share['id'])
                   if found['id'] != lock['id']]
    expires = clock() + HOUR
    for lock_id in (lock['id'], rule_lock['id'], shown['id']):
        if world == 'compliance':
            _put(api, lock_id, 'retention', {'retention': {
                'expires_at': _iso(expires), 'mode': 'compliance'}})
        else:
            _put(api, lock_id, 'retention',
                 {'retention': {'expires_at': _iso(expires)}})
            _put(admin, lock_id, 'legal-hold',
                 {'legal_hold': {'reason': 'case 7'}})
    return {'world': world, 'expires': expires,
            'share': share['id'], 'share_type': share['share_type'],
            'rule': rule['id'],
            'show_rule': show_rule['id'], 'L': lock['id'],
            'R': rule_lock['id'], 'C': companion['id'], 'V': shown['id'],
            'missing': MISSING}


@pytest.fixture(params=WORLDS)
def kept(request, db, api, admin, clock):
    return _build(request.param, api, admin, clock)


def _rows(db):
    """Every row of the tables a removal would touch, by table."""
    with db.engine.connect() as connection:
        return {model.__tablename__: sorted(
            tuple(row) for row in connection.execute(sa.select(model)))
            for model in TABLES}


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


def _send(client, method, path, body):
    kwargs = {'status': '*', 'expect_errors': True}
    if method == 'GET':
        return client.get(path, **kwargs)
    if method == 'DELETE':
        return client.delete(path, **kwargs)
    call = client.post if method == 'POST' else client.put
    if isinstance(body, Raw):
        return client.raw(method, path, body.data, headers={
            'Content-Type': body.content_type})
    if body is None:
        return client.raw(method, path, b'', headers={
            'Content-Type': 'application/json'})
    return call(path, body, **kwargs)


def _is_manila_fault(response):
    """{"<fault name>": {"code": <status>, "message": "..."}}"""
    assert response.content_type == 'application/json', response
    [(name, fault)] = response.json.items()
    assert set(fault) == {'code', 'message'}, response.json
    assert fault['code'] == response.status_int
    assert fault['message'].strip()
    return name


def _holds(db):
    with db.engine.connect() as connection:
        broken = {name: rows for name, rows
                  in invariants.check_all(connection).items() if rows}
    assert broken == {}


def _run_row(db, api, admin, nova, kept, row):
    name, who, method, path, body, version, expected = row
    client = _clients(api, admin, nova)[who]
    if version:
        client = client.as_(version=version)
    if callable(body):
        body = body(kept['expires'])
    before = _rows(db)
    response = _send(client, method, _fill(path, kept), _fill(body, kept))
    wanted = expected[kept['world']]
    wanted = wanted if isinstance(wanted, tuple) else (wanted,)
    assert response.status_int in wanted, (name, response.status,
                                           response.body[:300])
    if response.status_int >= 400:
        _is_manila_fault(response)
        if response.status_int == 403:
            assert 'forbidden' in response.json, response.json
        assert _rows(db) == before, name
    _holds(db)


def _run_table(db, api, admin, nova, clock, world, names=None):
    """Every row (or those named) against one world, built once and again
    after each row that changed it; returns the rows that failed, with
    why, so that one run reports them all."""
    kept, failed = _build(world, api, admin, clock), []
    for row in ROWS:
        if names is not None and row[0] not in names:
            continue
        before = _rows(db)
        try:
            _run_row(db, api, admin, nova, kept, row)
        except AssertionError as error:
            failed.append((row[0], str(error)[:500]))
        if _rows(db) != before:
            kept = _build(world, api, admin, clock)
    return failed


sqlite_only = pytest.mark.parametrize('db_server', ['sqlite'],
                                      indirect=True)


@sqlite_only
@pytest.mark.parametrize('world', WORLDS)
def test_kept_locks_and_what_they_guard(db, api, admin, nova, clock, world):
    assert _run_table(db, api, admin, nova, clock, world) == []


@pytest.mark.parametrize('db_server', ['postgresql', 'mysql'],
                         indirect=True)
@pytest.mark.parametrize('world', WORLDS)
def test_kept_locks_on_the_other_backends(db, api, admin, nova, clock,
                                          world):
    names = (None if os.environ.get('MANILA_LOCKS_ATTACK_ALL')
             else ROWS_EVERYWHERE)
    assert _run_table(db, api, admin, nova, clock, world, names) == []


# -- what no single request does: time, cron, the companion ---------------

@sqlite_only
def test_cron_spares_kept_locks(db, conf, api, admin, nova, kept, clock):
    """`locks expire` and the recycle bin's purge before the expiry (and,
    for a held lock, long after it) leave everything as it was."""
    admin_context = ml_context.get_admin_context()
    later = (kept['expires'] - SECOND if kept['world'] == 'compliance'
             else kept['expires'] + 1000 * HOUR)
    clock.at(later)
    with db.engine.begin() as connection:
        connection.execute(sa.update(host_models.Share).where(
            host_models.Share.id == kept['share']).values(
            is_soft_deleted=True,
            scheduled_to_be_deleted_at=base.utcnow() - SECOND))
    before = _rows(db)
    assert lifetime.expire(admin_context) == []
    assert lifetime.expire(admin_context, now=later) == []
    assert share_service.purge_expired(admin_context, drivers.load(conf)) == []
    # (The invariants are not asked: the share was put in the recycle bin
    # behind the API's back, as a locked share cannot be soft-deleted.)
    assert _rows(db) == before


@sqlite_only
def test_reset_status_opens_no_way_round(db, api, admin, nova, kept):
    admin.post('/shares/%s/action' % kept['share'],
               {'reset_status': {'status': 'error_deleting'}}, status=202)
    before = _rows(db)
    for row in ROWS:
        if row[0].startswith('share ') and row[-1] == BOTH_403:
            _run_row(db, api, admin, nova, kept, row)
    assert _rows(db) == before


@sqlite_only
def test_a_hidden_rule_shows_itself_exactly_at_expiry(db, api, admin,
                                                      share, clock):
    """A visibility lock with an expiry hides the rule's value from those
    who may not bypass it until the instant it expires, and from then on
    from nobody who may see the rule; other projects never see it."""
    rule = steps.allow(api, share['id'], access_to='10.9.9.9',
                       lock_visibility=True)
    [shown] = steps.locks_on(admin, rule['id'])
    expires = clock() + HOUR
    _put(api, shown['id'], 'retention',
         {'retention': {'expires_at': _iso(expires)}})
    bob, eve = api.as_('bob:p1'), api.as_('eve:p2')
    clock.at(expires - SECOND)
    assert [r['access_to'] for r in steps.rules(bob, share['id'])] == [
        '******']
    assert [r['access_to'] for r in steps.rules(api, share['id'])] == [
        '10.9.9.9']
    # Another project learns what it learns of a share that does not
    # exist (Manila's 400 'Share ... not found.').
    assert steps.rules(eve, share['id'], status=400) == {
        'badRequest': {'code': 400,
                       'message': 'Share %s not found.' % share['id']}}
    clock.at(expires)
    assert [r['access_to'] for r in steps.rules(bob, share['id'])] == [
        '10.9.9.9']
    steps.rules(eve, share['id'], status=400)
    eve.get('/share-access-rules/%s' % rule['id'], status=404)


@sqlite_only
def test_an_expired_lock_leaves_lists_counts_and_filters(db, api, admin,
                                                         share, lock,
                                                         clock):
    expires = clock() + HOUR
    _put(api, lock['id'], 'retention',
         {'retention': {'expires_at': _iso(expires)}})
    clock.at(expires)
    for client in (api, admin):
        for params in ({'resource_id': share['id']}, {'id': lock['id']},
                       {'with_count': 'true'},
                       {'all_projects': 'true', 'with_count': 'true'},
                       {'lock_reason~': 'in'}):
            body = client.get('/resource-locks', params=params,
                              status='*')
            assert body.status_int in (200, 403), params
            if body.status_int == 200:
                assert body.json['resource_locks'] == [], params
                assert body.json.get('count', 0) == 0, params
    # Its history stays readable; the sweep adds 'expired'.
    events = api.get('/resource-lock-events', params={
        'lock_id': lock['id']}).json['resource_lock_events']
    assert [event['event'] for event in events] == ['changed', 'placed']
    lifetime.expire(ml_context.get_admin_context())
    events = api.get('/resource-lock-events', params={
        'lock_id': lock['id']}).json['resource_lock_events']
    assert events[0]['event'] == 'expired'


def _lifetime_rows(db, *lock_ids):
    with db.engine.connect() as connection:
        model = core_models.ResourceLock
        return {row.id: (row.deleted == base.LIVE, row.expires_at,
                         row.legal_hold_at is not None, row.retention_mode,
                         row.binding_from)
                for row in connection.execute(sa.select(model).where(
                    model.id.in_(lock_ids)))}


@sqlite_only
def test_the_companion_lives_exactly_as_its_parent(db, api, admin, share,
                                                   clock):
    """Same expiry, mode, cooling-off and hold, whichever way they change
    and whenever the companion is placed; its retention reads as the
    parent's."""
    rule = steps.allow(api, share['id'], lock_deletion=True)
    [parent] = steps.locks_on(admin, rule['id'])
    [companion] = steps.locks_on(admin, share['id'])
    expires = clock() + HOUR

    def same():
        rows = _lifetime_rows(db, parent['id'], companion['id'])
        assert rows[parent['id']] == rows[companion['id']], rows
        return rows[parent['id']]

    _put(api, parent['id'], 'retention',
         {'retention': {'expires_at': _iso(expires)}})
    assert same()[1] is not None
    _put(api, parent['id'], 'retention',
         {'retention': {'expires_at': _iso(expires + HOUR)}})
    same()
    _put(admin, parent['id'], 'legal-hold', {'legal_hold': {}})
    assert same()[2]
    admin.delete('/resource-locks/%s/legal-hold' % parent['id'],
                 status=204)
    same()
    # Turned into a visibility lock and back: a new companion, which
    # takes the parent's lifetime again.
    api.put('/resource-locks/%s' % parent['id'],
            {'resource_lock': {'resource_action': 'show'}})
    api.put('/resource-locks/%s' % parent['id'],
            {'resource_lock': {'resource_action': 'delete'}})
    [companion] = steps.locks_on(admin, share['id'])
    assert same()[1] == expires + HOUR
    # Compliance: the share's lock says so too, to anyone who looks.
    _put(api, parent['id'], 'retention', {'retention': {
        'expires_at': _iso(expires + HOUR), 'mode': 'compliance'}})
    assert same()[3] == 'compliance'
    shown = [api.get('/resource-locks/%s/retention' % lock_id).json[
        'retention'] for lock_id in (parent['id'], companion['id'])]
    assert [dict(body, lock_id=None) for body in shown] == [
        dict(shown[0], lock_id=None)] * 2
    # At the parent's expiry both are gone and nothing guards the share.
    clock.at(expires + HOUR)
    assert steps.locks_on(admin, share['id']) == []
    assert admin.delete('/shares/%s' % share['id'], status='*'
                        ).status_int == 202


def _locks_only(db):
    return _rows(db)[core_models.ResourceLock.__tablename__]


@sqlite_only
def test_an_access_level_change_keeps_the_rule_s_locks(db, api, admin,
                                                       kept):
    """PUT /share-access-rules/{id} (2.88) changes no lock: neither the
    rule's kept deletion lock nor the hidden rule's visibility lock."""
    before = _locks_only(db)
    for rule in ('rule', 'show_rule'):
        for who in (api, admin):
            response = who.as_(version='2.88').put(
                '/share-access-rules/%s' % kept[rule],
                {'update_access': {'access_level': 'ro'}}, status='*')
            assert response.status_int == 200, response
    assert _locks_only(db) == before
    # The hidden rule's value stays hidden from bob.
    shown = steps.rules(api.as_('bob:p1'), kept['share'])
    assert '10.0.0.6' not in [rule['access_to'] for rule in shown]
    _holds(db)


@sqlite_only
def test_a_transfer_on_offer_before_the_lock_cannot_carry_it_off(
        db, api, admin, share, clock):
    """A transfer made before the lock, its share put back to available
    by an administrator, then locked under compliance: accepting the old
    offer is refused and nothing moves."""
    transfers = api.as_(version='2.82')
    offer = transfers.post('/share-transfers', {
        'transfer': {'share_id': share['id']}}, status=202).json['transfer']
    admin.post('/shares/%s/action' % share['id'],
               {'reset_status': {'status': 'available'}}, status=202)
    lock = api.lock(share['id'])
    _put(api, lock['id'], 'retention', {'retention': {
        'duration': 3600, 'mode': 'compliance'}})
    before = _rows(db)
    response = transfers.as_('eve:p2').post(
        '/share-transfers/%s/accept' % offer['id'],
        {'accept': {'auth_key': offer['auth_key']}}, status='*')
    assert response.status_int in (400, 403, 409), response
    _is_manila_fault(response)
    assert _rows(db) == before


# -- who may make a lock unremovable --------------------------------------

@sqlite_only
def test_an_operator_bounds_who_makes_a_lock_compliance(
        db, conf, tmp_path, api, admin, share, lock, clock):
    """By default whoever may update a lock may make it compliance (and so
    make its share undeletable, by administrators too, for up to 100
    years). resource_lock:compliance lets an operator restrict that:
    making a lock compliance and extending a compliance lock then take
    it; governance expiries and compliance locks as they are do not."""
    steps.override_policy(conf, tmp_path, {
        'resource_lock:compliance': 'role:compliance-officer'})
    path = '/resource-locks/%s/retention' % lock['id']
    before = _rows(db)
    for body in ({'duration': 3600, 'mode': 'compliance'},
                 {'expires_at': _iso(clock() + HOUR), 'mode': 'compliance'}):
        for who in (api, admin):
            response = who.put(path, {'retention': body}, status=403)
            assert 'resource_lock:compliance' in steps.message(response)
    assert _rows(db) == before
    # Governance stays the lock updater's.
    assert _put(api, lock['id'], 'retention', {'retention': {
        'duration': 7200}}).json['retention']['mode'] == 'governance'
    officer = api.as_('alice:p1:compliance-officer,member,reader')
    body = _put(officer, lock['id'], 'retention', {'retention': {
        'duration': 3600, 'mode': 'compliance'}}).json['retention']
    assert body['mode'] == 'compliance'
    expires = body['expires_at']
    # Its reason still changes; the same retention again is no change;
    # an extension needs the rule again.
    api.put('/resource-locks/%s' % lock['id'],
            {'resource_lock': {'lock_reason': 'audit'}})
    assert _put(api, lock['id'], 'retention', {'retention': {
        'expires_at': expires}}).json['retention']['expires_at'] == expires
    api.put(path, {'retention': {'duration': 7200}}, status=403)
    _put(officer, lock['id'], 'retention', {'retention': {
        'duration': 7200}})
    _holds(db)


@sqlite_only
def test_another_project_tells_a_kept_lock_from_no_lock_by_nothing(
        db, api, admin, kept):
    """Every sub-resource answers another project's member, for a kept
    lock of p1, word for word what it answers for a lock id that does
    not exist."""
    eve = api.as_('eve:p2')
    for method, sub, body in (
            ('GET', 'retention', None), ('PUT', 'retention', SHORT),
            ('DELETE', 'retention', None), ('GET', 'legal-hold', None),
            ('PUT', 'legal-hold', {'legal_hold': {}}),
            ('DELETE', 'legal-hold', None)):
        answers = []
        for lock_id in (kept['L'], MISSING):
            response = _send(eve, method, '/resource-locks/%s/%s'
                             % (lock_id, sub), body)
            answers.append((response.status_int, response.body.replace(
                lock_id.encode(), b'<id>')))
        assert answers[0] == answers[1], (method, sub, answers)


@sqlite_only
def test_a_user_does_not_undo_a_compliance_officer_while_it_cools_off(
        db, conf, tmp_path, api, admin, share, lock, clock):
    """With a cooling-off period and resource_lock:compliance narrowed to
    administrators, a compliance an administrator gave alice's lock binds
    alice at once too: she may not make a lock compliance, so she may not
    undo one."""
    conf.set_override('compliance_cooling_off_seconds', 600)
    steps.override_policy(conf, tmp_path, {
        'resource_lock:compliance': 'role:admin'})
    body = _put(admin, lock['id'], 'retention', {'retention': {
        'duration': 3600, 'mode': 'compliance'}}).json['retention']
    assert body['binding_from'] == _iso(clock() + 10 * 60 * SECOND)
    before = _rows(db)
    path = '/resource-locks/%s' % lock['id']
    for response in (
            api.delete(path, status='*'),
            api.delete(path + '/retention', status='*'),
            api.put(path + '/retention', {'retention': {'duration': 60}},
                    status='*'),
            api.put(path + '/retention', {'retention': {
                'duration': 3600, 'mode': 'governance'}}, status='*')):
        assert response.status_int == 403, response
        assert 'compliance retention' in steps.message(response)
    assert _rows(db) == before
