"""Every route of the host, every string a client controls in it, hostile
values in each, one at a time, on every backend.

SWEEP below lists each route (method, path as in host/routes.py) with its
query parameters (name: the value sent while another one is swept, None
for "not sent") and a body whose every value and every key is swept.
Placeholders ({share_id}, ...) name resources of one world built per
backend; path placeholders are swept too, and so is the project segment
of /v2/{project_id}/... and an unknown query parameter on every route.

For every case: no 5xx; an error has a JSON body in Manila's fault shape;
NUL or a lone UTF-16 surrogate anywhere is a 400 saying the service cannot
store it; a refused write commits nothing. A route in the router and not
in SWEEP (or the reverse) fails test_sweep_lists_every_route.
"""
import collections
import dataclasses
import json
import re

import pytest
import sqlalchemy as sa
import webtest

from manila_locks.api.handlers import resource_lock
from manila_locks import conf as ml_conf
from manila_locks import context
from manila_locks.core import lock_events
from manila_locks.db import api as db_api
from manila_locks.host.db import messages as messages_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import deploy
from manila_locks.host.handlers import share_actions
from manila_locks.host.handlers import share_filters
from manila_locks.host import message_field
from manila_locks.host import message_service
from manila_locks.host import routes
from manila_locks import policy
from tests.api import conftest as api_tier
from tests import conftest as db_fixtures
from tests import dbutils

ADMIN = 'admin:admin-project:admin,member,reader'
DHSS = 'driver_handles_share_servers'
STORE = 'contains characters the service cannot store'
NO_BODY = object()


@dataclasses.dataclass(frozen=True)
class Route:
    method: str
    path: str
    query: dict = dataclasses.field(default_factory=dict)
    body: object = NO_BODY
    version: str = api_tier.LATEST
    # Placeholder -> world resource, where it is not the one so named.
    aim: dict = dataclasses.field(default_factory=dict)

    @property
    def name(self):
        action = ''
        if isinstance(self.body, dict) and self.path.endswith('/action'):
            action = ' ' + next(iter(self.body))
        return '%s %s%s' % (self.method, self.path, action)


SHARE_FILTERS = dict.fromkeys([
    'name', 'status', 'share_server_id', 'volume_type_id', 'share_type_id',
    'snapshot_id', 'host', 'share_network_id', 'is_public', 'metadata',
    'extra_specs', 'sort_key', 'sort_dir', 'share_group_id',
    'share_group_snapshot_id', 'export_location_id', 'export_location_path',
    'name~', 'description~', 'description', 'limit', 'offset',
    'is_soft_deleted', 'mount_point_name', 'with_count',
    'encryption_key_ref', 'availability_zone', 'all_tenants', 'project_id',
    'user_id', 'share_proto'])
TRANSFER_FILTERS = dict.fromkeys([
    'id', 'name', 'display_name', 'resource_type', 'resource_id',
    'source_project_id', 'destination_project_id', 'name~', 'all_tenants',
    'sort_key', 'sort_dir', 'limit', 'offset'])
LOCK_FILTERS = dict.fromkeys([
    'id', 'resource_id', 'resource_type', 'resource_action', 'user_id',
    'project_id', 'lock_context', 'lock_reason', 'lock_reason~',
    'created_since', 'created_before', 'sort_key', 'sort_dir', 'limit',
    'offset', 'with_count', 'all_projects', 'all_tenants'])
LOCK_EVENT_FILTERS = dict.fromkeys([
    'lock_id', 'resource_id', 'resource_type', 'request_id',
    'global_request_id', 'event', 'user_id', 'created_since',
    'created_before', 'sort_dir', 'limit', 'marker', 'all_projects',
    'all_tenants'])
