"""The service as a process: it answers HTTP on the port it printed, and
stopping it by PID leaves nothing listening."""
import socket

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


def test_stop_by_pid_leaves_nothing_listening(tmp_path):
    # SQLite needs no server; one backend is enough to prove the process
    # handling.
    db_url = dbutils.create_database('sqlite')
    server = server_process.ServerProcess(
        tmp_path, server_process.noauth_sections(str(tmp_path), db_url))
    try:
        server.start()
        port = int(server.url.rsplit(':', 1)[1].split('/')[0])
        assert requests.get(server.url, timeout=10).status_code == 200
        server.stop()
        assert server.process.returncode is not None
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(('127.0.0.1', port), timeout=5)
    finally:
        server.stop()
        dbutils.drop_database(db_url)
