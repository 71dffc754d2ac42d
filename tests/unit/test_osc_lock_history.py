"""The OpenStack client plugin without a server: the plugin module's
contract with python-openstackclient, the client's endpoint and error
handling, and `share lock history`'s choice of filter, paging, columns and
errors against a stand-in client. (Through the real `openstack` command:
tests/functional/test_osc_lock_history.py.)"""
import argparse
import types

from cliff import columns
from osc_lib import exceptions
import pytest

from manila_locks.osc import client as lock_client
from manila_locks.osc import plugin
from manila_locks.osc.v1 import lock_history

LOCK_ID = '0d6f1c6a-2a53-4a88-9d2e-2d0f5f9d3b11'
SHARE_ID = '7a614e15-1fc1-428d-b575-7726fe7205aa'


def event(number, **fields):
    base = dict(id='e%d' % number, created_at='2026-12-03T07:00:0%d' % number,
                event='placed', operation='create lock', lock_id=LOCK_ID,
                resource_id=SHARE_ID, resource_type='share',
                resource_action='delete', user_id='alice', project_id='p1',
                lock_context='user', service_user_id=None,
                service_project_id=None, request_id='req-%d' % number,
                global_request_id=None, before=None,
                after={'lock_reason': 'r'})
    base.update(fields)
    return base


class FakeApi:
    """lock_events/exists as the client offers them, from a list of
    events (filtered by lock_id or resource_id only, paged by
    `page_size`), recording each call."""

    def __init__(self, events=(), existing=(), page_size=1000):
        self.events = list(events)
        self.existing = set(existing)
        self.page_size = page_size
        self.calls = []

    def lock_events(self, **params):
        self.calls.append(('events', params))
        found = [e for e in self.events
                 if all(e.get(key) == params[key]
                        for key in ('lock_id', 'resource_id')
                        if key in params)]
        if 'marker' in params:
            ids = [e['id'] for e in found]
            found = found[ids.index(params['marker']) + 1:]
        limit = min(params.get('limit') or self.page_size, self.page_size)
        page = found[:limit]
        more = len(page) == limit and len(found) > limit
        return page, (page[-1]['id'] if more else None)

    def exists(self, path):
        self.calls.append(('exists', path))
        return path in self.existing


def run(api, *argv):
    command = lock_history.ShowLockHistory(
        types.SimpleNamespace(client_manager=types.SimpleNamespace(
            resource_locks=api)), None)
    parsed = command.get_parser('openstack share lock history').parse_args(
        list(argv))
    headers, rows = command.take_action(parsed)
    return [dict(zip(headers, row)) for row in rows]


# The plugin module: what python-openstackclient reads from it.

def test_plugin_names_the_command_group_the_commands_are_in():
    assert plugin.API_NAME == 'resource_locks'
    # openstackclient's shell builds 'openstack.<API_NAME>.v<major>'.
    major = plugin.DEFAULT_API_VERSION.split('.')[0]
    assert 'openstack.%s.v%s' % (plugin.API_NAME, major) == (
        'openstack.resource_locks.v1')
    assert plugin.API_VERSION_OPTION == 'os_resource_locks_api_version'
    assert set(plugin.API_VERSIONS) == {plugin.DEFAULT_API_VERSION}


def test_plugin_option_defaults_from_the_environment(monkeypatch):
    parser = plugin.build_option_parser(argparse.ArgumentParser())
    assert parser.parse_args([]).os_resource_locks_api_version == '1'
    monkeypatch.setenv('OS_RESOURCE_LOCKS_API_VERSION', '7')
    parser = plugin.build_option_parser(argparse.ArgumentParser())
    assert parser.parse_args([]).os_resource_locks_api_version == '7'


class FakeClientManager:
    """The part of an osc-lib ClientManager the plugin uses."""

    def __init__(self, config=None, catalog=None):
        self._api_version = {'resource_locks': '1'}
        self._cli_options = types.SimpleNamespace(config=config or {})
        self.catalog = catalog or {}
        self.session = object()
        self.region_name, self.interface = 'RegionOne', 'public'

    def get_endpoint_for_service_type(self, service_type, region_name=None,
                                      interface='public'):
        return self.catalog.get(service_type)


def test_make_client_uses_the_sharev2_catalog_entry():
    made = plugin.make_client(FakeClientManager(catalog={
        'sharev2': 'http://a/v2', 'shared-file-system': 'http://b/v2'}))
    assert isinstance(made, lock_client.Client)
    assert made.http.endpoint_override == 'http://a/v2'
    assert made.http.additional_headers == {
        'X-OpenStack-Manila-API-Version': '2.81'}


@pytest.mark.parametrize('manager, expected', [
    (FakeClientManager(catalog={'shared-file-system': 'http://b/v2'}),
     'http://b/v2'),
    (FakeClientManager(config={'endpoint_override': 'http://o/v2'},
                       catalog={'sharev2': 'http://a/v2'}), 'http://o/v2'),
])
def test_endpoint_falls_back_and_honours_the_override(manager, expected):
    assert lock_client.endpoint(manager) == expected


def test_no_endpoint_is_an_error():
    with pytest.raises(lock_client.EndpointNotFound, match='sharev2'):
        lock_client.endpoint(FakeClientManager())


# The client's HTTP handling, with a stand-in for the keystoneauth Adapter.

class FakeResponse:
    def __init__(self, status, body, reason='Reason'):
        self.status_code, self._body, self.reason = status, body, reason

    def json(self):
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