QUOTA_FILTERS = {'user_id': None, 'share_type': None}
POOL_FILTERS = dict.fromkeys(['host', 'backend', 'pool', 'share_type'])
MESSAGE_FILTERS = dict.fromkeys([
    'request_id', 'resource_type', 'resource_id', 'action_id', 'detail_id',
    'message_level', 'sort_key', 'sort_dir', 'limit', 'offset',
    'created_since', 'created_before'])
RULE_FILTERS = {'share_id': '{share_id}', 'access_type': 'ip',
                'access_to': '10.0.0.0/24', 'access_key': None,
                'access_level': None, 'metadata': None}


def _action(name, value, version=api_tier.LATEST, aim=None):
    return Route('POST', '/shares/{share_id}/action', body={name: value},
                 version=version, aim=aim or {})


def _instance_action(name, value, version=api_tier.LATEST):
    # The world's share (its one instance) holds a deletion lock: a force
    # delete let through by mistake is refused.
    return Route('POST', '/share_instances/{instance_id}/action',
                 body={name: value}, version=version)


def _allow(name, version=api_tier.LATEST):
    fields = {'access_type': 'ip', 'access_to': '10.9.9.0/24',
              'access_level': 'rw'}
    if version == api_tier.LATEST:
        fields.update({'metadata': {'k': 'v'}, 'lock_visibility': False,
                       'lock_deletion': False, 'lock_reason': 'r'})
    return _action(name, fields, version)


