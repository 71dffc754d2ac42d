"""`manila-locks-manage shares purge-expired`, `transfers expire` and
`locks check` against a real API process: what an operator runs from
cron."""
import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.functional import server as server_process

HEADERS = {'X-Auth-Token': 'alice:p1', 'Content-Type': 'application/json',
           'X-OpenStack-Manila-API-Version': '2.69'}


def _call(url, method='GET', body=None, version='2.69'):
    data = None if body is None else json.dumps(body).encode()
    headers = dict(HEADERS, **{'X-OpenStack-Manila-API-Version': version})
    request = urllib.request.Request(url, data=data, method=method,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def server(tmp_path):
    # SQLite under the state path; a retention of 0 expires shares at once,
    # transfers live one second.
    sections = {'DEFAULT': {'state_path': str(tmp_path / 'state'),
                            'auth_strategy': 'noauth',
                            'soft_deleted_share_retention_time': 0,
                            'transfer_retention_time': 1}}
    with server_process.running(tmp_path, sections) as process:
        yield process


def test_purge_expired_deletes_binned_shares(server):
    manage = server_process.console_script('manila-locks-manage')
    status, body = _call(server.url + '/shares', 'POST', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'binned'}})
    assert status == 200
    share_id = json.loads(body)['share']['id']
    kept_status, kept_body = _call(server.url + '/shares', 'POST', {
        'share': {'share_proto': 'NFS', 'size': 1, 'name': 'kept'}})
    assert kept_status == 200
    kept_id = json.loads(kept_body)['share']['id']
    assert _call('%s/shares/%s/action' % (server.url, share_id), 'POST',
                 {'soft_delete': None})[0] == 202

    result = subprocess.run(
        [manage, '--config-file', server.config_file, 'shares',
         'purge-expired'], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [share_id]
    assert _call('%s/shares/%s' % (server.url, share_id))[0] == 404
    assert _call('%s/shares/%s' % (server.url, kept_id))[0] == 200


def test_transfers_expire_gives_shares_back(server):
    manage = server_process.console_script('manila-locks-manage')
    status, body = _call(server.url + '/shares', 'POST', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'offered'}})
    share_id = json.loads(body)['share']['id']
    headers = dict(HEADERS, **{'X-OpenStack-Manila-API-Version': '2.77'})
    request = urllib.request.Request(
        server.url + '/share-transfers', method='POST', headers=headers,
        data=json.dumps({'transfer': {'share_id': share_id}}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 202
    # The offer lives transfer_retention_time (1 s); the clock decides.
    time.sleep(1.2)
    result = subprocess.run(
        [manage, '--config-file', server.config_file, 'transfers',
         'expire'], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['1']
    status, body = _call('%s/shares/%s' % (server.url, share_id))
    assert json.loads(body)['share']['status'] == 'available'


def test_locks_check_on_a_healthy_database(server):
    manage = server_process.console_script('manila-locks-manage')
    status, body = _call(server.url + '/shares', 'POST', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'checked'}})
    share_id = json.loads(body)['share']['id']
    assert _call(server.url + '/resource-locks', 'POST', {'resource_lock': {
        'resource_id': share_id}}, version='2.81')[0] == 200
    result = subprocess.run(
        [manage, '--config-file', server.config_file, 'locks', 'check'],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    *invariants, holders = result.stdout.splitlines()
    assert invariants and all(line.endswith(' ok') for line in invariants)
    # noauth knows no identity service to ask about holders.
    assert holders.startswith('locks whose holder is gone')
    assert 'not checked (auth_strategy is noauth' in holders
