"""The two write paths that run as one transaction of Core statements,
with no ORM session (issue 13): a share's deletion lock placed
(core/locks._create_on_share) and a removal of a share refused by a lock
already there (core/checker.refuse_seen). What they share with the session
paths (errors, history, notifications) is tested with those; here: that
they take no session, when the session path takes over, and that a
deadlock is retried as on every write path."""
from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from manila_locks import context as ml_context
from manila_locks.core import checker
from manila_locks.core import locks
from manila_locks.db import api as db_api
from manila_locks.db import prepared
from manila_locks.db import query as db_query
from manila_locks.host.db import shares as shares_db
from manila_locks.host import transfer_service
from tests.api import access_rule_steps as steps
from tests.api import transfer_steps
from tests import dbutils


@pytest.fixture
def sessions():
    """How many ORM session transactions begin while the test runs."""
    begun = []

    def count(session, transaction, connection):
        begun.append(session)
    sa.event.listen(orm.Session, 'after_begin', count)
    yield begun
    sa.event.remove(orm.Session, 'after_begin', count)


def _events(api, **filters):
    return api.get('/resource-lock-events', params=filters).json[
        'resource_lock_events']


def test_no_session_for_a_share_lock_or_a_refused_delete(api, share,
                                                         sessions):
    lock = api.lock(share['id'], reason='kept')
    api.delete('/shares/%s' % share['id'], status=403)
    assert sessions == []
    assert lock['lock_reason'] == 'kept'
    assert [(e['event'], e['lock_id'])
            for e in _events(api, sort_dir='asc')] == [
        ('placed', lock['id']), ('refused', lock['id'])]


def test_a_share_lock_on_the_wire(api, db, share):
    """The share's row lock, then the lock with its event. PostgreSQL:
    two strings, each an EXECUTE of a prepared statement (db/prepared),
    the first carrying the BEGIN and the second the COMMIT
    (db_api.core_writer)."""
    # One pooled connection (the pool hands its connections out in turn),
    # which the first lock makes prepare its statements.
    db.engine.dispose()
    api.lock(share['id'], reason='first')
    seen = dbutils.sent_while(
        db.engine, lambda: api.lock(share['id'], reason='again'))
    texts = [text for text in seen if dbutils.counted(text)]
    assert texts == seen, 'prepared on another connection than the first'
    if db.name == 'postgresql':
        row_lock = prepared._plan(shares_db._LOCKABLE).name
        assert len(texts) == 2, texts
        assert texts[0].startswith(dbutils.CARRIED_BEGIN + 'EXECUTE ' +
                                   row_lock + ' (')
        assert texts[1].startswith('EXECUTE manila_locks_insert_')
        assert texts[1].endswith(dbutils.CARRIED_COMMIT)
        return
    kinds = [dbutils.kind(text) for text in texts]
    assert kinds[kinds.index('SELECT'):] == ['SELECT', 'INSERT', 'INSERT']
    if db.name == 'mysql':
        assert 'FOR UPDATE' in texts[kinds.index('SELECT')]


def test_rule_locks_take_the_session_path(api, share, monkeypatch):
    def core_path(*args, **kwargs):
        raise AssertionError('the Core path ran')
    monkeypatch.setattr(locks, '_create_on_share', core_path)
    rule = steps.allow(api, share['id'])
    api.lock(rule['id'], 'access_rule')
    api.lock(rule['id'], 'access_rule', 'show')
    # The rule's deletion lock brought its companion on the share.
    found = api.get('/resource-locks?resource_id=%s' % share['id']).json
    [companion] = found['resource_locks']
    assert companion['resource_action'] == 'delete'


def test_a_transfer_offer_refused_by_any_seen_lock(api, share,
                                                   monkeypatch):
    # Handing a share over is refused for a lock of any action (here a
    # rule's visibility lock), by the same quick refusal.
    def row_locked(*args, **kwargs):
        raise AssertionError('the row-locked path ran')
    monkeypatch.setattr(transfer_service, '_create', row_locked)
    rule = steps.allow(api, share['id'], lock_visibility=True)
    response = transfer_steps.offer(api, share['id'], status=403)
    assert response['forbidden']['message'].endswith(
        'prevent transfer action.')
    [event] = _events(api, event='refused')
    assert (event['operation'], event['resource_id']) == (
        'transfer', rule['id'])


def _deadlock_once(monkeypatch, module, name):
    real = getattr(module, name)
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise db_exc.DBDeadlock()
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, flaky)
    return calls


def test_a_share_lock_insert_deadlock_is_retried(api, share, monkeypatch):
    calls = _deadlock_once(monkeypatch, db_query, 'insert_each')
    lock = api.lock(share['id'])
    assert len(calls) == 2
    found = api.get('/resource-locks?resource_id=%s' % share['id']).json
    assert [item['id'] for item in found['resource_locks']] == [lock['id']]
    assert [e['lock_id'] for e in _events(api, event='placed')] == [
        lock['id']]


def test_a_quick_refusal_read_deadlock_is_retried(api, share, lock,
                                                  monkeypatch):
    calls = _deadlock_once(monkeypatch, shares_db, 'read_guarded')
    api.delete('/shares/%s' % share['id'], status=403)
    assert len(calls) == 2
    assert [e['lock_id'] for e in _events(api, event='refused')] == [
        lock['id']]


def test_a_share_lock_on_an_unseen_share_writes_nothing(api, eve, share):
    # As Manila: 400, not 404, for a resource the caller cannot see.
    response = eve.lock(share['id'], status=400)
    assert response['badRequest']['message'] == 'No such resource found.'
    assert _events(api) == []


def test_inside_a_transaction_the_row_locked_path_decides(db):
    # A second connection would wait for the caller's on SQLite, and the
    # caller's row-locked path checks the locks anyway.
    def read(connection):
        raise AssertionError('read outside the caller\'s transaction')
    context = ml_context.get_admin_context()
    with db_api.writer.using(context):
        assert checker.refuse_seen(context, read, 'delete') is None