SWEEP = [
    Route('GET', '/'),
    Route('GET', '/types', {'is_public': None, 'extra_specs': None}),
    Route('POST', '/types', body={'share_type': {
        'name': 'swept', 'description': 'd',
        'extra_specs': {DHSS: 'false', 'k': 'v'},
        'share_type_access:is_public': True,
        'os-share-type-access:is_public': True}}),
    Route('GET', '/types/default'),
    Route('GET', '/types/{type_id}'),
    # A hostile name can be a valid one: the type renamed is a spare, lest
    # DELETE /types/<that name> remove the one other routes aim at.
    Route('PUT', '/types/{type_id}', body={'share_type': {
        'name': 'swept-type', 'description': 'd',
        'share_type_access:is_public': False}},
        aim={'type_id': 'spare_type_id'}),
    Route('DELETE', '/types/{type_id}'),
    Route('POST', '/types/{type_id}/action',
          body={'addProjectAccess': {'project': 'p9'}}),
    Route('POST', '/types/{type_id}/action',
          body={'removeProjectAccess': {'project': 'p9'}}),
    Route('GET', '/types/{type_id}/share_type_access'),
    Route('GET', '/types/{type_id}/os-share-type-access', version='2.6'),
    Route('GET', '/types/{type_id}/extra_specs'),
    Route('POST', '/types/{type_id}/extra_specs',
          body={'extra_specs': {'k2': 'v'}}),
    Route('GET', '/types/{type_id}/extra_specs/{key}'),
    Route('PUT', '/types/{type_id}/extra_specs/{key}', body={'k': 'v2'}),
    Route('DELETE', '/types/{type_id}/extra_specs/{key}'),
    Route('GET', '/shares', SHARE_FILTERS),
    Route('POST', '/shares', body={'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'n', 'description': 'd',
        'display_name': 'n', 'display_description': 'd',
        'share_type': None, 'volume_type': None, 'availability_zone': None,
        'metadata': {'k': 'v'}, 'is_public': False, 'snapshot_id': None,
        'share_network_id': None, 'share_group_id': None,
        'scheduler_hints': None, 'mount_point_name': None,
        'encryption_key_ref': None}}),
    Route('GET', '/shares/detail', SHARE_FILTERS),
    Route('GET', '/shares/{share_id}'),
    Route('PUT', '/shares/{share_id}', body={'share': {
        'display_name': 'n', 'display_description': 'd', 'is_public': False,
        'name': 'n', 'description': 'd'}}),
    Route('DELETE', '/shares/{share_id}'),
    _action('extend', {'new_size': 2, 'force': False}),
    _action('shrink', {'new_size': 1}),
    _action('reset_status', {'status': 'available'}),
    _action('reset_task_state', {'task_state': None}),
    _action('migration_start', {
        'host': 'localhost@local#local', 'writable': True,
        'preserve_metadata': True, 'preserve_snapshots': False,
        'nondisruptive': False, 'force_host_assisted_migration': False,
        'new_share_type_id': None, 'new_share_network_id': None}),
    _action('force_delete', None),
    _action('soft_delete', None),
    _action('restore', None),
    _action('unmanage', None),
    _allow('allow_access'),
    # A hostile key in place of 'unrestrict' leaves a valid deny: it
    # removes a spare rule.
    _action('deny_access', {'access_id': '{rule_id}', 'unrestrict': False},
            aim={'rule_id': 'spare_rule_id'}),
    _action('access_list', None, version='2.44'),
    _action('os-extend', {'new_size': 2}, version='2.6'),
    _action('os-shrink', {'new_size': 1}, version='2.6'),
    _action('os-reset_status', {'status': 'available'}, version='2.6'),
    _action('os-force_delete', None, version='2.6'),
    _allow('os-allow_access', version='2.6'),
    _action('os-deny_access', {'access_id': '{rule_id}'}, version='2.6',
            aim={'rule_id': 'spare_rule_id'}),
    _action('os-access_list', None, version='2.6'),
    Route('GET', '/shares/{share_id}/metadata'),
    Route('PUT', '/shares/{share_id}/metadata',
          body={'metadata': {'k': 'v', 'k2': 'v'}}),
    Route('POST', '/shares/{share_id}/metadata',
          body={'metadata': {'k': 'v', 'k2': 'v'}}),
    Route('GET', '/shares/{share_id}/metadata/{key}'),
    Route('POST', '/shares/{share_id}/metadata/{key}',
          body={'metadata': {'k': 'v'}}),
    Route('DELETE', '/shares/{share_id}/metadata/{key}'),
    Route('GET', '/shares/{share_id}/instances'),
    Route('GET', '/share_instances', {
        'host': None, 'export_location_id': None,
        'export_location_path': None, 'is_soft_deleted': None}),
    Route('GET', '/share_instances/{instance_id}'),
    Route('GET', '/share_instances/{instance_id}/export_locations'),
    Route('GET', '/share_instances/{instance_id}/export_locations/'
                 '{export_location_id}'),
    _instance_action('reset_status', {'status': 'available'}),
    _instance_action('force_delete', None),
    _instance_action('os-reset_status', {'status': 'available'}, '2.6'),
    _instance_action('os-force_delete', None, '2.6'),
    Route('GET', '/shares/{share_id}/export_locations'),
    Route('GET', '/shares/{share_id}/export_locations/{export_location_id}'),
    Route('POST', '/os-share-unmanage/{share_id}/unmanage', version='2.6'),
    Route('GET', '/share-access-rules', RULE_FILTERS),
    Route('GET', '/share-access-rules/{rule_id}'),
    Route('PUT', '/share-access-rules/{rule_id}',
          body={'update_access': {'access_level': 'rw'}}),
    Route('PUT', '/share-access-rules/{rule_id}/metadata',
          body={'metadata': {'k': 'v', 'k2': 'v'}}),
    Route('DELETE', '/share-access-rules/{rule_id}/metadata/{key}'),
    Route('GET', '/share-transfers', TRANSFER_FILTERS),
    Route('POST', '/share-transfers', body={'transfer': {
        'share_id': '{transferred_share_id}', 'name': 'n'}}),
    Route('GET', '/share-transfers/detail', TRANSFER_FILTERS),
    Route('GET', '/share-transfers/{transfer_id}'),
    Route('DELETE', '/share-transfers/{transfer_id}'),
    Route('POST', '/share-transfers/{transfer_id}/accept', body={'accept': {
        'auth_key': 'not-the-key', 'clear_access_rules': False}}),
    Route('GET', '/resource-locks', LOCK_FILTERS),
    Route('POST', '/resource-locks', body={'resource_lock': {
        'resource_id': '{share_id}', 'resource_type': 'share',
        'resource_action': 'delete', 'lock_reason': 'r'}}),
    Route('GET', '/resource-locks/{lock_id}'),
    Route('PUT', '/resource-locks/{lock_id}', body={'resource_lock': {
        'resource_action': 'delete', 'lock_reason': 'r'}}),
    Route('DELETE', '/resource-locks/{lock_id}'),
    Route('GET', '/resource-locks/{lock_id}/retention'),
    Route('PUT', '/resource-locks/{lock_id}/retention', body={'retention': {
        'expires_at': '2099-01-01T00:00:00', 'mode': 'governance'}}),
    Route('DELETE', '/resource-locks/{lock_id}/retention'),
    Route('GET', '/resource-locks/{lock_id}/legal-hold'),
    Route('PUT', '/resource-locks/{lock_id}/legal-hold', body={
        'legal_hold': {'reason': 'r'}}),
    Route('DELETE', '/resource-locks/{lock_id}/legal-hold'),
    Route('GET', '/resource-lock-events', LOCK_EVENT_FILTERS),
    Route('GET', '/resource-lock-events/{event_id}'),
    Route('GET', '/availability-zones'),
    Route('GET', '/os-availability-zone', version='2.6'),
    Route('GET', '/limits'),
    Route('GET', '/quota-sets/{project_id}', QUOTA_FILTERS),
    Route('GET', '/quota-sets/{project_id}/detail', QUOTA_FILTERS),
    Route('GET', '/quota-sets/{project_id}/defaults'),
    Route('PUT', '/quota-sets/{project_id}', body={'quota_set': {
        'shares': 5, 'gigabytes': 10}}),
    Route('GET', '/quota-class-sets/{class_name}'),
    Route('PUT', '/quota-class-sets/{class_name}', body={
        'quota_class_set': {'shares': 5, 'gigabytes': 10}}),
    Route('GET', '/scheduler-stats/pools', POOL_FILTERS),
    Route('GET', '/scheduler-stats/pools/detail', POOL_FILTERS),
    Route('GET', '/messages', MESSAGE_FILTERS),
    Route('GET', '/messages/{message_id}'),
    Route('DELETE', '/messages/{message_id}'),
    Route('GET', '/snapshots', {'with_count': None}),
    Route('GET', '/snapshots/detail', {'with_count': None}),
    Route('GET', '/snapshots/{snapshot_id}'),
    Route('POST', '/snapshots', body={'snapshot': {
        'share_id': '{share_id}', 'name': 'n', 'description': 'd',
        'force': False}}),
] + [
    # The Manila collections this service has none of.
    Route('GET', path, query) for path, query in [
        ('/share-replicas', {'share_id': '{share_id}'}),
        ('/share-replicas/detail', {'share_id': '{share_id}'}),
        ('/share-replicas/{share_replica_id}', {}),
        ('/share-networks', {}), ('/share-networks/detail', {}),
        ('/share-networks/{share_network_id}', {}),
        ('/share-servers', {}), ('/share-servers/{share_server_id}', {}),
        ('/security-services', {}), ('/security-services/detail', {}),
        ('/security-services/{security_service_id}', {}),
        ('/share-groups', {}), ('/share-groups/detail', {}),
        ('/share-groups/{share_group_id}', {}),
        ('/share-group-types', {'is_public': 'all'}),
        ('/share-group-types/default', {}),
        ('/share-group-types/{share_group_type_id}', {}),
        ('/share-group-snapshots', {}), ('/share-group-snapshots/detail', {}),
        ('/share-group-snapshots/{share_group_snapshot_id}', {})]
] + [
    Route('POST', '/share-networks', body={'share_network': {
        'name': 'n', 'description': 'd', 'neutron_net_id': 'net',
        'neutron_subnet_id': 'subnet', 'availability_zone': 'nova'}}),
    Route('POST', '/security-services', body={'security_service': {
        'type': 'ldap', 'name': 'n', 'dns_ip': '10.0.0.1', 'user': 'u',
        'password': 'p', 'domain': 'd', 'server': 's'}}),
    Route('POST', '/share-groups', body={'share_group': {
        'name': 'n', 'description': 'd', 'share_group_type_id':
        '{share_id}', 'availability_zone': 'nova'}}),
    Route('POST', '/share-group-types', body={'share_group_type': {
        'name': 'n', 'share_types': ['{type_id}'], 'is_public': True,
        'group_specs': {'k': 'v'}}}),
    Route('POST', '/share-group-snapshots', body={'share_group_snapshot': {
        'share_group_id': '{share_id}', 'name': 'n', 'description': 'd'}}),
]

