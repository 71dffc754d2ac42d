"""The service as a process: it answers HTTP on the port it printed, serves
a burst of clients, says what an operator must know, refuses a port in use
in one line, and stopping it by PID leaves nothing listening."""
import socket
import subprocess
import threading
import time

import pytest
import requests

from tests import dbutils
from tests.functional import server as server_process

# Raw HTTP with noauth tokens: the noauth server only.
noauth_only = pytest.mark.parametrize('auth_mode', ['noauth'], indirect=True,
                                      scope='session')

HEADERS = {'X-Auth-Token': 'alice:p1',
           'X-OpenStack-Manila-API-Version': '2.82'}
NO_SUCH_SHARE = '00000000-0000-0000-0000-000000000000'


@noauth_only
def test_version_documents_over_http(cloud):
    root = requests.get(cloud.server.root_url + '/', timeout=10)
    assert root.status_code == 300
    current = [v for v in root.json()['versions'] if v['status'] == 'CURRENT']
    assert len(current) == 1
    major, minor = current[0]['version'].split('.')
    assert (int(major), int(minor)) >= (2, 87)   # manila-ui pins 2.87
    assert current[0]['min_version'] == '2.0'

    for path in ('/v2', '/v2/'):
        v2 = requests.get(cloud.server.root_url + path, timeout=10)
        assert v2.status_code == 200
        assert v2.json()['versions'][0]['id'] == 'v2.0'


@noauth_only
def test_faults_and_request_ids_over_http(cloud):
    missing = requests.get(
        cloud.endpoint + '/shares/' + NO_SUCH_SHARE, headers=HEADERS,
        timeout=10)
    assert missing.status_code == 404
    assert missing.json()['itemNotFound']['code'] == 404
    assert missing.headers['x-openstack-request-id'].startswith('req-')
    assert missing.headers['x-compute-request-id'] == \
        missing.headers['x-openstack-request-id']
    assert missing.headers['X-OpenStack-Manila-API-Version'] == '2.82'

    too_new = requests.get(
        cloud.endpoint + '/shares', timeout=10,
        headers=dict(HEADERS, **{'X-OpenStack-Manila-API-Version': '3.0'}))
    assert too_new.status_code == 406


@pytest.fixture
def sqlite_server(tmp_path):
    """A noauth server of its own on SQLite, the zero-configuration
    default; stopped by PID."""
    db_url = dbutils.create_database('sqlite')
    server = server_process.ServerProcess(
        tmp_path, server_process.noauth_sections(str(tmp_path), db_url))
    try:
        yield server.start()
    finally:
        server.stop()
        dbutils.drop_database(db_url)


def _port(server):
    return int(server.url.rsplit(':', 1)[1].split('/')[0])


def test_stop_by_pid_leaves_nothing_listening(sqlite_server):
    port = _port(sqlite_server)
    assert requests.get(sqlite_server.url, timeout=10).status_code == 200
    sqlite_server.stop()
    assert sqlite_server.process.returncode is not None
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(('127.0.0.1', port), timeout=5)


CLIENTS = 100
BURST_TIMEOUT = 120   # seconds for the whole burst; a hang fails, not waits


def _burst(url, rule_id):
    """CLIENTS threads, released together, each on a connection of its own
    placing a visibility lock on the same rule: what each got back, a
    status code or the exception."""
    start = threading.Barrier(CLIENTS, timeout=30)
    outcomes = [None] * CLIENTS

    def place(i):
        start.wait()
        try:
            outcomes[i] = requests.post(
                url + '/resource-locks', timeout=60,
                headers={'X-Auth-Token': 'user%d:p1' % i,
                         'X-OpenStack-Manila-API-Version': '2.82'},
                json={'resource_lock': {'resource_id': rule_id,
                                        'resource_type': 'access_rule',
                                        'resource_action': 'show'}},
            ).status_code
        except Exception as exc:   # a reset, a timeout: the failure to see
            outcomes[i] = exc

    threads = [threading.Thread(target=place, args=(i,), daemon=True)
               for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + BURST_TIMEOUT
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), 'burst hung'
    return outcomes


def test_hundred_clients_at_once_all_get_an_answer(sqlite_server):
    # wsgiref's listen backlog of 5 reset about half of such a burst.
    headers = {'X-Auth-Token': 'alice:p1',
               'X-OpenStack-Manila-API-Version': '2.82'}
    share = requests.post(sqlite_server.url + '/shares', headers=headers,
                          timeout=10, json={'share': {
                              'share_proto': 'NFS', 'size': 1}})
    rule = requests.post(
        sqlite_server.url + '/shares/%s/action' % share.json()['share']['id'],
        headers=headers, timeout=10, json={'allow_access': {
            'access_type': 'ip', 'access_to': '10.0.0.5',
            'access_level': 'rw'}})
    outcomes = _burst(sqlite_server.url, rule.json()['access']['id'])
    errors = [o for o in outcomes if not isinstance(o, int)]
    assert errors == []
    # One visibility lock per rule: one client wins, the others hear 409.
    assert sorted(outcomes) == [200] + [409] * (CLIENTS - 1)


def test_port_in_use_is_one_line_and_exit_1(tmp_path):
    db_url = dbutils.create_database('sqlite')
    config = server_process.write_config(
        str(tmp_path / 'manila-locks.conf'),
        server_process.noauth_sections(str(tmp_path), db_url))
    taken = socket.socket()
    try:
        taken.bind(('127.0.0.1', 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [server_process.console_script('manila-locks-api'),
             '--config-file', config, '--host', '127.0.0.1',
             '--port', str(port)],
            capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL)
    finally:
        taken.close()
        dbutils.drop_database(db_url)
    assert result.returncode == 1
    assert 'Traceback' not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        'manila-locks-api: cannot listen on 127.0.0.1 port %d: Address '
        'already in use' % port)
    assert 'listening' not in result.stdout


def test_start_up_warns_of_noauth_names_database_and_logs_requests(
        sqlite_server):
    requests.get(sqlite_server.url + '/share-access-rules', timeout=10,
                 params={'share_id': 'x', 'access_key': 'secret-key'},
                 headers=HEADERS)
    log = sqlite_server.log()
    # The service's own warnings: waitress may add "Task queue depth is
    # 1" when the request beats its threads to the queue (a slow machine).
    warning = [line for line in log.splitlines()
               if ' WARNING manila_locks' in line]
    assert len(warning) == 1 and 'noauth' in warning[0]
    database = sqlite_server.sections['database']['connection']
    assert 'INFO manila_locks Database: %s\n' % database in log
    assert '"GET /v2/share-access-rules" 400 ' in log
    assert 'secret-key' not in log
