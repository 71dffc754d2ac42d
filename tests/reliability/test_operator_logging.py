"""Operators can follow every lock change and every refusal in the log.

Each lock placed, changed or removed and each refused delete is logged
exactly once (manila_locks/core/audit.py), with the request id the caller
got back, the user, the project, the lock ids and the action; no log line
ever carries an access_key. Driven in-process on every backend (a refusal
that a backend's row lock or constraint produced must be logged too), and
the last test checks that the lines reach the log of a gunicorn-run service
on PostgreSQL and MariaDB.
"""
import json
import logging
import re

import pytest
import webtest

from manila_locks import conf as ml_conf
from manila_locks.host import deploy
from manila_locks import policy

AUDIT_LOGGER = 'manila_locks.core.audit'
ALICE = ('alice', 'p1', 'alice:p1')
ADMIN = ('admin', 'admin-project', 'admin:admin-project:admin,member,reader')


class Caller:
    def __init__(self, app, person):
        self.app = app
        self.user, self.project, self.token = person

    def call(self, method, path, body=None):
        response = self.app.request(
            '/v2' + path, method=method, expect_errors=True,
            headers={'X-Auth-Token': self.token,
                     'X-OpenStack-Manila-API-Version': '2.82',
                     'Content-Type': 'application/json'},
            body=b'' if body is None else json.dumps(body).encode())
        return response


@pytest.fixture
def app(db, tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)
    return webtest.TestApp(deploy.build_app(conf))


def _audit_lines(caplog, request_id):
    return [record.getMessage() for record in caplog.records
            if record.name == AUDIT_LOGGER and
            request_id in record.getMessage()]


def _expect(caplog, response, status, event, who, actions):
    """`actions`: {lock id: action}. Each lock id is named by exactly one
    audit line of this request, which names the request, who and the
    action. Returns the request's audit lines."""
    assert response.status_int == status, response.text
    request_id = response.headers['x-openstack-request-id']
    lines = _audit_lines(caplog, request_id)
    user, project, _ = who
    for lock_id, action in actions.items():
        naming = [line for line in lines if lock_id in line]
        assert len(naming) == 1, (lock_id, lines)
        assert re.search(r'^Lock %s: request %s user %s project %s '
                         r'action %s ' % (event, request_id, user, project,
                                          re.escape(action)), naming[0]), \
            naming[0]
    return lines


def _lock_ids(alice, resource_id):
    found = alice.call('GET', '/resource-locks?resource_id=' + resource_id)
    return [lock['id'] for lock in found.json['resource_locks']]


def _share_checks(caplog, alice, admin, share, lock, placed):
    """Lock placed, changed, and every delete path refused."""
    action = '/shares/%s/action' % share
    return [
        _expect(caplog, placed, 200, 'placed', ALICE, {lock: 'delete'}),
        _expect(caplog, alice.call('PUT', '/resource-locks/' + lock, {
            'resource_lock': {'lock_reason': 'keep'}}), 200, 'changed',
            ALICE, {lock: 'delete'}),
        _expect(caplog, alice.call('DELETE', '/shares/' + share), 403,
                'refused', ALICE, {lock: 'delete'}),
        _expect(caplog, alice.call('POST', action, {'soft_delete': None}),
                403, 'refused', ALICE, {lock: 'soft delete'}),
        _expect(caplog, admin.call('POST', action, {'unmanage': None}),
                403, 'refused', ADMIN, {lock: 'unmanage'}),
        _expect(caplog, admin.call('POST', action, {'force_delete': None}),
                403, 'refused', ADMIN, {lock: 'delete'}),
    ]


def _rule_checks(caplog, alice, share, lock):
    """Rule locks placed, a locked deny refused, an unrestricted deny
    removing them all; returns (audit lines, the rule's access_key)."""
    action = '/shares/%s/action' % share
    allowed = alice.call('POST', action, {'allow_access': {
        'access_type': 'cephx', 'access_to': 'client1',
        'lock_deletion': True, 'lock_visibility': True}})
    rule = allowed.json['access']['id']
    found = alice.call('GET', '/resource-locks?resource_id=' + rule).json
    rule_locks = {item['id']: item['resource_action']
                  for item in found['resource_locks']}
    [deletion] = [i for i, what in rule_locks.items() if what == 'delete']
    [companion] = [i for i in _lock_ids(alice, share) if i != lock]
    access_key = alice.call('GET', '/share-access-rules/' + rule).json[
        'access']['access_key']
    deny = {'access_id': rule}
    lines = [
        _expect(caplog, allowed, 200, 'placed', ALICE,
                dict(rule_locks, **{companion: 'delete'})),
        _expect(caplog, alice.call('POST', action, {'deny_access': deny}),
                403, 'refused', ALICE, {deletion: 'deny access'}),
        _expect(caplog, alice.call('POST', action, {'deny_access': dict(
            deny, unrestrict=True)}), 202, 'removed', ALICE, dict.fromkeys(
                list(rule_locks) + [companion], 'delete, show')),
    ]
    return lines, access_key


def test_every_lock_change_and_refusal_is_logged_once(app, caplog, report):
    caplog.set_level(logging.INFO)
    alice, admin = Caller(app, ALICE), Caller(app, ADMIN)
    share = alice.call('POST', '/shares', {'share': {
        'share_proto': 'CEPHFS', 'size': 1}}).json['share']['id']
    placed = alice.call('POST', '/resource-locks', {'resource_lock': {
        'resource_id': share, 'resource_type': 'share'}})
    lock = placed.json['resource_lock']['id']
    checked = _share_checks(caplog, alice, admin, share, lock, placed)
    rule_lines, access_key = _rule_checks(caplog, alice, share, lock)
    checked += rule_lines
    checked.append(_expect(caplog, alice.call(
        'DELETE', '/resource-locks/' + lock), 204, 'removed', ALICE,
        {lock: 'delete'}))
    audit_total = sum(record.name == AUDIT_LOGGER
                      for record in caplog.records)
    report('requests checked=%d audit lines=%d (all accounted for=%s), '
           'access_key in log=%s' % (
               len(checked), audit_total,
               audit_total == sum(map(len, checked)),
               access_key in caplog.text))
    assert access_key and access_key not in caplog.text
    # Nothing logged twice or by a request not checked above.
    assert audit_total == sum(map(len, checked))


@pytest.mark.parametrize('db_server', ['postgresql', 'mysql'],
                         indirect=True)
def test_audit_lines_reach_the_log_under_gunicorn(service, report):
    """The module-level WSGI app (host/wsgi.py) sets up logging when the
    WSGI server has not, so the audit trail is not silently dropped."""
    alice = service.alice
    share = alice.create_share()
    placed = alice.lock(share)
    refused = alice.delete_share(share)
    assert (placed.status, refused.status) == (200, 403)
    with open(service.process.log_path) as log:
        text = log.read()
    found = {reply.request_id: text.count(reply.request_id)
             for reply in (placed, refused)}
    report('audit lines in the gunicorn log per request: %s' % found)
    assert set(found.values()) == {1}
    assert 'Lock placed: request %s user alice' % placed.request_id in text
    assert 'Lock refused: request %s user alice' % refused.request_id in text