# Hostile values: (label, kind, value). Kinds: 'unstorable' must be a 400
# saying so; 'not-utf8' a 400; 'other' anything but a 5xx.
URL_VALUES = [
    ('nul', 'unstorable', 'a%00b'),
    ('surrogate-as-utf8', 'not-utf8', '%ED%A0%80'),
    ('10k-chars', 'other', 'x' * 10000),
    ('1e400', 'other', '1e400'),
    ('2**70', 'other', str(2 ** 70)),
    ('negative', 'other', '-1'),
]
# Dates whose offset takes them out of years 1 to 9999 in UTC, where the
# API reads dates (elsewhere they are short strings like any other).
DATE_PARAMS = ('created_since', 'created_before')
DATE_VALUES = [
    ('date-below-year-1', 'other', '0001-01-01T00:00:00%2B01:00'),
    ('date-above-year-9999', 'other', '9999-12-31T23:59:59-01:00'),
]
# Filters read as Python literals ({'k': 'v'}), where an escape makes a
# character the URL does not hold.
LITERAL_PARAMS = ('metadata', 'extra_specs')
LITERAL_VALUES = [
    ('literal-nul', 'unstorable', '%7B%27k%27%3A%27%5Cx00%27%7D'),
    ('literal-surrogate', 'unstorable', '%7B%27k%27%3A%27%5Cud800%27%7D'),
]
# Sent raw into the JSON text, where json.dumps cannot write them.
RAW = {'RAW:1e400': '1e400', 'RAW:NaN': 'NaN'}
JSON_VALUES = [
    ('nul', 'unstorable', 'a\x00b'),
    ('surrogate', 'unstorable', '\ud800'),
    ('10k-chars', 'other', 'x' * 10000),
    ('1e400', 'other', 'RAW:1e400'),
    ('NaN', 'other', 'RAW:NaN'),
    ('2**70', 'other', 2 ** 70),
    ('negative', 'other', -1),
    ('list', 'other', []),
    ('object', 'other', {}),
    ('true', 'other', True),
]
KEY_VALUES = [value for value in JSON_VALUES if isinstance(value[2], str)
              and not value[2].startswith('RAW:')]