def client_answering(response):
    made = lock_client.Client(object(), 'http://x/v2')
    made.http = types.SimpleNamespace(
        get=lambda path, params, headers: response)
    return made


def test_errors_carry_manilas_message_and_status():
    made = client_answering(FakeResponse(400, {'badRequest': {
        'code': 400, 'message': 'Invalid created_since.'}}))
    with pytest.raises(lock_client.ApiError) as raised:
        made.get('/resource-lock-events')
    assert str(raised.value) == 'Invalid created_since. (HTTP 400)'
    assert raised.value.status == 400


def test_an_error_without_a_fault_body_says_the_status():
    made = client_answering(FakeResponse(502, ValueError('not json'),
                                         'Bad Gateway'))
    with pytest.raises(lock_client.ApiError, match=r'^Bad Gateway \(HTTP'):
        made.get('/x')


def test_exists_is_404_only():
    assert client_answering(FakeResponse(404, {})).exists('/x') is False
    assert client_answering(FakeResponse(200, {})).exists('/x') is True
    with pytest.raises(lock_client.ApiError):
        client_answering(FakeResponse(403, {})).exists('/x')


def test_a_full_page_gives_the_next_marker():
    made = client_answering(FakeResponse(200, {
        'resource_lock_events': [event(1), event(2)],
        'resource_lock_events_links': [{'rel': 'next', 'href': 'x'}]}))
    assert made.lock_events(limit=2) == ([event(1), event(2)], 'e2')
    last = client_answering(FakeResponse(200, {
        'resource_lock_events': [event(1)]}))
    assert last.lock_events() == ([event(1)], None)


# The command.

def test_a_lock_id_shows_that_locks_trail_oldest_first():
    changed = event(2, event='changed', before={'lock_reason': 'r'},
                    after={'lock_reason': 's'})
    api = FakeApi([event(1), changed])
    rows = run(api, LOCK_ID)
    assert [(r['ID'], r['Event'], r['Request ID']) for r in rows] == [
        ('e1', 'placed', 'req-1'), ('e2', 'changed', 'req-2')]
    assert api.calls[-1] == ('events', {'lock_id': LOCK_ID,
                                        'sort_dir': 'asc'})
    assert rows[1]['Changes'].human_readable() == 'lock_reason: r -> s'


def test_a_resource_id_shows_every_lock_on_it():
    other = '11111111-2222-3333-4444-555555555555'
    api = FakeApi([event(1), event(2, lock_id=other)])
    rows = run(api, SHARE_ID)
    assert [r['Lock ID'] for r in rows] == [LOCK_ID, other]
    assert api.calls[-1][1]['resource_id'] == SHARE_ID


def test_all_projects_asks_for_every_project_in_each_query():
    api = FakeApi([event(1)])
    run(api, LOCK_ID, '--all-projects')
    assert [params.get('all_projects') for _, params in api.calls] == [
        'true', 'true']


def test_filters_and_one_page_are_passed_on():
    api = FakeApi([event(0), event(1)])
    run(api, LOCK_ID, '--request-id', 'req-1', '--global-request-id',
        'req-g', '--since', '2026-12-01', '--before', '2026-12-04',
        '--limit', '5', '--marker', 'e0')
    assert api.calls[-1] == ('events', {
        'lock_id': LOCK_ID, 'request_id': 'req-1',
        'global_request_id': 'req-g', 'created_since': '2026-12-01',
        'created_before': '2026-12-04', 'marker': 'e0', 'limit': 5,
        'sort_dir': 'asc'})


def test_without_a_limit_every_page_is_read():
    api = FakeApi([event(n) for n in range(1, 6)], page_size=2)
    rows = run(api, LOCK_ID)
    assert [r['Request ID'] for r in rows] == [
        'req-%d' % n for n in range(1, 6)]
    markers = [params.get('marker') for kind, params in api.calls
               if kind == 'events' and 'limit' not in params]
    assert markers == [None, 'e2', 'e4']


def test_a_visible_lock_without_events_in_view_is_an_empty_trail():
    api = FakeApi(existing={'/resource-locks/%s' % LOCK_ID})
    assert run(api, LOCK_ID) == []
    assert 'lock_id' in api.calls[-1][1]


def test_a_visible_rule_without_locks_is_an_empty_trail():
    api = FakeApi(existing={'/share-access-rules/%s' % SHARE_ID})
    assert run(api, SHARE_ID) == []
    assert 'resource_id' in api.calls[-1][1]


def test_an_unknown_id_is_a_one_line_error():
    with pytest.raises(exceptions.CommandError) as raised:
        run(FakeApi(), 'no-such-thing')
    message = str(raised.value)
    assert '\n' not in message
    assert 'no-such-thing' in message


def test_an_api_error_becomes_a_command_error():
    class Refusing(FakeApi):
        def lock_events(self, **params):
            raise lock_client.ApiError(400, 'Invalid created_since.')

    with pytest.raises(exceptions.CommandError,
                       match=r'Invalid created_since. \(HTTP 400\)'):
        run(Refusing(), LOCK_ID)


def test_changes_column_for_people_and_for_machines():
    placed = lock_history.ChangesColumn(
        {'before': None, 'after': {'resource_action': 'delete',
                                   'lock_reason': None}})
    assert isinstance(placed, columns.FormattableColumn)
    assert placed.human_readable() == (
        'lock_reason: - -> None\nresource_action: - -> delete')
    assert placed.machine_readable() == {
        'before': None, 'after': {'resource_action': 'delete',
                                  'lock_reason': None}}
    refused = lock_history.ChangesColumn({'before': None, 'after': None})
    assert refused.human_readable() == ''
