"""Lock notifications without a broker: oslo.messaging's in-memory `test`
driver behind the real Notifier (its queue and sender thread). Names,
payloads, publisher id; sent only after commit, never for a change that
rolled back; nothing at all with the default `noop` driver. The same
against RabbitMQ: tests/functional/test_lock_notifications_rabbitmq.py.
"""
import pytest
import webtest

from manila_locks import conf as ml_conf
from manila_locks.host import deploy
from manila_locks import notifier
from manila_locks import policy
from tests.api import access_rule_steps as steps
from tests.api import conftest as api_conftest

GROUP = notifier.GROUP


def _in_memory():
    from oslo_messaging.notify import _impl_test
    return _impl_test


@pytest.fixture
def notified(db, tmp_path):
    """(client, sent()): alice's client on an app whose notifications go
    to oslo.messaging's test driver; sent() flushes and returns
    [(event_type, payload, publisher_id, context)]."""
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    conf.set_override('host', 'host-a')
    conf.set_override('driver', ['test'], group=GROUP)
    policy.init(conf)
    lock_notifier = notifier.Notifier(conf)
    app = webtest.TestApp(deploy.build_app(conf,
                                           lock_notifier=lock_notifier))
    memory = _in_memory()
    memory.reset()

    def sent():
        assert lock_notifier.flush(10)
        return [(message['event_type'], message['payload'],
                 message['publisher_id'], ctxt)
                for ctxt, message, priority, retry in memory.NOTIFICATIONS]
    return api_conftest.Client(app, 'alice:p1'), sent


def test_noop_is_the_default_and_sends_nothing(tmp_path):
    conf = ml_conf.build([])
    assert conf[GROUP].driver == ['noop']
    assert notifier.Notifier(conf).enabled is False


def test_lock_lifecycle(notified):
    api, sent = notified
    share = api.create_share()
    response = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id'], 'lock_reason': 'r1'}})
    lock = response.json['resource_lock']
    api.put('/resource-locks/%s' % lock['id'],
            {'resource_lock': {'lock_reason': 'r2'}})
    api.delete('/resource-locks/%s' % lock['id'], status=204)
    messages = sent()
    assert [m[0] for m in messages] == [
        'resource_lock.create.end', 'resource_lock.update.end',
        'resource_lock.delete.end']
    created, updated, deleted = [m[1] for m in messages]
    assert created['lock_id'] == lock['id']
    assert created['request_id'] == response.headers[
        'x-openstack-request-id']
    assert (created['user_id'], created['project_id'],
            created['resource_project_id'], created['lock_context']) == (
        'alice', 'p1', 'p1', 'user')
    assert (updated['before'], updated['after']) == (
        {'lock_reason': 'r1'}, {'lock_reason': 'r2'})
    assert deleted['event'] == 'removed'
    assert {m[2] for m in messages} == {'share.host-a'}
    # The context names the caller and the request, and carries no token.
    context = messages[0][3]
    assert context['request_id'] == created['request_id']
    assert context['auth_token'] is None
    assert context.get('service_token') is None


def test_refused_delete(notified):
    api, sent = notified
    share = api.create_share()
    lock = api.lock(share['id'])
    api.delete('/shares/%s' % share['id'], status=403)
    event_type, payload, _, _ = sent()[-1]
    assert event_type == 'share.delete.refused'
    assert (payload['share_id'], payload['operation'],
            payload['lock_ids']) == (share['id'], 'delete', [lock['id']])
    assert payload['events'][0]['event'] == 'refused'


def test_refused_and_released_deny(notified):
    api, sent = notified
    share = api.create_share()
    rule = steps.allow_locked(api, share['id'])
    steps.deny(api, share['id'], rule['id'], status=403)
    steps.deny(api, share['id'], rule['id'], unrestrict=True)
    messages = sent()
    kinds = [(m[0], m[1].get('event')) for m in messages]
    assert kinds[:3] == [('resource_lock.create.end', 'placed')] * 3
    assert kinds[3] == ('share.deny_access.refused', None)
    assert kinds[4:] == [('resource_lock.delete.end', 'released')] * 3


def test_nothing_for_a_change_that_rolled_back(notified):
    api, sent = notified
    share = api.create_share()
    rule = steps.allow(api, share['id'], lock_visibility=True)
    before = sent()
    api.lock(rule['id'], 'access_rule', 'show', status=409)
    assert sent() == before


def test_sent_only_after_commit(db, tmp_path):
    """The notifier is handed events once their rows are committed: a
    second connection already sees them."""
    seen = []

    class Probe:
        enabled = True

        def lock_events(self, rows, refused_share_id=None):
            with db.engine.connect() as connection:
                found = connection.exec_driver_sql(
                    'SELECT count(*) FROM resource_lock_events WHERE id = '
                    "'%s'" % rows[0]['id']).scalar()
            seen.append(found)

    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)
    app = webtest.TestApp(deploy.build_app(conf, lock_notifier=Probe()))
    api = api_conftest.Client(app, 'alice:p1')
    share = api.create_share()
    api.lock(share['id'])
    api.delete('/shares/%s' % share['id'], status=403)
    assert seen == [1, 1]