# The unknown parameter is ignored once past the URL check, so only the
# values the URL check refuses are worth sending with it.
UNKNOWN_PARAM_VALUES = [v for v in URL_VALUES
                        if v[1] in ('unstorable', 'not-utf8')]

Case = collections.namedtuple('Case', 'where kind path query body')


def _fill(template, ids):
    """`template` with {placeholders} in its strings replaced by ids."""
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, ids) for v in template]
    return template


def _positions(body, path=()):
    """Every (path, 'value'|'key') in a JSON body, outermost first."""
    yield path, 'value'
    if isinstance(body, dict):
        for key, value in body.items():
            yield path + (key,), 'key'
            yield from _positions(value, path + (key,))


def _replace(body, path, what, new):
    if not path:
        return new
    body = dict(body)
    head, rest = path[0], path[1:]
    if what == 'key' and not rest:
        return {(new if k == head else k): v for k, v in body.items()}
    body[head] = _replace(body[head], rest, what, new)
    return body


def _query(params):
    return '&'.join('%s=%s' % (k, v) for k, v in params.items()
                    if v is not None)


def cases(route, ids):
    """Every Case of one route, with one hostile value each."""
    ids = dict(ids, **{name: ids[key] for name, key in route.aim.items()})
    placeholders = re.findall(r'{(\w+)}', route.path)
    query = {k: (_fill(v, ids) if v is not None else None)
             for k, v in route.query.items()}
    body = _fill(route.body, ids)
    for name in placeholders:
        for label, kind, text in URL_VALUES:
            path = route.path.replace('{%s}' % name, text).format(**ids)
            yield Case('path {%s} = %s' % (name, label), kind, path,
                       _query(query), body)
    path = route.path.format(**ids)
    for name in query:
        values = URL_VALUES + (
            LITERAL_VALUES if name in LITERAL_PARAMS else []) + (
            DATE_VALUES if name in DATE_PARAMS else [])
        for label, kind, text in values:
            yield Case('query %s = %s' % (name, label), kind, path,
                       _query(dict(query, **{name: text})), body)
    for label, kind, text in UNKNOWN_PARAM_VALUES:
        yield Case('query unknown = %s' % label, kind, path,
                   _query(dict(query, unknown=text)), body)
    if body is NO_BODY:
        return
    for position, what in _positions(body):
        if what == 'value' and not position:
            continue
        values = KEY_VALUES if what == 'key' else JSON_VALUES
        for label, kind, value in values:
            where = 'body %s %s = %s' % ('/'.join(position), what, label)
            yield Case(where, kind, path, _query(query),
                       _replace(body, position, what, value))


