"""What a rule list answers, pinned: each listed rule is the rule as
show answers it, without share_id, at every microversion and for callers
who see it redacted or not. The list reads rules, the share's visibility
locks and metadata by share; show reads one rule with its lock and
metadata: two readings that must agree."""
import datetime
import time

import pytest
import sqlalchemy as sa

from manila_locks.core import models as core_models
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.host import models as host_models
from tests.api import access_rule_steps as steps

RULES = host_models.AccessRule.__table__
SHARES = host_models.Share.__table__
LOCKS = core_models.ResourceLock.__table__
# A timestamp without microseconds still shows six digits.
CHANGED_AT = datetime.datetime(2026, 1, 2, 3, 4, 5)


@pytest.fixture
def rules(db, api, share):
    """name -> rule id: plain (with metadata), hidden (visibility-locked
    by alice), expired (its visibility lock has expired: shown in full),
    changing (queued_to_deny, updated at CHANGED_AT)."""
    ids = {
        'plain': steps.allow(api, share['id'], '10.0.0.1',
                             metadata={'k': 'v'})['id'],
        'hidden': steps.allow(api, share['id'], '10.0.0.2',
                              lock_visibility=True)['id'],
        'expired': steps.allow(api, share['id'], '10.0.0.3',
                               lock_visibility=True)['id'],
        'changing': steps.allow(api, share['id'], '10.0.0.4')['id'],
    }
    with db.engine.begin() as conn:
        conn.execute(LOCKS.update().where(
            LOCKS.c.resource_id == ids['expired']).values(
            expires_at=datetime.datetime(2000, 1, 1)))
        conn.execute(RULES.update().where(
            RULES.c.id == ids['changing']).values(
            state='queued_to_deny', updated_at=CHANGED_AT))
    return ids


def _by_id(listed):
    return {rule['id']: rule for rule in listed}


@pytest.mark.parametrize('version', ['2.45', '2.82', '2.88', '2.99'])
@pytest.mark.parametrize('caller', ['api', 'bob'])
def test_a_listed_rule_is_the_shown_rule_without_share_id(
        request, rules, share, version, caller):
    client = request.getfixturevalue(caller).as_(version=version)
    listed = steps.rules(client, share['id'])
    assert [rule['id'] for rule in listed] == list(rules.values())
    for rule in listed:
        shown = client.get('/share-access-rules/%s' % rule['id']).json[
            'access']
        assert shown.pop('share_id') == share['id']
        assert rule == shown
    listed = _by_id(listed)
    redacted = caller == 'bob'
    assert listed[rules['hidden']]['access_to'] == (
        '******' if redacted else '10.0.0.2')
    assert listed[rules['expired']]['access_to'] == '10.0.0.3'
    assert listed[rules['plain']]['metadata'] == {'k': 'v'}
    changing = listed[rules['changing']]
    assert changing['state'] == 'queued_to_deny'
    assert changing['updated_at'] == '2026-01-02T03:04:05.000000'


@pytest.mark.parametrize('version, state', [('2.27', 'new'),
                                            ('2.28', 'queued_to_deny')])
def test_the_legacy_list_shows_what_its_version_knows(bob, rules, share,
                                                      version, state):
    listed = _by_id(bob.as_(version=version).post(
        steps.action_path(share['id']), {'access_list': None}
    ).json['access_list'])
    assert list(listed) == list(rules.values())
    assert listed[rules['changing']]['state'] == state
    assert listed[rules['hidden']]['access_to'] == '******'
    assert listed[rules['hidden']]['access_key'] == '******'
    assert listed[rules['expired']]['access_to'] == '10.0.0.3'
    assert 'metadata' not in listed[rules['plain']]
    assert 'created_at' not in listed[rules['plain']]


def test_a_rule_list_does_not_wait_for_a_writer(db, api, share, conf):
    """The list reads on a plain connection (db_api.core_reader): on SQLite
    it takes no write lock, so a writer's open transaction (which holds
    SQLite's, or the share's row lock elsewhere) does not hold it up."""
    steps.allow(api, share['id'], '10.0.0.9')
    with db_api.core_writer() as writer:
        writer.execute(sa.select(SHARES.c.id).where(
            SHARES.c.id == share['id']).with_for_update())
        started = time.monotonic()
        listed = steps.rules(api, share['id'])
        waited = time.monotonic() - started
    assert [rule['access_to'] for rule in listed] == ['10.0.0.9']
    # SQLite's busy timeout is 30 s: a list that needed the write lock
    # would wait that long, then fail.
    assert waited < 10


def _deny_behind_the_list(engine, rule_id):
    """What a deny commits (the rule and its visibility lock removed),
    committed by another connection just before the list reads the
    share's visibility locks: between its two reads."""
    done = []

    def before(conn, cursor, statement, parameters, context, many):
        if done or 'FROM resource_locks' not in statement:
            return
        done.append(statement)
        with engine.connect() as other:
            other.execute(RULES.update().where(RULES.c.id == rule_id).values(
                state='deleted', deleted=rule_id))
            other.execute(LOCKS.update().where(
                LOCKS.c.resource_id == rule_id).values(deleted=rule_id))
            other.commit()
    sa.event.listen(engine, 'before_cursor_execute', before)
    return done, lambda: sa.event.remove(engine, 'before_cursor_execute',
                                         before)


def test_a_rule_denied_during_the_list_is_never_shown_unredacted(
        db, api, bob, share):
    """The rules and their visibility locks are read by two statements of
    one snapshot (db_api.core_reader(one_snapshot=True)). From two states,
    a rule read before a deny and its lock looked for after it would be
    listed without the lock: its access_to shown to bob, who may never
    see it. Found in review; without the one snapshot it failed so on
    every backend."""
    rule = steps.allow(api, share['id'], '10.9.9.9', lock_visibility=True)
    done, stop = _deny_behind_the_list(db.engine, rule['id'])
    try:
        listed = steps.rules(bob, share['id'])
    finally:
        stop()
    assert done, 'the deny did not run between the two reads'
    assert '10.9.9.9' not in [r['access_to'] for r in listed]
    # The list's snapshot predates the deny: the rule, redacted.
    assert [(r['id'], r['access_to']) for r in listed] == [
        (rule['id'], v.REDACTED)]
    # And after it, gone.
    assert steps.rules(bob, share['id']) == []


ISOLATION = {'postgresql': ('SHOW transaction_isolation', 'read committed'),
             'mysql': ('SELECT @@tx_isolation', 'READ-COMMITTED')}


def test_a_rule_list_leaves_its_connection_read_committed(db, api, share):
    """The list's snapshot is for its own transaction only: the pooled
    connection it used goes back READ COMMITTED, which the row-locked
    paths rely on (a read after a row lock must see what the lock's
    holder committed). Found in review: on MySQL, SQLAlchemy reset the
    connection to the server's default, REPEATABLE READ."""
    steps.allow(api, share['id'], '10.0.0.7')
    db.engine.dispose()     # the list's connection is then the only one
    steps.rules(api, share['id'])
    assert db.engine.pool.checkedin() == 1
    with db.engine.connect() as connection:
        if db.name == 'sqlite':
            # One writer at a time: no isolation level to leave behind;
            # the list's read transaction is over.
            assert not connection.connection.dbapi_connection.in_transaction
            return
        query, expected = ISOLATION[db.name]
        assert connection.exec_driver_sql(query).scalar() == expected
