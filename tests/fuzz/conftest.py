"""Fuzz tier: schemathesis against the real `manila-locks-api` process.

live_service  module scope, per db backend: a fresh database, `db sync`,
              one server process on a port it picked itself, and a few
              resources the fuzzer can aim at (Seeded). Stopped by PID.
"""
import dataclasses

import pytest
import requests

from tests import dbutils
from tests.functional import server as server_process

VERSION = {'X-OpenStack-Manila-API-Version': 'latest'}
MEMBER = 'alice:p1'
ADMIN = 'admin:admin-project:admin,member,reader'


@dataclasses.dataclass
class Seeded:
    """What the fuzzer's path parameters point at. The share and the rule
    carry admin deletion locks, so a member's fuzzed deletes meet 409/403
    instead of emptying the service in the first few cases."""
    url: str
    share_id: str
    rule_id: str
    lock_id: str
    export_location_id: str
    type_id: str


def _call(method, url, token, body=None):
    headers = dict(VERSION, **{'X-Auth-Token': token})
    response = requests.request(method, url, json=body, headers=headers,
                                timeout=30)
    response.raise_for_status()
    return response.json() if response.content else None


def seed(url):
    share = _call('POST', url + '/shares', MEMBER, {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'fuzz'}})['share']
    rule = _call('POST', '%s/shares/%s/action' % (url, share['id']), MEMBER,
                 {'allow_access': {'access_type': 'ip',
                                   'access_to': '10.0.0.0/24',
                                   'metadata': {'k': 'v'}}})['access']
    lock = _call('POST', url + '/resource-locks', ADMIN, {'resource_lock': {
        'resource_id': share['id'], 'resource_type': 'share'}})
    _call('POST', url + '/resource-locks', ADMIN, {'resource_lock': {
        'resource_id': rule['id'], 'resource_type': 'access_rule'}})
    exports = _call('GET', '%s/shares/%s/export_locations'
                    % (url, share['id']), MEMBER)['export_locations']
    share_type = _call('GET', url + '/types/default', MEMBER)['share_type']
    return Seeded(url, share['id'], rule['id'],
                  lock['resource_lock']['id'],
                  exports[0]['id'] if exports else 'none', share_type['id'])


@pytest.fixture(scope='module')
def live_service(db_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp('fuzz-%s' % db_server)
    db_url = dbutils.create_database(db_server)
    server = server_process.ServerProcess(
        workdir, server_process.noauth_sections(str(workdir / 'state'),
                                                db_url))
    try:
        server.sync_db()
        server.start()
        yield seed(server.url)
    finally:
        server.stop()
        dbutils.drop_database(db_url)