def _placed_event(client, lock_id):
    return client.get('/resource-lock-events', params={
        'lock_id': lock_id}).json['resource_lock_events'][0]['id']


# The tables a statement writes, wherever in it (a data-modifying WITH
# on PostgreSQL: db/query.insert_each).
# A row lock (FOR UPDATE) writes nothing.
_WRITTEN = re.compile(r'\b(?:INSERT\s+INTO|(?<!FOR\s)UPDATE|DELETE\s+FROM)'
                      r'\s+[`"]?(\w+)', re.IGNORECASE)


def _writes_more_than_history(statement):
    return any(table.lower() != 'resource_lock_events'
               for table in _WRITTEN.findall(statement))


class WriteWatch:
    """Counts transactions that wrote and committed, on one engine.

    A transaction that writes only the lock history does not count: a
    refusal by locks is recorded there, in a transaction of its own, after
    the refused request's transaction rolled back (core/history.py)."""

    def __init__(self, engine):
        self.engine = engine
        self.writing = set()
        self.committed = 0
        self.prepared = dbutils.PreparedTexts()
        sa.event.listen(engine, 'before_cursor_execute', self._execute)
        sa.event.listen(engine, 'after_cursor_execute', self._executed)
        sa.event.listen(engine, 'commit', self._commit)
        sa.event.listen(engine, 'rollback', self._rollback)

    def _writes(self, statement):
        text = self.prepared.resolve(statement)
        if text is None:        # a prepared insert whose PREPARE went by
            return dbutils.kind(statement) == 'INSERT'
        return _writes_more_than_history(text)

    def _execute(self, conn, cursor, statement, *args):
        if self._writes(statement):
            self.writing.add(id(conn))

    def _executed(self, conn, cursor, statement, *args):
        # A COMMIT sent as a statement, or carried by the write itself
        # (db_api.core_writer on PostgreSQL), run without an error: no
        # commit event tells of either.
        if id(conn) in self.writing and (
                statement == 'COMMIT' or
                statement.endswith(dbutils.CARRIED_COMMIT)):
            self._commit(conn)

    def _commit(self, conn):
        if id(conn) in self.writing:
            self.writing.discard(id(conn))
            self.committed += 1

    def _rollback(self, conn):
        self.writing.discard(id(conn))

    def close(self):
        sa.event.remove(self.engine, 'before_cursor_execute', self._execute)
        sa.event.remove(self.engine, 'after_cursor_execute', self._executed)
        sa.event.remove(self.engine, 'commit', self._commit)
        sa.event.remove(self.engine, 'rollback', self._rollback)


