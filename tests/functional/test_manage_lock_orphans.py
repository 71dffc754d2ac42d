"""`manila-locks-manage locks orphans` as an operator runs it, against the
database of a real API process: nothing to say (exit 0) while the service
has kept its locks with their resources; after a share is removed from
the database behind the service's back with Nova's attachment locks on it
(the leftovers of Nova bug 2089034), each lock is listed with the requests
that placed it, its global request id included, and the refusal it
caused (exit 1); `--format json` for scripts."""
import json
import os
import subprocess
import uuid

import pytest
import requests
import sqlalchemy as sa

from tests.functional import server as server_process

NOVA = 'nova:service:admin,member,reader'   # Nova's own [manila] account
ALICE = 'alice:p1'


@pytest.fixture
def server(tmp_path):
    sections = {'DEFAULT': {'state_path': str(tmp_path / 'state'),
                            'auth_strategy': 'noauth'}}
    with server_process.running(tmp_path, sections) as process:
        yield process


def _call(server, token, method, path, body=None, headers=None, status=200):
    response = requests.request(
        method, server.url + path, json=body, timeout=30,
        headers=dict({'X-Auth-Token': token,
                      'X-OpenStack-Manila-API-Version': '2.82'},
                     **(headers or {})))
    # The server's log too: a 500 says only that something went wrong.
    assert response.status_code == status, '%s\n%s' % (
        response.text, server.log())
    return response.json() if response.content else None


def _orphans(server, *args):
    return subprocess.run(
        [server_process.console_script('manila-locks-manage'),
         '--config-file', server.config_file, 'locks', 'orphans', *args],
        capture_output=True, text=True, timeout=120)


def test_orphans_of_a_share_removed_behind_the_services_back(server):
    share = _call(server, ALICE, 'POST', '/shares', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'vm-disk'}})['share']
    attach = 'req-%s' % uuid.uuid4()
    allow = {'allow_access': {
        'access_type': 'ip', 'access_to': '10.0.0.5', 'access_level': 'rw',
        'lock_deletion': True, 'lock_visibility': True,
        'lock_reason': 'Lock by nova'}}
    rule = _call(server, NOVA, 'POST', '/shares/%s/action' % share['id'],
                 allow, headers={'X-OpenStack-Request-ID': attach})['access']
    _call(server, ALICE, 'DELETE', '/shares/%s' % share['id'], status=403)

    healthy = _orphans(server)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert healthy.stdout.startswith('0 orphaned lock(s); holders not '
                                     'checked: auth_strategy is noauth')

    engine = sa.create_engine('sqlite:///%s' % os.path.join(
        server.sections['DEFAULT']['state_path'], 'manila_locks.sqlite'))
    with engine.begin() as connection:
        connection.execute(sa.text(
            "UPDATE shares SET deleted = id WHERE id = :id"),
            {'id': share['id']})
    engine.dispose()

    text = _orphans(server)
    assert text.returncode == 1, text.stdout + text.stderr
    headlines = [line for line in text.stdout.splitlines()
                 if line.startswith('lock ')]
    assert len(headlines) == 3
    assert sum(line.endswith(': its share deleted') for line in headlines
               ) == 2
    assert sum(line.endswith(': share deleted') for line in headlines) == 1
    assert 'admin lock of nova/service; reason "Lock by nova"' in text.stdout
    assert 'global request %s' % attach in text.stdout
    assert 'refused this lock (delete) by alice/p1 (user)' in text.stdout
    assert text.stdout.splitlines()[-1].startswith('3 orphaned lock(s)')

    report = json.loads(_orphans(server, '--format', 'json').stdout)
    [rule_lock] = [o for o in report['orphans']
                   if o['lock']['resource_id'] == rule['id']
                   and o['lock']['resource_action'] == 'delete']
    assert rule_lock['lock']['global_request_id'] == attach
    assert [(e['event'], e['user_id'], e['global_request_id'])
            for e in rule_lock['events']
            if e['lock_id'] == rule_lock['lock']['id']] == [
        ('placed', 'nova', attach), ('refused', 'alice', None)]
