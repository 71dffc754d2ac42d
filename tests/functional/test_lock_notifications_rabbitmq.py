"""Lock notifications on a real RabbitMQ (127.0.0.1:5672, guest/guest):
the in-process API with oslo.messaging's messagingv2 driver publishes,
and the test consumes what arrived and checks every event kind.

Each test names its own exchange (control_exchange) and topic, so runs
and workers never see each other's messages; the queue oslo.messaging
declares (<topic>.info) and the exchange are deleted afterwards. Without
a broker the tests skip, or fail when $CI is set.

A broker that cannot be reached (a closed port, or one that accepts the
connection and never answers) fails no API call and slows none: the
history is still written and the answers come within a bounded time.
"""
import contextlib
import json
import os
import socket
import time
import uuid

import pytest
import webtest

from manila_locks import conf as ml_conf
from manila_locks.host import deploy
from manila_locks import notifier
from manila_locks import policy
from tests.api import access_rule_steps as steps
from tests.api import conftest as api_conftest

BROKER_HOST, BROKER_PORT = '127.0.0.1', 5672
BROKER_URL = 'rabbit://guest:guest@%s:%d/' % (BROKER_HOST, BROKER_PORT)
# A request must answer within this, broker or not (they take ~0.1 s).
BOUND_SECONDS = 3.0


def _reachable():
    try:
        socket.create_connection((BROKER_HOST, BROKER_PORT), timeout=2).close()
    except OSError as exc:
        return exc
    return None


@pytest.fixture
def broker():
    problem = _reachable()
    if problem is not None:
        message = 'RabbitMQ at %s:%d unreachable: %s' % (
            BROKER_HOST, BROKER_PORT, problem)
        if os.environ.get('CI'):
            pytest.fail(message + ' (CI needs it)')
        pytest.skip(message)


def _app(db, tmp_path, transport_url, run):
    """alice's client and the notifier of an app publishing to
    `transport_url`, exchange and topic named after `run`."""
    config = tmp_path / 'notifications.conf'
    config.write_text(
        '[DEFAULT]\ncontrol_exchange = ml-locks-%s\nhost = test-host\n'
        '[oslo_messaging_notifications]\ndriver = messagingv2\n'
        'transport_url = %s\ntopics = ml-locks-%s\nretry = 0\n'
        % (run, transport_url, run))
    conf = ml_conf.build(['--config-file', str(config)])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)
    lock_notifier = notifier.Notifier(conf)
    app = webtest.TestApp(deploy.build_app(conf,
                                           lock_notifier=lock_notifier))
    return api_conftest.Client(app, 'alice:p1'), lock_notifier


@contextlib.contextmanager
def _channel():
    import kombu
    with kombu.Connection('amqp://guest:guest@%s:%d//' % (
            BROKER_HOST, BROKER_PORT), connect_timeout=5) as connection:
        yield connection.default_channel


def _consume(run, expected, timeout=15):
    """The messages of queue ml-locks-<run>.info, until `expected` of them
    arrived or `timeout` passed; each decoded from its oslo envelope."""
    messages = []
    deadline = time.monotonic() + timeout
    with _channel() as channel:
        while len(messages) < expected and time.monotonic() < deadline:
            try:
                message = channel.basic_get(queue='ml-locks-%s.info' % run,
                                            no_ack=True)
            except Exception:
                # The queue is declared with the first message published.
                message = None
            if message is None:
                time.sleep(0.1)
                continue
            envelope = json.loads(message.body)
            messages.append(json.loads(envelope['oslo.message']))
    return messages


def _cleanup(run):
    with contextlib.suppress(Exception), _channel() as channel:
        channel.queue_delete(queue='ml-locks-%s.info' % run)
        channel.exchange_delete(exchange='ml-locks-%s' % run)


@pytest.fixture
def run():
    name = uuid.uuid4().hex
    yield name
    if _reachable() is None:
        _cleanup(name)


def _every_event_kind(api):
    """Drive one lock of each kind through its life; the event types (in
    order) it must produce."""
    share = api.create_share('notified')
    lock = api.lock(share['id'], reason='r1')
    api.put('/resource-locks/%s' % lock['id'],
            {'resource_lock': {'lock_reason': 'r2'}})
    api.delete('/shares/%s' % share['id'], status=403)
    api.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=403)
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    rule = steps.allow_locked(api, share['id'])
    steps.deny(api, share['id'], rule['id'], status=403)
    steps.deny(api, share['id'], rule['id'], unrestrict=True)
    private = steps.allow(api, share['id'], access_to='10.0.0.9',
                          lock_visibility=True)
    api.delete('/shares/%s' % share['id'], status=202)
    return share, lock, rule, private