@dataclasses.dataclass
class World:
    client: api_tier.Client
    ids: dict
    watch: WriteWatch


ABSENT_IDS = ('snapshot_id', 'share_replica_id', 'share_network_id',
              'share_server_id', 'security_service_id', 'share_group_id',
              'share_group_type_id', 'share_group_snapshot_id')


def _message(share_id):
    """A user message about the share, as a failed access apply records."""
    ctx = context.get_admin_context()
    share = shares_db.get(ctx, share_id)
    return message_service.record(ctx, 3600, message_field.Action.CREATE,
                                  share).id


def _build_world(client):
    type_ = client.post('/types', {'share_type': {
        'name': 'private', 'extra_specs': {DHSS: False, 'k': 'v'},
        'share_type_access:is_public': False}}).json['share_type']
    spare = client.post('/types', {'share_type': {
        'name': 'spare', 'extra_specs': {DHSS: False}}}).json['share_type']
    share = client.create_share(name='target')
    # An admin deletion lock: any delete the sweep lets through by mistake
    # is refused, and the world stays whole.
    lock = client.lock(share['id'], reason='keep')
    rule = client.post('/shares/%s/action' % share['id'], {'allow_access': {
        'access_type': 'ip', 'access_to': '10.0.0.0/24',
        'metadata': {'k': 'v'}}}).json['access']
    spare_rule = client.post('/shares/%s/action' % share['id'], {
        'allow_access': {'access_type': 'ip', 'access_to': '10.0.1.0/24'}}
    ).json['access']
    offered = client.create_share(name='offered')
    transfer = client.post('/share-transfers', {'transfer': {
        'share_id': offered['id']}}, status=202).json['transfer']
    export = client.get('/shares/%s/export_locations' % share['id']).json[
        'export_locations'][0]
    # Ids of what this service has none of: the share's id stands in.
    absent = dict.fromkeys(ABSENT_IDS, share['id'])
    return {**absent, 'project_id': 'admin-project',
            'type_id': type_['id'], 'spare_type_id': spare['id'],
            'message_id': _message(share['id']),
            'key': 'k', 'share_id': share['id'], 'class_name': 'default',
            'lock_id': lock['id'], 'rule_id': rule['id'],
            'event_id': _placed_event(client, lock['id']),
            # A share's one instance has the share's id.
            'instance_id': share['id'],
            'spare_rule_id': spare_rule['id'],
            'transfer_id': transfer['id'],
            'transferred_share_id': offered['id'],
            'export_location_id': export['id']}


@pytest.fixture(scope='module')
def world(db_backend, _started_context_manager, tmp_path_factory):
    """One world per backend for every route's sweep; its rows are
    removed afterwards, as the db fixture does for one test."""
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path_factory.mktemp('state')))
    policy.init(conf)
    reset = db_api.context_manager.patch_engine(db_backend.engine)
    watch = None
    try:
        client = api_tier.Client(webtest.TestApp(deploy.build_app(conf)),
                                 ADMIN)
        ids = _build_world(client)
        watch = WriteWatch(db_backend.engine)
        yield World(client, ids, watch)
    finally:
        if watch is not None:
            watch.close()
        reset()
        db_fixtures.restore_rows(db_backend.engine, db_backend.seed)


def _encode(body):
    if body is NO_BODY:
        return b''
    text = json.dumps(body)
    for token, raw in RAW.items():
        text = text.replace('"%s"' % token, raw)
    return text.encode()


