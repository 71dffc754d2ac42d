"""What the lock history costs in SQL statements: a lock change or a
refused delete executes exactly one statement more than without history
(one INSERT of all its events; none more for a share's lock on
PostgreSQL, whose insert carries its event), and a read executes none.

Counted by the driver (before_cursor_execute) around one request, once
as it is and once with history.rows_for returning nothing (then nothing
is queued or inserted); transaction control (BEGIN, SAVEPOINT, and the
SET LOCAL that lets a refusal's history written on the row-locked path
commit lazily on PostgreSQL, db/api.begin_refusal_write) is not
counted.
"""
import pytest

from manila_locks.core import history
from tests.api import access_rule_steps as steps
from tests.db import test_query_counts
from tests import dbutils

CONTROL = ('BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE',
           'SET LOCAL')


@pytest.fixture
def statements(db):
    recorder = test_query_counts.Statements(db.engine,
                                            keep=lambda text: True)
    yield recorder
    recorder.close()


def _cost(statements, call):
    """The statements `call()` ran, as SQL text (an EXECUTE as the text
    its PREPARE gave it), no transaction control, no PREPARE."""
    # Connections that prepared nothing yet: every PREPARE goes by here.
    statements.engine.dispose()
    statements.seen = []
    statements.counting = True
    try:
        call()
    finally:
        statements.counting = False
    prepared = dbutils.PreparedTexts()
    texts = [prepared.resolve(statement) for statement, _ in statements.seen]
    return [text for text in texts
            if text and not text.lstrip().upper().startswith(CONTROL)]


def _without_history(monkeypatch):
    monkeypatch.setattr(history, 'rows_for', lambda *args, **kwargs: [])


def _history_statements(seen):
    return [s for s in seen if 'resource_lock_events' in s]


# name -> (setup(api, share) -> state, request(api, share, state))
CHANGES = {
    'lock a share': (
        lambda api, share: None,
        lambda api, share, state: api.lock(share['id'])),
    'lock a rule (with its companion)': (
        lambda api, share: steps.allow(api, share['id']),
        lambda api, share, rule: api.lock(rule['id'], 'access_rule')),
    'allow access with three locks': (
        lambda api, share: None,
        lambda api, share, state: steps.allow_locked(api, share['id'])),
    'change a reason': (
        lambda api, share: api.lock(share['id']),
        lambda api, share, lock: api.put(
            '/resource-locks/%s' % lock['id'],
            {'resource_lock': {'lock_reason': 'x'}})),
    'remove a lock': (
        lambda api, share: api.lock(share['id']),
        lambda api, share, lock: api.delete(
            '/resource-locks/%s' % lock['id'], status=204)),
    'refused share delete': (
        lambda api, share: api.lock(share['id']),
        lambda api, share, lock: api.delete('/shares/%s' % share['id'],
                                            status=403)),
    'refused deny': (
        lambda api, share: steps.allow_locked(api, share['id']),
        lambda api, share, rule: steps.deny(api, share['id'], rule['id'],
                                            status=403)),
    'refused unrestricted deny (locks not the caller\'s)': (
        lambda api, share: steps.allow_locked(api, share['id']),
        lambda api, share, rule: steps.deny(
            api.as_('bob:p1'), share['id'], rule['id'], status=403,
            unrestrict=True)),
    'refused soft delete': (
        lambda api, share: api.lock(share['id']),
        lambda api, share, lock: api.post(
            '/shares/%s/action' % share['id'], {'soft_delete': None},
            status=403)),
    'unrestricted deny releases three locks': (
        lambda api, share: steps.allow_locked(api, share['id']),
        lambda api, share, rule: steps.deny(api, share['id'], rule['id'],
                                            unrestrict=True)),
    'deny takes a visibility lock along': (
        lambda api, share: steps.allow(api, share['id'],
                                       lock_visibility=True),
        lambda api, share, rule: steps.deny(api, share['id'], rule['id'])),
    'share delete takes a visibility lock along': (
        lambda api, share: steps.allow(api, share['id'],
                                       lock_visibility=True),
        lambda api, share, rule: api.delete('/shares/%s' % share['id'],
                                            status=202)),
    'rule lock show -> delete (companion placed)': (
        lambda api, share: api.lock(steps.allow(api, share['id'])['id'],
                                    'access_rule', 'show'),
        lambda api, share, lock: api.put(
            '/resource-locks/%s' % lock['id'],
            {'resource_lock': {'resource_action': 'delete'}})),
}


# On PostgreSQL a share's lock and its event are one statement
# (db/query.insert_each): the history costs none more there.
IN_THE_CHANGE = {('postgresql', 'lock a share')}


@pytest.mark.parametrize('name', sorted(CHANGES))
def test_a_change_costs_one_statement_more(name, db, api, statements,
                                           monkeypatch):
    setup, request = CHANGES[name]
    share = api.create_share('with')
    state = setup(api, share)
    with_history = _cost(statements, lambda: request(api, share, state))
    assert len(_history_statements(with_history)) == 1

    _without_history(monkeypatch)
    share = api.create_share('without')
    state = setup(api, share)
    without = _cost(statements, lambda: request(api, share, state))
    assert _history_statements(without) == []
    more = 0 if (db.name, name) in IN_THE_CHANGE else 1
    assert len(with_history) == len(without) + more


def _first_lock(api, share):
    return api.get('/resource-locks').json['resource_locks'][0]


def _first_rule(api, share):
    return steps.rules(api, share['id'])[0]


READS = {
    'list locks': lambda api, share: api.get('/resource-locks'),
    'list locks with count': lambda api, share: api.get(
        '/resource-locks', params={'with_count': 'true', 'limit': '1'}),
    'show a lock': lambda api, share: api.get(
        '/resource-locks/%s' % _first_lock(api, share)['id']),
    'show a share': lambda api, share: api.get('/shares/%s' % share['id']),
    'list shares in detail': lambda api, share: api.get('/shares/detail'),
    'list rules': lambda api, share: steps.rules(api, share['id']),
    'show a rule': lambda api, share: api.get(
        '/share-access-rules/%s' % _first_rule(api, share)['id']),
    'list rules as another member (redacted)': lambda api, share: (
        steps.rules(api.as_('bob:p1'), share['id'])),
}


@pytest.mark.parametrize('name', sorted(READS))
def test_reads_touch_no_history(name, api, statements, monkeypatch):
    """No read touches the history, and a read runs exactly the
    statements it runs with history recording switched off."""
    share = api.create_share()
    steps.allow_locked(api, share['id'])
    seen = _cost(statements, lambda: READS[name](api, share))
    assert seen and _history_statements(seen) == []

    _without_history(monkeypatch)
    without = _cost(statements, lambda: READS[name](api, share))
    assert without == seen