EXPECTED = (
    ['resource_lock.create.end', 'resource_lock.update.end',
     'share.delete.refused', 'share.soft_delete.refused',
     'resource_lock.delete.end'] +
    ['resource_lock.create.end'] * 3 + ['share.deny_access.refused'] +
    ['resource_lock.delete.end'] * 3 +
    ['resource_lock.create.end', 'resource_lock.delete.end'])


def test_every_event_kind_reaches_rabbitmq(broker, db, tmp_path, run):
    api, lock_notifier = _app(db, tmp_path, BROKER_URL, run)
    share, lock, rule, private = _every_event_kind(api)
    assert lock_notifier.flush(15)
    messages = _consume(run, len(EXPECTED))
    assert [m['event_type'] for m in messages] == EXPECTED
    assert {m['publisher_id'] for m in messages} == {'share.test-host'}
    assert {m['priority'] for m in messages} == {'INFO'}
    payloads = [m['payload'] for m in messages]
    created, updated = payloads[0], payloads[1]
    assert (created['lock_id'], created['event'], created['user_id'],
            created['after']) == (lock['id'], 'placed', 'alice',
                                  {'resource_action': 'delete',
                                   'lock_reason': 'r1'})
    assert (updated['before'], updated['after']) == (
        {'lock_reason': 'r1'}, {'lock_reason': 'r2'})
    refused = payloads[2]
    assert (refused['share_id'], refused['operation'],
            refused['lock_ids']) == (share['id'], 'delete', [lock['id']])
    assert payloads[4]['event'] == 'removed'
    deny_refused = payloads[8]
    assert deny_refused['operation'] == 'deny access'
    assert {p['event'] for p in payloads[9:12]} == {'released'}
    assert {p['resource_id'] for p in payloads[9:12]} == {
        rule['id'], share['id']}
    gone = payloads[13]
    assert (gone['event'], gone['resource_id'], gone['operation']) == (
        'resource_deleted', private['id'], 'delete')
    # The context of each message names the request, and holds no token.
    assert all(m['_context_request_id'] == m['payload']['request_id']
               for m in messages)
    assert all(m.get('_context_auth_token') is None for m in messages)


def test_nova_provenance_reaches_rabbitmq(broker, db, tmp_path, run):
    api, lock_notifier = _app(db, tmp_path, BROKER_URL, run)
    share = api.create_share('attached')
    global_id = 'req-%s' % uuid.uuid4()
    nova = api.as_('nova:service:admin,member,reader')
    nova.post(steps.action_path(share['id']), {'allow_access': {
        'access_type': 'ip', 'access_to': '10.0.0.5',
        'lock_deletion': True, 'lock_visibility': True,
        'lock_reason': steps.NOVA_REASON}},
        headers={'X-OpenStack-Request-ID': global_id})
    assert lock_notifier.flush(15)
    messages = _consume(run, 3)
    assert [m['event_type'] for m in messages] == [
        'resource_lock.create.end'] * 3
    for message in messages:
        payload = message['payload']
        assert (payload['user_id'], payload['project_id'],
                payload['requester_context'], payload['global_request_id'],
                payload['resource_project_id']) == (
            'nova', 'service', 'admin', global_id, 'p1')
        assert message['_context_global_request_id'] == global_id


@contextlib.contextmanager
def _silent_broker():
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(16)
    try:
        yield 'rabbit://guest:guest@127.0.0.1:%d/' % (
            listener.getsockname()[1])
    finally:
        listener.close()


def _closed_port():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return 'rabbit://guest:guest@127.0.0.1:%d/' % port


@pytest.mark.parametrize('outage', ['closed port', 'silent broker'])
def test_a_broker_outage_fails_and_slows_no_request(db, tmp_path, run,
                                                    outage):
    with contextlib.ExitStack() as stack:
        url = (_closed_port() if outage == 'closed port'
               else stack.enter_context(_silent_broker()))
        api, lock_notifier = _app(db, tmp_path, url, run)
        timings = []

        def timed(call):
            started = time.monotonic()
            result = call()
            timings.append(time.monotonic() - started)
            return result
        share = timed(lambda: api.create_share('outage'))
        lock = timed(lambda: api.lock(share['id']))
        timed(lambda: api.delete('/shares/%s' % share['id'], status=403))
        timed(lambda: api.delete('/resource-locks/%s' % lock['id'],
                                 status=204))
        timed(lambda: api.delete('/shares/%s' % share['id'], status=202))
        assert max(timings) < BOUND_SECONDS, timings
        events = api.get('/resource-lock-events', params={
            'lock_id': lock['id'], 'sort_dir': 'asc'}).json[
            'resource_lock_events']
        assert [e['event'] for e in events] == ['placed', 'refused',
                                                'removed']
