"""The `conf` fixture hands every test one worker-wide configuration and
policy enforcer (tests/api/conftest.py): each test must find them as
ml_conf.build([]) and policy.init() make them, whatever the test before
it overrode."""
import pytest

from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks import policy
from tests.api import access_rule_steps

FRESH = ml_conf.build([])
OPTIONS = (('max_metadata_items', None), ('shares', 'quota'),
           ('policy_file', 'oslo_policy'))


def _value(conf, name, group):
    return conf[group][name] if group else conf[name]


@pytest.mark.parametrize('attempt', [1, 2])
def test_each_test_starts_from_a_fresh_configuration(conf, tmp_path,
                                                     attempt):
    # Each attempt finds the defaults, then overrides options and the
    # policy; the second would find the first's values had they leaked.
    assert conf.state_path == str(tmp_path)
    for name, group in OPTIONS:
        assert _value(conf, name, group) == _value(FRESH, name, group)
    admin = ml_context.RequestContext(user_id='a', project_id='p',
                                      roles=['admin', 'member', 'reader'])
    assert policy.check(admin, 'resource_lock:get_all_projects')
    conf.set_override('max_metadata_items', 1)
    conf.set_override('shares', 1, group='quota')
    access_rule_steps.override_policy(
        conf, tmp_path, {'resource_lock:get_all_projects': '!'})
    assert not policy.check(admin, 'resource_lock:get_all_projects')
