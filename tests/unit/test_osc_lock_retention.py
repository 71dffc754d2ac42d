"""`openstack share lock retention ...` and `share lock hold ...` without a
server: the requests each command sends, what it shows, and its errors,
against a stand-in client. (Through the real `openstack` command:
tests/functional/test_osc_lock_retention.py.)"""
import types

from osc_lib import exceptions
import pytest

from manila_locks.osc import client as lock_client
from manila_locks.osc.v1 import lock_retention

LOCK_ID = '0d6f1c6a-2a53-4a88-9d2e-2d0f5f9d3b11'
RETENTION = {'lock_id': LOCK_ID, 'expires_at': '2027-03-31T23:59:59.000000',
             'mode': 'compliance', 'binding_from': None}
HOLD = {'lock_id': LOCK_ID, 'held': True,
        'held_since': '2026-12-03T08:00:00.000000', 'reason': 'case 7',
        'user_id': 'admin'}


class FakeApi:
    """get/put/delete as the client offers them: records each request and
    answers from `answers` (path -> body, or an ApiError to raise)."""

    def __init__(self, **answers):
        self.answers = answers
        self.calls = []

    def _answer(self, path):
        answer = self.answers.get(path.rsplit('/', 1)[-1])
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get(self, path, params=None):
        self.calls.append(('GET', path, None))
        return self._answer(path)

    def put(self, path, body):
        self.calls.append(('PUT', path, body))
        return self._answer(path)

    def delete(self, path):
        self.calls.append(('DELETE', path, None))
        self._answer(path)


def run(cls, api, *argv):
    command = cls(types.SimpleNamespace(client_manager=types.SimpleNamespace(
        resource_locks=api)), None)
    parsed = command.get_parser('openstack share lock').parse_args(
        list(argv))
    shown = command.take_action(parsed)
    return dict(zip(*shown)) if shown else None


def test_retention_show():
    api = FakeApi(retention={'retention': RETENTION})
    assert run(lock_retention.ShowRetention, api, LOCK_ID) == {
        'Lock ID': LOCK_ID, 'Expires At': RETENTION['expires_at'],
        'Mode': 'compliance', 'Binding From': None}
    assert api.calls == [('GET', '/resource-locks/%s/retention' % LOCK_ID,
                          None)]


@pytest.mark.parametrize('argv, body', [
    (['--expires-at', '2027-03-31T23:59:59'],
     {'expires_at': '2027-03-31T23:59:59'}),
    (['--duration', '3600', '--mode', 'compliance'],
     {'duration': 3600, 'mode': 'compliance'}),
    (['--duration', '60', '--mode', 'governance'],
     {'duration': 60, 'mode': 'governance'}),
])
def test_retention_set_sends_only_what_was_given(argv, body):
    api = FakeApi(retention={'retention': RETENTION})
    shown = run(lock_retention.SetRetention, api, LOCK_ID, *argv)
    assert api.calls == [('PUT', '/resource-locks/%s/retention' % LOCK_ID,
                          {'retention': body})]
    assert shown['Mode'] == 'compliance'


@pytest.mark.parametrize('argv', [
    [], ['--duration', '1', '--expires-at', '2027-01-01'],
    ['--duration', 'soon'], ['--duration', '1', '--mode', 'strict']])
def test_retention_set_refuses_bad_arguments(argv):
    with pytest.raises(SystemExit):
        run(lock_retention.SetRetention, FakeApi(), LOCK_ID, *argv)


def test_retention_unset_and_hold_unset_send_a_delete():
    api = FakeApi()
    assert run(lock_retention.UnsetRetention, api, LOCK_ID) is None
    assert run(lock_retention.UnsetHold, api, LOCK_ID) is None
    assert api.calls == [
        ('DELETE', '/resource-locks/%s/retention' % LOCK_ID, None),
        ('DELETE', '/resource-locks/%s/legal-hold' % LOCK_ID, None)]


def test_hold_show_and_set():
    api = FakeApi(**{'legal-hold': {'legal_hold': HOLD}})
    assert run(lock_retention.ShowHold, api, LOCK_ID) == {
        'Lock ID': LOCK_ID, 'Held': True, 'Held Since': HOLD['held_since'],
        'Reason': 'case 7', 'User ID': 'admin'}
    run(lock_retention.SetHold, api, LOCK_ID, '--reason', 'case 7')
    run(lock_retention.SetHold, api, LOCK_ID)
    assert [call[2] for call in api.calls[1:]] == [
        {'legal_hold': {'reason': 'case 7'}}, {'legal_hold': {}}]


@pytest.mark.parametrize('cls, argv', [
    (lock_retention.ShowRetention, []),
    (lock_retention.SetRetention, ['--duration', '60']),
    (lock_retention.UnsetRetention, []),
    (lock_retention.SetHold, []),
    (lock_retention.UnsetHold, []),
])
def test_service_errors_become_one_line(cls, argv):
    refused = lock_client.ApiError(403, 'Resource lock/s [x] are under '
                                        'compliance retention')
    api = FakeApi(retention=refused, **{'legal-hold': refused})
    with pytest.raises(exceptions.CommandError) as caught:
        run(cls, api, LOCK_ID, *argv)
    assert str(caught.value) == ('Resource lock/s [x] are under compliance '
                                 'retention (HTTP 403)')
