"""manila_locks.policy: oslo.policy's decisions, rules loaded once, answers
kept per request, policy file changes still applied."""
import json
import os
import signal
import time
import warnings

import pytest

from manila_locks.cmd import api
from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks import policy

RULE = 'resource_lock:get_all_projects'


def caller(*roles, project='p1'):
    return ml_context.RequestContext(user_id='u', project_id=project,
                                     roles=list(roles))


@pytest.fixture
def policy_file(tmp_path):
    path = tmp_path / 'policy.json'
    path.write_text('{}')
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    conf.set_override('policy_file', str(path), group='oslo_policy')
    policy.init(conf)
    return path


def _write(path, rules):
    # oslo.policy re-reads a file whose mtime moved forward; one write a
    # second after another may share its mtime, so move it on explicitly.
    path.write_text(json.dumps(rules))
    later = time.time() + 10
    os.utime(path, (later, later))


def test_same_answers_as_oslo_policy(policy_file):
    enforcer = policy._enforcer()
    for roles in (['reader'], ['member', 'reader'], ['admin'], []):
        for rule in enforcer.rules:
            for target in ({'project_id': 'p1', 'user_id': 'u'},
                           {'project_id': 'p2', 'user_id': 'x'}, {}):
                expected = enforcer.enforce(
                    rule, target, caller(*roles).to_policy_values())
                assert policy.check(caller(*roles), rule, target) == (
                    expected), (rule, roles, target)


def test_a_file_override_applies(policy_file):
    assert not policy.check(caller('member'), RULE)
    _write(policy_file, {RULE: 'role:member'})
    policy.reload()
    assert policy.check(caller('member'), RULE)


def test_a_changed_file_applies_without_reload(policy_file, monkeypatch):
    assert not policy.check(caller('member'), RULE)
    _write(policy_file, {RULE: 'role:member'})
    # Within the interval the loaded rules stand; after it, the new file.
    assert not policy.check(caller('member'), RULE)
    monkeypatch.setattr(policy, 'RELOAD_CHECK_INTERVAL', 0)
    assert policy.check(caller('member'), RULE)


def test_one_request_asks_oslo_policy_once(policy_file, monkeypatch):
    asked = []
    decide = policy._decide

    def counting(enforcer, rule, target, creds):
        asked.append(rule)
        return decide(enforcer, rule, target, creds)
    monkeypatch.setattr(policy, '_decide', counting)
    context = caller('member')
    for _ in range(3):
        policy.check(context, RULE)
        policy.is_admin(context)
    assert sorted(asked) == ['context_is_admin', RULE]
    # Another target is another question.
    policy.check(context, RULE, {'project_id': 'p2'})
    assert len(asked) == 3


def test_an_unknown_rule_fails_closed(policy_file):
    assert policy.check(caller('admin'), 'no_such_rule') is False


def test_sighup_in_manila_locks_api_reloads(policy_file):
    _write(policy_file, {RULE: 'role:member'})
    api._reload_policy(signal.SIGHUP, None)
    assert policy.check(caller('member'), RULE)


# Callers whose credentials differ in every field oslo.context gives.
CREDENTIAL_CALLERS = [
    ml_context.RequestContext(user_id='u', project_id='p1',
                              roles=['member', 'reader']),
    ml_context.RequestContext(user_id='u', project_id=None, roles=[]),
    ml_context.RequestContext(
        user_id='nova', project_id='service', roles=['admin'],
        user_domain_id='default', project_domain_id='default',
        service_user_id='nova-svc', service_project_id='services',
        service_roles=['service'], service_user_domain_id='d1',
        service_project_domain_id='d2', is_admin_project=False),
    ml_context.RequestContext(user_id='cloud', system_scope='all',
                              roles=['admin', 'reader']),
    ml_context.RequestContext(user_id='dom', domain_id='d9',
                              roles=['manager']),
]


@pytest.mark.parametrize('context', CREDENTIAL_CALLERS)
def test_credentials_are_oslo_contexts_policy_values(context):
    expected = dict(context.to_policy_values())
    if expected.get('system_scope'):
        expected['system'] = expected['system_scope']
    assert policy._credentials(context) == expected


def test_credentials_keep_what_a_service_adds_to_the_policy_values(
        monkeypatch):
    # A key added after oslo.context built its values (a deprecated one)
    # is kept, under the standard ones, as dict() of the mapping keeps it.
    standard = ml_context.RequestContext.to_policy_values

    def with_added(self):
        values = standard(self)
        values['tenant'] = self.project_id
        values['user_id'] = 'shadowed'      # the standard value wins
        return values
    monkeypatch.setattr(ml_context.RequestContext, 'to_policy_values',
                        with_added)
    context = CREDENTIAL_CALLERS[0]
    with pytest.warns(DeprecationWarning):
        expected = dict(context.to_policy_values())
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        creds = policy._credentials(context)
    assert creds == expected
    assert creds['tenant'] == 'p1' and creds['user_id'] == 'u'


def test_credentials_of_another_mapping_are_its_dict(monkeypatch):
    monkeypatch.setattr(ml_context.RequestContext, 'to_policy_values',
                        lambda self: {'user_id': self.user_id, 'roles': []})
    assert policy._credentials(CREDENTIAL_CALLERS[0]) == {
        'user_id': 'u', 'roles': []}
