"""A committed access change stands when the database fails afterwards.

allow_access, deny_access and update_access commit their change, then
apply the share's rules to the backend in a second transaction. If the
database becomes unavailable in between, the change is already durable:
the answer reports it (the rule as accepted, queued), and the next access
change of the share applies what was left queued. Any other failure of the
apply step is still an error. Decisions: host/access_service.py.
"""
from oslo_db import exception as db_exc
import pytest

from manila_locks.host import access_service
from tests.api import access_rule_steps as steps


@pytest.fixture
def outage(monkeypatch):
    """The next `count` applies fail as a lost connection does."""
    real_apply = access_service.apply
    failures = []

    def apply(context, driver, share_id):
        if failures:
            failures.pop()
            raise db_exc.DBConnectionError('connection lost')
        return real_apply(context, driver, share_id)

    monkeypatch.setattr(access_service, 'apply', apply)

    def start(count=1):
        failures.extend([True] * count)
    return start


def _states(api, share_id):
    return {rule['access_to']: rule['state']
            for rule in steps.rules(api, share_id)}


def test_allow_answers_the_accepted_rule_with_its_locks(db, api, share,
                                                        outage):
    outage()
    rule = steps.allow_locked(api, share['id'], '10.1.0.1')
    assert rule['state'] == 'queued_to_apply'
    assert steps.live_rows(db) == {'rules': 1, 'locks': 3, 'metadata': 0}
    assert _states(api, share['id']) == {'10.1.0.1': 'queued_to_apply'}
    # The share's next access change applies the rule left queued.
    steps.allow(api, share['id'], '10.1.0.2')
    assert _states(api, share['id']) == {'10.1.0.1': 'active',
                                         '10.1.0.2': 'active'}


def test_deny_answers_202_and_the_rule_is_gone(db, api, share, outage):
    rule = steps.allow_locked(api, share['id'], '10.1.0.1')
    outage()
    steps.deny(api, share['id'], rule['id'], unrestrict=True)
    assert steps.live_rows(db) == {'rules': 0, 'locks': 0, 'metadata': 0}


def test_update_answers_the_changed_rule(api, share, outage):
    rule = steps.allow(api.as_(version='2.88'), share['id'], '10.1.0.1')
    outage()
    response = api.as_(version='2.88').put(
        '/share-access-rules/%s' % rule['id'],
        {'update_access': {'access_level': 'ro'}})
    changed = response.json['access']
    assert (changed['access_level'], changed['state']) == (
        'ro', 'queued_to_update')
    steps.allow(api, share['id'], '10.1.0.2')
    assert _states(api, share['id'])['10.1.0.1'] == 'active'


def test_other_failures_of_the_apply_step_are_still_errors(
        db, monkeypatch, api, share):
    def apply(context, driver, share_id):
        raise db_exc.DBError('a bug, not an outage')

    monkeypatch.setattr(access_service, 'apply', apply)
    response = steps.allow(api, share['id'], '10.1.0.1', status=500)
    assert response['computeFault']['code'] == 500
