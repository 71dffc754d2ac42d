"""The lock history's pure logic: event rows, before/after, when a
refusal is written, and how events become notifications."""
import logging
import queue
import types

from oslo_db import exception as db_exc
import pytest

from manila_locks.core import exception
from manila_locks.core import history
from manila_locks.core import retry
from manila_locks import notifier


class Context:
    """A request context; `in_transaction` as enginefacade would say."""
    user_id, project_id = 'alice', 'p1'
    request_id = 'req-1'
    global_request_id = None
    is_admin = False
    service_user_id = 'nova'
    service_project_id = 'service'

    def __init__(self, in_transaction=False, service=False):
        self.in_transaction = in_transaction
        self.is_service = service

    @property
    def transaction_ctx(self):
        if not self.in_transaction:
            raise db_exc.NoEngineContextEstablished()
        return object()


def _lock(**fields):
    values = dict(id='lock-1', user_id='alice', project_id='p1',
                  lock_context='user', resource_project_id='p1',
                  resource_id='share-1', resource_type='share',
                  resource_action='delete', lock_reason='why')
    values.update(fields)
    return types.SimpleNamespace(**values)


def test_difference_keeps_what_changed():
    assert history.difference(
        {'lock_reason': 'a', 'resource_action': 'delete'},
        {'lock_reason': 'b', 'resource_action': 'delete'}) == (
        {'lock_reason': 'a'}, {'lock_reason': 'b'})
    assert history.difference({'lock_reason': 'a'},
                              {'lock_reason': 'a'}) == ({}, {})


@pytest.mark.parametrize('event, before, after', [
    (history.PLACED, None, {'resource_action': 'delete',
                            'lock_reason': 'why'}),
    (history.REMOVED, {'resource_action': 'delete', 'lock_reason': 'why'},
     None),
    (history.RELEASED, {'resource_action': 'delete', 'lock_reason': 'why'},
     None),
    (history.RESOURCE_DELETED, {'resource_action': 'delete',
                                'lock_reason': 'why'}, None),
    (history.EXPIRED, {'resource_action': 'delete', 'lock_reason': 'why'},
     None),
    (history.REFUSED, None, None),
])
def test_what_each_event_keeps_of_the_lock(event, before, after):
    [row] = history.rows_for(Context(), event, [_lock()], 'op')
    decoded = history.as_dict(row)
    assert (decoded['before'], decoded['after']) == (before, after)
    assert (row['event'], row['operation'], row['lock_id'],
            row['user_id'], row['requester_context']) == (
        event, 'op', 'lock-1', 'alice', 'user')


def test_service_ids_count_only_with_a_service_token():
    [plain] = history.rows_for(Context(), history.PLACED, [_lock()], 'op')
    [served] = history.rows_for(Context(service=True), history.PLACED,
                                [_lock()], 'op')
    assert (plain['service_user_id'], plain['service_project_id']) == (
        None, None)
    assert (served['service_user_id'], served['service_project_id'],
            served['requester_context']) == ('nova', 'service', 'service')


def test_lock_provenance_names_who_placed_it():
    assert history.lock_provenance(Context()) == {
        'placed_by_user_id': 'alice', 'placed_by_project_id': 'p1',
        'service_user_id': None, 'service_project_id': None,
        'request_id': 'req-1', 'global_request_id': None}


def _refusing():
    # The outermost transaction's wrapper writes a refusal's history.
    @retry.on_deadlock
    def refused(ctx):
        raise history.refuse(ctx, exception.ResourceLocked('delete', []),
                             [_lock()], 'delete', 'share-1')
    return refused


@pytest.fixture
def written(monkeypatch):
    stored = []
    monkeypatch.setattr(history, '_write_refusal',
                        lambda context, refusal: stored.append(refusal))
    return stored


def test_a_refusal_is_written_once_its_transaction_is_over(written):
    context = Context(in_transaction=False)
    with pytest.raises(exception.ResourceLocked) as caught:
        _refusing()(context)
    [refusal] = written
    assert refusal.share_id == 'share-1'
    assert [row['event'] for row in refusal.rows] == [history.REFUSED]
    # Written once: the rows left the error.
    assert caught.value.refusal is None
    history.keep_refusal(context, caught.value)
    assert len(written) == 1


def test_inside_a_transaction_the_outermost_writes_it(written):
    context = Context(in_transaction=True)
    with pytest.raises(exception.ResourceLocked) as caught:
        _refusing()(context)
    assert written == []
    assert caught.value.refusal is not None


def test_other_errors_pass_untouched(written):
    @retry.on_deadlock
    def failing(context):
        raise exception.Invalid()
    with pytest.raises(exception.Invalid):
        failing(Context())
    assert written == []


def test_a_refusal_that_cannot_be_written_is_logged(monkeypatch, caplog):
    def broken(context, refusal):
        raise RuntimeError('database down')
    monkeypatch.setattr(history, '_write_refusal', broken)
    with pytest.raises(exception.ResourceLocked):
        _refusing()(Context())
    assert 'Could not record the refusal of request req-1' in caplog.text


@pytest.mark.parametrize('event, expected', [
    (history.PLACED, 'resource_lock.create.end'),
    (history.CHANGED, 'resource_lock.update.end'),
    (history.REMOVED, 'resource_lock.delete.end'),
    (history.RELEASED, 'resource_lock.delete.end'),
    (history.RESOURCE_DELETED, 'resource_lock.delete.end'),
    (history.EXPIRED, 'resource_lock.expire.end'),
])
def test_event_types(event, expected):
    assert notifier.event_type({'event': event}) == expected


@pytest.mark.parametrize('operation, expected', [
    ('delete', 'share.delete.refused'),
    ('soft delete', 'share.soft_delete.refused'),
    ('unmanage', 'share.unmanage.refused'),
    ('transfer', 'share.transfer.refused'),
    ('deny access', 'share.deny_access.refused'),
    ('unrestricted deny access', 'share.deny_access.refused'),
])
def test_refusal_event_types(operation, expected):
    row = {'event': history.REFUSED, 'operation': operation}
    assert notifier.event_type(row, 'share-1') == expected


def test_refusal_payload_names_the_share_and_every_lock():
    rows = history.rows_for(Context(), history.REFUSED,
                            [_lock(), _lock(id='lock-2')], 'delete')
    payload = notifier.refusal_payload(rows, 'share-1')
    assert (payload['share_id'], payload['operation'], payload['lock_ids'],
            payload['user_id'], payload['request_id']) == (
        'share-1', 'delete', ['lock-1', 'lock-2'], 'alice', 'req-1')
    assert [e['lock_id'] for e in payload['events']] == ['lock-1', 'lock-2']
    assert isinstance(payload['events'][0]['created_at'], str)


def _queued_notifier(size):
    """A Notifier whose sender thread never started: nothing leaves its
    queue."""
    lock_notifier = notifier.Notifier.__new__(notifier.Notifier)
    lock_notifier.enabled = True
    lock_notifier._size = size
    lock_notifier._queue = queue.Queue(maxsize=size)
    lock_notifier._sender = lambda: lock_notifier._queue
    return lock_notifier


def test_a_full_queue_drops_and_says_so(caplog):
    lock_notifier = _queued_notifier(size=2)
    rows = history.rows_for(Context(), history.PLACED,
                            [_lock(id='l%d' % n) for n in range(3)], 'op')
    with caplog.at_level(logging.WARNING):
        lock_notifier.lock_events(rows)
    assert lock_notifier._queue.qsize() == 2
    assert 'dropped' in caplog.text
    # Nobody sends: flush gives up in its time.
    assert lock_notifier.flush(0.05) is False