def _problem(route, case, response, committed):
    status = response.status_int
    if status >= 500:
        return 'answered %s' % response.status
    message = None
    if status >= 400:
        try:
            [(name, fault)] = response.json.items()
            message = fault['message']
            assert fault['code'] == status and message
        except (ValueError, AttributeError, KeyError, AssertionError,
                TypeError):
            return 'answered %s, not a JSON fault: %r' % (
                response.status, response.body[:100])
    if case.kind == 'unstorable' and (status != 400 or STORE not in message):
        return 'answered %s %r, not the 400 for unstorable characters' % (
            response.status, message)
    if case.kind == 'not-utf8' and status != 400:
        return 'answered %s, not 400' % response.status
    if route.method != 'GET' and status >= 400 and committed:
        return 'answered %s but committed a write' % response.status
    return None


@pytest.mark.parametrize('route', SWEEP, ids=lambda route: route.name)
def test_hostile_input(world, route):
    client = world.client.as_(version=route.version)
    problems = []
    for case in cases(route, world.ids):
        path = case.path + ('?' + case.query if case.query else '')
        before = world.watch.committed
        response = client.raw(route.method, path, body=_encode(case.body),
                              headers={'Content-Type': 'application/json'})
        problem = _problem(route, case, response,
                           world.watch.committed - before)
        if problem:
            problems.append('%s: %s' % (case.where, problem))
    assert problems == [], '\n'.join(problems)
    _assert_world_intact(world)


def test_hostile_project_segment(world):
    """/v2/{project_id}/...: the router reads the segment before any
    handler, the same way for every route."""
    problems = []
    for route in SWEEP:
        path = route.path.format(**world.ids).rstrip('/')
        for label, kind, text in URL_VALUES:
            case = Case('project segment = %s' % label, kind,
                        '/%s%s' % (text, path), '', NO_BODY)
            before = world.watch.committed
            response = world.client.raw(route.method, case.path)
            problem = _problem(route, case, response,
                               world.watch.committed - before)
            if problem:
                problems.append('%s %s: %s' % (route.name, case.where,
                                               problem))
    assert problems == [], '\n'.join(problems)


def _assert_world_intact(world):
    """No accepted hostile value took a resource the next routes aim at."""
    ids = world.ids
    for path in ('/types/%(type_id)s', '/types/%(type_id)s/extra_specs/k',
                 '/shares/%(share_id)s', '/resource-locks/%(lock_id)s',
                 '/share-access-rules/%(rule_id)s',
                 '/share-transfers/%(transfer_id)s'):
        world.client.get(path % ids)


def test_sweep_lists_every_route():
    served = {(method, path) for path, methods in routes.ROUTES.items()
              for method in methods}
    swept = {(route.method, route.path) for route in SWEEP}
    assert served - swept == set(), 'routes missing from SWEEP'
    assert swept - served == set(), 'routes in SWEEP the router lacks'


def test_sweep_lists_every_share_action():
    swept = {next(iter(route.body)) for route in SWEEP
             if route.path == '/shares/{share_id}/action'}
    assert swept == set(share_actions.ACTIONS)


def test_sweep_lists_every_filter():
    """Filters the handlers know, so one added later is swept too."""
    assert set(SHARE_FILTERS) >= (share_filters._MEMBER_PARAMS |
                                  set(share_filters._EXACT))
    assert set(TRANSFER_FILTERS) >= set(transfers_db.FILTERS)
    assert set(LOCK_FILTERS) >= set(resource_lock.FILTERS)
    assert set(MESSAGE_FILTERS) >= set(messages_db.FILTERS)
    assert set(LOCK_EVENT_FILTERS) >= set(lock_events.FILTERS)


def test_the_write_watch_sees_a_committed_write(world):
    before = world.watch.committed
    world.client.lock(world.ids['share_id'], reason='watched')
    assert world.watch.committed > before
