"""The authorisation matrix: persona x endpoint/action x lock context ->
status, written once, in MATRIX below.

Each cell runs against a world (conftest.build_world) whose share and rule
carry locks placed in that lock context ('none': no locks). A world is
reused by the next cell unless the previous request could have changed it
(a write that succeeded), so every cell sees the same starting state; a
world is built through the API once per backend and lock context, and
reset from a snapshot of its rows after that (_fresh_world).
Runs on every backend (SQLite, PostgreSQL, MariaDB): scoping, redaction
and the lock checks are SQL filters and joins, so the same cell must hold on
each (about two thousand requests a backend). Each row prints what it
saw in MATRIX's own syntax, so a deliberate change is pasted, not retyped.
test_matrix_covers_every_route_and_method fails when a route of
host/routes.py has no row.
"""
import dataclasses
import types

import pytest

from manila_locks.api import router
from manila_locks import conf as ml_conf
from manila_locks.host import routes
from tests.authz import conftest as authz
from tests import conftest as root_conftest

S = '/shares/%s'
A = '/shares/%s/action'
R = '/share-access-rules/%s'
T = '/types/%s'
X = '/share-transfers/%s'
M = '/messages/%s'
Q = '/quota-sets/p1'
TRANSFER_VERSION = '2.82'


def _action(name, argument=None, version=None):
    return lambda c, w: authz.call(c, 'POST', A % w.share_id,
                                   {name: argument}, version)


def _rule_lock(c, w, action):
    return authz.call(c, 'POST', '/resource-locks', {'resource_lock': {
        'resource_id': w.rule_id, 'resource_type': 'access_rule',
        'resource_action': action}})


def _absent(path, body=None):
    """A request about a resource this service has none of (the world's
    share id stands in for an id)."""
    return lambda c, w: authz.call(c, 'POST' if body else 'GET',
                                   path.replace('%s', w.share_id), body)


def _on_offer(method, suffix='', body=None):
    """A request about a transfer of its own (world.offer); it leaves the
    world as it was."""
    def request(c, w):
        transfer_id, auth_key = w.offer()
        payload = body(auth_key) if body else None
        return authz.call(c, method, X % transfer_id + suffix, payload,
                          TRANSFER_VERSION)
    return request


# endpoint/action -> (request, does it write?)
ACTIONS = {
    'share.list': (lambda c, w: authz.call(c, 'GET', '/shares'), False),
    'share.detail': (lambda c, w: authz.call(c, 'GET', '/shares/detail'),
                     False),
    'share.create': (lambda c, w: authz.call(c, 'POST', '/shares', {
        'share': {'share_proto': 'NFS', 'size': 1}}), True),
    'share.show': (lambda c, w: authz.call(c, 'GET', S % w.share_id), False),
    'share.update': (lambda c, w: authz.call(
        c, 'PUT', S % w.share_id, {'share': {'display_name': 'x'}}), True),
    'share.delete': (lambda c, w: authz.call(c, 'DELETE', S % w.share_id),
                     True),
    'share.force_delete': (_action('force_delete'), True),
    'share.soft_delete': (_action('soft_delete'), True),
    'share.restore': (_action('restore'), True),
    'share.unmanage': (_action('unmanage'), True),
    'share.unmanage_legacy': (lambda c, w: authz.call(
        c, 'POST', '/os-share-unmanage/%s/unmanage' % w.share_id, {},
        version='2.6'), True),
    'share.extend': (_action('extend', {'new_size': 3}), True),
    'share.shrink': (_action('shrink', {'new_size': 1}), True),
    'share.reset_status': (_action('reset_status', {'status': 'error'}),
                           True),
    'share.reset_task_state': (_action('reset_task_state', {
        'task_state': 'migration_error'}), True),
    'share.migration_start': (_action('migration_start', {
        'host': 'localhost@local#other', 'writable': True,
        'preserve_metadata': True, 'preserve_snapshots': True,
        'nondisruptive': False}), True),
    'share_metadata.list': (lambda c, w: authz.call(
        c, 'GET', S % w.share_id + '/metadata'), False),
    'share_metadata.show': (lambda c, w: authz.call(
        c, 'GET', S % w.share_id + '/metadata/k'), False),
    'share_metadata.replace': (lambda c, w: authz.call(
        c, 'PUT', S % w.share_id + '/metadata', {'metadata': {'a': 'b'}}),
        True),
    'share_metadata.merge': (lambda c, w: authz.call(
        c, 'POST', S % w.share_id + '/metadata', {'metadata': {'a': 'b'}}),
        True),
    'share_metadata.set_item': (lambda c, w: authz.call(
        c, 'POST', S % w.share_id + '/metadata/a', {'metadata': {'a': 'b'}}),
        True),
    'share_metadata.delete': (lambda c, w: authz.call(
        c, 'DELETE', S % w.share_id + '/metadata/k'), True),
    'instance.list': (lambda c, w: authz.call(c, 'GET', '/share_instances'),
                      False),
    'instance.show': (lambda c, w: authz.call(
        c, 'GET', '/share_instances/%s' % w.share_id), False),
    'instance.of_share': (lambda c, w: authz.call(
        c, 'GET', S % w.share_id + '/instances'), False),
    'instance.reset_status': (lambda c, w: authz.call(
        c, 'POST', '/share_instances/%s/action' % w.share_id,
        {'reset_status': {'status': 'error'}}), True),
    'instance.force_delete': (lambda c, w: authz.call(
        c, 'POST', '/share_instances/%s/action' % w.share_id,
        {'force_delete': None}), True),
    'instance.export_locations': (lambda c, w: authz.call(
        c, 'GET', '/share_instances/%s/export_locations' % w.share_id),
        False),
    'instance.export_location': (lambda c, w: authz.call(
        c, 'GET', '/share_instances/%s/export_locations/%s'
        % (w.share_id, w.export_location_id)), False),
    'export_location.list': (lambda c, w: authz.call(
        c, 'GET', S % w.share_id + '/export_locations'), False),
    'quota_class.show': (lambda c, w: authz.call(
        c, 'GET', '/quota-class-sets/default'), False),
    'quota_class.update': (lambda c, w: authz.call(
        c, 'PUT', '/quota-class-sets/default',
        {'quota_class_set': {'shares': 5}}), True),
    'pools.list': (lambda c, w: authz.call(
        c, 'GET', '/scheduler-stats/pools'), False),
    'pools.detail': (lambda c, w: authz.call(
        c, 'GET', '/scheduler-stats/pools/detail'), False),
    'export_location.show': (lambda c, w: authz.call(
        c, 'GET', S % w.share_id + '/export_locations/%s'
        % w.export_location_id), False),
    'type.list': (lambda c, w: authz.call(c, 'GET', '/types'), False),
    'type.show': (lambda c, w: authz.call(c, 'GET', '/types/%s'
                                          % w.type_id), False),
    'type.create': (lambda c, w: authz.call(c, 'POST', '/types', {
        'share_type': {'name': 'gold', 'extra_specs': {
            'driver_handles_share_servers': False}}}), True),
    'type.default': (lambda c, w: authz.call(c, 'GET', '/types/default'),
                     False),
    'type.update': (lambda c, w: authz.call(c, 'PUT', T % w.private_type_id, {
        'share_type': {'description': 'changed'}}), True),
    'type.delete': (lambda c, w: authz.call(
        c, 'DELETE', T % w.private_type_id), True),
    'type.show_private': (lambda c, w: authz.call(
        c, 'GET', T % w.private_type_id), False),
    'type.access_list': (lambda c, w: authz.call(
        c, 'GET', T % w.private_type_id + '/share_type_access'), False),
    'type.access_list_legacy': (lambda c, w: authz.call(
        c, 'GET', T % w.private_type_id + '/os-share-type-access',
        version='2.6'), False),
    'type.access_add': (lambda c, w: authz.call(
        c, 'POST', T % w.private_type_id + '/action',
        {'addProjectAccess': {'project': 'p3'}}), True),
    'extra_specs.list': (lambda c, w: authz.call(
        c, 'GET', T % w.private_type_id + '/extra_specs'), False),
    'extra_specs.show': (lambda c, w: authz.call(
        c, 'GET', T % w.private_type_id + '/extra_specs/foo'), False),
    'extra_specs.set': (lambda c, w: authz.call(
        c, 'POST', T % w.private_type_id + '/extra_specs',
        {'extra_specs': {'baz': 'qux'}}), True),
    'extra_specs.update': (lambda c, w: authz.call(
        c, 'PUT', T % w.private_type_id + '/extra_specs/foo', {'foo': 'x'}),
        True),
    'extra_specs.delete': (lambda c, w: authz.call(
        c, 'DELETE', T % w.private_type_id + '/extra_specs/foo'), True),
    'replicas.list': (lambda c, w: authz.call(
        c, 'GET', '/share-replicas/detail'), False),
    'versions.project': (lambda c, w: authz.call(c, 'GET', '/p1'), False),
    'versions': (lambda c, w: authz.call(c, 'GET', ''), False),
    'openapi': (lambda c, w: authz.call(c, 'GET', '/openapi.json'), False),
    'access.allow': (_action('allow_access', {
        'access_type': 'ip', 'access_to': '10.9.9.9'}), True),
    'access.deny': (lambda c, w: authz.call(c, 'POST', A % w.share_id, {
        'deny_access': {'access_id': w.rule_id}}), True),
    'access.deny_unrestrict': (lambda c, w: authz.call(
        c, 'POST', A % w.share_id, {'deny_access': {
            'access_id': w.rule_id, 'unrestrict': True}}), True),
    'access.list_action': (_action('access_list', version='2.44'), False),
    'access.list': (lambda c, w: authz.call(
        c, 'GET', '/share-access-rules?share_id=%s' % w.share_id), False),
    'access.show': (lambda c, w: authz.call(c, 'GET', R % w.rule_id), False),
    'access.update': (lambda c, w: authz.call(c, 'PUT', R % w.rule_id, {
        'update_access': {'access_level': 'ro'}}), True),
    'access.metadata_set': (lambda c, w: authz.call(
        c, 'PUT', R % w.rule_id + '/metadata', {'metadata': {'a': 'b'}}),
        True),
    'access.metadata_delete': (lambda c, w: authz.call(
        c, 'DELETE', R % w.rule_id + '/metadata/k'), True),
    'transfer.create': (lambda c, w: authz.call(
        c, 'POST', '/share-transfers', {'transfer': {
            'share_id': w.share_id, 'name': None}}, TRANSFER_VERSION), True),
    'transfer.list': (lambda c, w: authz.call(
        c, 'GET', '/share-transfers', version=TRANSFER_VERSION), False),
    'transfer.detail': (lambda c, w: authz.call(
        c, 'GET', '/share-transfers/detail?all_tenants=1',
        version=TRANSFER_VERSION), False),
    'transfer.show': (_on_offer('GET'), False),
    'transfer.delete': (_on_offer('DELETE'), False),
    'transfer.accept': (_on_offer('POST', '/accept', lambda key: {
        'accept': {'auth_key': key, 'clear_access_rules': False}}), False),
    'lock.list': (lambda c, w: authz.call(c, 'GET', '/resource-locks'),
                  False),
    'lock.create_share': (lambda c, w: authz.call(
        c, 'POST', '/resource-locks', {'resource_lock': {
            'resource_id': w.share_id}}), True),
    'lock.create_rule_delete': (lambda c, w: _rule_lock(c, w, 'delete'),
                                True),
    'lock.create_rule_show': (lambda c, w: _rule_lock(c, w, 'show'), True),
    'lock.show': (lambda c, w: authz.call(
        c, 'GET', '/resource-locks/%s' % w.share_lock_id), False),
    'lock.update': (lambda c, w: authz.call(
        c, 'PUT', '/resource-locks/%s' % w.share_lock_id,
        {'resource_lock': {'lock_reason': 'changed'}}), True),
    'lock.delete': (lambda c, w: authz.call(
        c, 'DELETE', '/resource-locks/%s' % w.share_lock_id), True),
    'lock.retention_show': (lambda c, w: authz.call(
        c, 'GET', '/resource-locks/%s/retention' % w.share_lock_id), False),
    'lock.retention_set': (lambda c, w: authz.call(
        c, 'PUT', '/resource-locks/%s/retention' % w.share_lock_id,
        {'retention': {'duration': 3600}}), True),
    'lock.retention_unset': (lambda c, w: authz.call(
        c, 'DELETE', '/resource-locks/%s/retention' % w.share_lock_id),
        True),
    'lock.hold_show': (lambda c, w: authz.call(
        c, 'GET', '/resource-locks/%s/legal-hold' % w.share_lock_id), False),
    'lock.hold_set': (lambda c, w: authz.call(
        c, 'PUT', '/resource-locks/%s/legal-hold' % w.share_lock_id,
        {'legal_hold': {'reason': 'matrix'}}), True),
    'lock.hold_release': (lambda c, w: authz.call(
        c, 'DELETE', '/resource-locks/%s/legal-hold' % w.share_lock_id),
        True),
    'lock_event.list': (lambda c, w: authz.call(
        c, 'GET', '/resource-lock-events'), False),
    'lock_event.show': (lambda c, w: authz.call(
        c, 'GET', '/resource-lock-events/%s' % w.share_lock_event_id),
        False),
    'zones.list': (lambda c, w: authz.call(
        c, 'GET', '/availability-zones', version='2.7'), False),
    'zones.list_legacy': (lambda c, w: authz.call(
        c, 'GET', '/os-availability-zone', version='2.6'), False),
    'limits': (lambda c, w: authz.call(c, 'GET', '/limits'), False),
    'message.list': (lambda c, w: authz.call(c, 'GET', '/messages'), False),
    'message.show': (lambda c, w: authz.call(
        c, 'GET', M % w.message_id), False),
    'message.delete': (lambda c, w: authz.call(
        c, 'DELETE', M % w.message_id), True),
    'snapshot.list': (lambda c, w: authz.call(c, 'GET', '/snapshots'),
                      False),
    'snapshot.detail': (lambda c, w: authz.call(
        c, 'GET', '/snapshots/detail'), False),
    'snapshot.show': (lambda c, w: authz.call(
        c, 'GET', '/snapshots/%s' % w.share_id), False),
    'snapshot.create': (lambda c, w: authz.call(c, 'POST', '/snapshots', {
        'snapshot': {'share_id': w.share_id}}), False),
    'replicas.index': (lambda c, w: authz.call(c, 'GET', '/share-replicas'),
                       False),
    'replicas.show': (_absent('/share-replicas/%s'), False),
    'quota.show': (lambda c, w: authz.call(c, 'GET', Q), False),
    'quota.detail': (lambda c, w: authz.call(c, 'GET', Q + '/detail'),
                     False),
    'quota.defaults': (lambda c, w: authz.call(c, 'GET', Q + '/defaults'),
                       False),
    'quota.update': (lambda c, w: authz.call(c, 'PUT', Q, {
        'quota_set': {'shares': 5}}), False),
}
# (collection, body key of a create, or None) of the resources this
# service has none of: list, detail, show and create each get a row.
ABSENT = {'share-networks': 'share_network',
          'security-services': 'security_service',
          'share-groups': 'share_group',
          'share-group-types': 'share_group_type',
          'share-group-snapshots': 'share_group_snapshot',
          'share-servers': None}
for _collection, _key in ABSENT.items():
    ACTIONS[_collection + '.list'] = (_absent('/' + _collection), False)
    ACTIONS[_collection + '.show'] = (_absent('/%s/%%s' % _collection),
                                      False)
    if _collection not in ('share-group-types', 'share-servers'):
        ACTIONS[_collection + '.detail'] = (
            _absent('/%s/detail' % _collection), False)
    if _key:
        ACTIONS[_collection + '.create'] = (
            _absent('/' + _collection, {_key: {'name': 'x'}}), False)
ACTIONS['share-group-types.default'] = (
    _absent('/share-group-types/default'), False)
LOCK_ONLY = ('lock.show', 'lock.update', 'lock.delete', 'lock_event.show',
             'lock.retention_show', 'lock.retention_set',
             'lock.retention_unset', 'lock.hold_show', 'lock.hold_set',
             'lock.hold_release')
# Answers no lock can change (nothing here reads one): their rows run in
# lock context 'none' only.
LOCK_FREE = tuple(action for action in ACTIONS if action.split('.')[0] in (
    'zones', 'limits', 'quota', 'message', 'snapshot', 'replicas',
    *ABSENT))

ANY = 'any lock context, or none'
LOCKED = 'any lock context'
# (endpoint/action, lock context | LOCKED | ANY) -> status per persona:
# reader, member (alice, owns the share), other_member (bob, same project),
# other_project (eve, p2), admin (admin role, another project), nova
# (alice's token + a service token), anonymous (no token). Administrators'
# actions are authorised before the share is looked up, so eve is refused
# (403), not told the share is missing (404), as in Manila.
MATRIX = {
    # endpoint/action, lock context         rdr  mbr  oth  eve  adm  nva  anon
    ('share.list', ANY):                   (200, 200, 200, 200, 200, 200, 401),
    ('share.detail', ANY):                 (200, 200, 200, 200, 200, 200, 401),
    ('share.create', ANY):                 (403, 200, 200, 200, 200, 200, 401),
    ('share.show', ANY):                   (200, 200, 200, 404, 200, 200, 401),
    ('share.update', ANY):                 (403, 200, 200, 404, 200, 200, 401),
    ('share.delete', 'none'):              (403, 202, 202, 404, 202, 202, 401),
    ('share.delete', LOCKED):              (403, 403, 403, 404, 403, 403, 401),
    ('share.force_delete', 'none'):        (403, 403, 403, 403, 202, 403, 401),
    ('share.force_delete', LOCKED):        (403, 403, 403, 403, 403, 403, 401),
    ('share.soft_delete', 'none'):         (403, 202, 202, 404, 202, 202, 401),
    ('share.soft_delete', LOCKED):         (403, 403, 403, 404, 403, 403, 401),
    ('share.restore', ANY):                (403, 200, 200, 404, 200, 200, 401),
    ('share.unmanage', 'none'):            (403, 403, 403, 403, 202, 403, 401),
    ('share.unmanage', LOCKED):            (403, 403, 403, 403, 403, 403, 401),
    ('share.unmanage_legacy', 'none'):     (403, 403, 403, 403, 202, 403, 401),
    ('share.unmanage_legacy', LOCKED):     (403, 403, 403, 403, 403, 403, 401),
    ('share.extend', ANY):                 (403, 202, 202, 404, 202, 202, 401),
    ('share.shrink', ANY):                 (403, 202, 202, 404, 202, 202, 401),
    ('share.reset_status', ANY):           (403, 403, 403, 403, 202, 403, 401),
    ('share.migration_start', ANY):        (403, 403, 403, 403, 202, 403, 401),
    ('share.reset_task_state', ANY):       (403, 403, 403, 403, 202, 403, 401),
    ('share_metadata.list', ANY):          (200, 200, 200, 404, 200, 200, 401),
    ('share_metadata.show', ANY):          (200, 200, 200, 404, 200, 200, 401),
    ('share_metadata.replace', ANY):       (403, 200, 200, 404, 200, 200, 401),
    ('share_metadata.merge', ANY):         (403, 200, 200, 404, 200, 200, 401),
    ('share_metadata.set_item', ANY):      (403, 200, 200, 404, 200, 200, 401),
    ('share_metadata.delete', ANY):        (403, 200, 200, 404, 200, 200, 401),
    ('instance.list', ANY):                (403, 403, 403, 403, 200, 403, 401),
    ('instance.show', ANY):                (403, 403, 403, 403, 200, 403, 401),
    ('instance.of_share', ANY):            (403, 403, 403, 403, 200, 403, 401),
    ('instance.reset_status', ANY):        (403, 403, 403, 403, 202, 403, 401),
    ('instance.force_delete', 'none'):     (403, 403, 403, 403, 202, 403, 401),
    ('instance.force_delete', LOCKED):     (403, 403, 403, 403, 403, 403, 401),
    ('instance.export_locations', ANY):    (403, 403, 403, 403, 200, 403, 401),
    ('instance.export_location', ANY):     (403, 403, 403, 403, 200, 403, 401),
    ('export_location.list', ANY):         (200, 200, 200, 404, 200, 200, 401),
    ('quota_class.show', ANY):             (403, 403, 403, 403, 200, 403, 401),
    ('quota_class.update', ANY):           (403, 403, 403, 403, 400, 403, 401),
    ('pools.list', ANY):                   (403, 403, 403, 403, 200, 403, 401),
    ('pools.detail', ANY):                 (403, 403, 403, 403, 200, 403, 401),
    ('export_location.show', ANY):         (200, 200, 200, 404, 200, 200, 401),
    ('type.list', ANY):                    (200, 200, 200, 200, 200, 200, 401),
    ('type.show', ANY):                    (200, 200, 200, 200, 200, 200, 401),
    ('type.create', ANY):                  (403, 403, 403, 403, 200, 403, 401),
    ('type.default', ANY):                 (200, 200, 200, 200, 200, 200, 401),
    ('type.update', ANY):                  (403, 403, 403, 403, 200, 403, 401),
    ('type.delete', ANY):                  (403, 403, 403, 403, 202, 403, 401),
    ('type.show_private', ANY):            (200, 200, 200, 404, 200, 200, 401),
    ('type.access_list', ANY):             (403, 403, 403, 403, 200, 403, 401),
    ('type.access_list_legacy', ANY):      (403, 403, 403, 403, 200, 403, 401),
    ('type.access_add', ANY):              (403, 403, 403, 403, 202, 403, 401),
    ('extra_specs.list', ANY):             (403, 403, 403, 403, 200, 403, 401),
    ('extra_specs.show', ANY):             (403, 403, 403, 403, 200, 403, 401),
    ('extra_specs.set', ANY):              (403, 403, 403, 403, 200, 403, 401),
    ('extra_specs.update', ANY):           (403, 403, 403, 403, 200, 403, 401),
    ('extra_specs.delete', ANY):           (403, 403, 403, 403, 202, 403, 401),
    ('replicas.list', ANY):                (200, 200, 200, 200, 200, 200, 401),
    ('versions.project', ANY):             (200, 200, 200, 404, 404, 200, 401),
    ('versions', ANY):                     (200, 200, 200, 200, 200, 200, 200),
    ('openapi', ANY):                      (200, 200, 200, 200, 200, 200, 200),
    ('access.allow', ANY):                 (403, 200, 200, 404, 200, 200, 401),
    ('access.deny', 'none'):               (403, 202, 202, 404, 202, 202, 401),
    ('access.deny', LOCKED):               (403, 403, 403, 404, 403, 403, 401),
    ('access.deny_unrestrict', 'none'):    (403, 202, 202, 404, 202, 202, 401),
    ('access.deny_unrestrict', 'user'):    (403, 202, 403, 404, 202, 202, 401),
    ('access.deny_unrestrict', 'service'): (403, 403, 403, 404, 202, 202, 401),
    ('access.deny_unrestrict', 'admin'):   (403, 403, 403, 404, 202, 403, 401),
    ('access.list_action', ANY):           (200, 200, 200, 404, 200, 200, 401),
    ('access.list', ANY):                  (200, 200, 200, 400, 200, 200, 401),
    ('access.show', ANY):                  (200, 200, 200, 404, 200, 200, 401),
    ('access.update', ANY):                (403, 200, 200, 404, 200, 200, 401),
    ('access.metadata_set', ANY):          (403, 200, 200, 404, 200, 200, 401),
    ('access.metadata_delete', ANY):       (403, 200, 200, 404, 200, 200, 401),
    # A transfer hands the share to another project: refused while the
    # share or its rules hold any lock; eve cannot see the share (400, as
    # Manila answers an unknown share here, locked or not).
    ('transfer.create', 'none'):           (403, 202, 202, 400, 202, 202, 401),
    ('transfer.create', LOCKED):           (403, 403, 403, 400, 403, 403, 401),
    ('transfer.list', ANY):                (200, 200, 200, 200, 200, 200, 401),
    ('transfer.detail', ANY):              (200, 200, 200, 200, 200, 200, 401),
    ('transfer.show', ANY):                (200, 200, 200, 404, 200, 200, 401),
    ('transfer.delete', ANY):              (403, 200, 200, 404, 200, 200, 401),
    ('transfer.accept', ANY):              (403, 202, 202, 202, 202, 202, 401),
    ('lock.list', ANY):                    (200, 200, 200, 200, 200, 200, 401),
    ('lock.create_share', ANY):            (403, 200, 200, 400, 200, 200, 401),
    ('lock.create_rule_delete', ANY):      (403, 200, 200, 400, 200, 200, 401),
    ('lock.create_rule_show', 'none'):     (403, 200, 200, 400, 200, 200, 401),
    ('lock.create_rule_show', LOCKED):     (403, 409, 409, 400, 409, 409, 401),
    ('lock.show', ANY):                    (200, 200, 200, 404, 200, 200, 401),
    ('lock.update', 'user'):               (403, 200, 403, 404, 200, 200, 401),
    ('lock.update', 'service'):            (403, 403, 403, 404, 200, 200, 401),
    ('lock.update', 'admin'):              (403, 403, 403, 404, 200, 403, 401),
    ('lock.delete', 'user'):               (403, 204, 403, 404, 204, 204, 401),
    ('lock.delete', 'service'):            (403, 403, 403, 404, 204, 204, 401),
    ('lock.delete', 'admin'):              (403, 403, 403, 404, 204, 403, 401),
    # The lock history: scoped as locks are (eve's list is empty).
    # A lock's lifetime: its retention as the lock itself is updated; its
    # legal hold by administrators only (resource_lock:legal_hold).
    ('lock.retention_show', ANY):          (200, 200, 200, 404, 200, 200, 401),
    ('lock.retention_set', 'user'):        (403, 200, 403, 404, 200, 200, 401),
    ('lock.retention_set', 'service'):     (403, 403, 403, 404, 200, 200, 401),
    ('lock.retention_set', 'admin'):       (403, 403, 403, 404, 200, 403, 401),
    ('lock.retention_unset', 'user'):      (403, 204, 403, 404, 204, 204, 401),
    ('lock.retention_unset', 'service'):   (403, 403, 403, 404, 204, 204, 401),
    ('lock.retention_unset', 'admin'):     (403, 403, 403, 404, 204, 403, 401),
    ('lock.hold_show', ANY):               (200, 200, 200, 404, 200, 200, 401),
    ('lock.hold_set', ANY):                (403, 403, 403, 403, 200, 403, 401),
    ('lock.hold_release', ANY):            (403, 403, 403, 403, 204, 403, 401),
    ('lock_event.list', ANY):              (200, 200, 200, 200, 200, 200, 401),
    ('lock_event.show', ANY):              (200, 200, 200, 404, 200, 200, 401),
    # What manila-ui reads besides shares (lock context 'none' only).
    ('zones.list', ANY):                   (200, 200, 200, 200, 200, 200, 401),
    ('zones.list_legacy', ANY):            (200, 200, 200, 200, 200, 200, 401),
    ('limits', ANY):                       (200, 200, 200, 200, 200, 200, 401),
    # p1's quotas: eve (p2) may not read them.
    ('quota.show', ANY):                   (200, 200, 200, 403, 200, 200, 401),
    ('quota.detail', ANY):                 (200, 200, 200, 403, 200, 200, 401),
    ('quota.defaults', ANY):               (200, 200, 200, 403, 200, 200, 401),
    ('quota.update', ANY):                 (403, 403, 403, 403, 400, 403, 401),
    ('message.list', ANY):                 (200, 200, 200, 200, 200, 200, 401),
    ('message.show', ANY):                 (200, 200, 200, 404, 200, 200, 401),
    ('message.delete', ANY):               (403, 204, 204, 404, 204, 204, 401),
    ('snapshot.list', ANY):                (200, 200, 200, 200, 200, 200, 401),
    ('snapshot.detail', ANY):              (200, 200, 200, 200, 200, 200, 401),
    ('snapshot.show', ANY):                (404, 404, 404, 404, 404, 404, 401),
    # The share is found (eve cannot see it), then lacks the capability.
    ('snapshot.create', ANY):              (403, 422, 422, 404, 422, 422, 401),
    ('replicas.index', ANY):               (200, 200, 200, 200, 200, 200, 401),
    ('replicas.show', ANY):                (404, 404, 404, 404, 404, 404, 401),
    ('share-networks.list', ANY):          (200, 200, 200, 200, 200, 200, 401),
    ('share-networks.detail', ANY):        (200, 200, 200, 200, 200, 200, 401),
    ('share-networks.show', ANY):          (404, 404, 404, 404, 404, 404, 401),
    ('share-networks.create', ANY):        (403, 400, 400, 400, 400, 400, 401),
    ('security-services.list', ANY):       (200, 200, 200, 200, 200, 200, 401),
    ('security-services.detail', ANY):     (200, 200, 200, 200, 200, 200, 401),
    ('security-services.show', ANY):       (404, 404, 404, 404, 404, 404, 401),
    ('security-services.create', ANY):     (403, 400, 400, 400, 400, 400, 401),
    ('share-servers.list', ANY):           (403, 403, 403, 403, 200, 403, 401),
    ('share-servers.show', ANY):           (403, 403, 403, 403, 404, 403, 401),
    ('share-groups.list', ANY):            (200, 200, 200, 200, 200, 200, 401),
    ('share-groups.detail', ANY):          (200, 200, 200, 200, 200, 200, 401),
    ('share-groups.show', ANY):            (404, 404, 404, 404, 404, 404, 401),
    ('share-groups.create', ANY):          (403, 400, 400, 400, 400, 400, 401),
    ('share-group-types.list', ANY):       (200, 200, 200, 200, 200, 200, 401),
    ('share-group-types.default', ANY):    (404, 404, 404, 404, 404, 404, 401),
    ('share-group-types.show', ANY):       (404, 404, 404, 404, 404, 404, 401),
    ('share-group-types.create', ANY):     (403, 403, 403, 403, 400, 403, 401),
    ('share-group-snapshots.list', ANY):   (200, 200, 200, 200, 200, 200, 401),
    ('share-group-snapshots.detail', ANY): (200, 200, 200, 200, 200, 200, 401),
    ('share-group-snapshots.show', ANY):   (404, 404, 404, 404, 404, 404, 401),
    ('share-group-snapshots.create', ANY): (403, 400, 400, 400, 400, 400, 401),
}


def _rows():
    for action in ACTIONS:
        for context in authz.LOCK_CONTEXTS:
            if action in LOCK_ONLY and context == 'none':
                continue
            if action in LOCK_FREE and context != 'none':
                continue
            yield action, context


def expected(action, context):
    for key in (context, LOCKED if context != 'none' else None, ANY):
        if (action, key) in MATRIX:
            return MATRIX[(action, key)]
    raise AssertionError('MATRIX has no row for %s in lock context %s'
                         % (action, context))


# (backend, lock context) -> (World, every table's rows right after
# build_world made it). Restoring those rows puts back exactly the world
# build_world makes, ids included, in milliseconds instead of the ~25
# requests that build it; the local driver keeps nothing a test reads
# outside the database.
_WORLDS = {}


def _fresh_world(db, personas, context):
    key = (db.name, context)
    if key not in _WORLDS:
        world = authz.build_world(personas, context)
        _WORLDS[key] = (world, root_conftest.read_rows(db.engine))
    else:
        root_conftest.restore_rows(db.engine, _WORLDS[key][1])
    world = _WORLDS[key][0]
    # offer() makes its share through this test's own app.
    return dataclasses.replace(
        world, offer=lambda: authz.offer_share(personas['member']))


@pytest.mark.parametrize('action,context', list(_rows()))
def test_matrix(db, personas, action, context):
    request, writes = ACTIONS[action]
    world = None
    observed = []
    for persona in authz.PERSONAS:
        if world is None:
            world = _fresh_world(db, personas, context)
        response = request(personas[persona], world)
        observed.append(response.status_int)
        if writes and response.status_int < 300:
            world = None
    print('    (%r, %r): (%s),' % (action, context,
                                   ', '.join(str(s) for s in observed)))
    assert tuple(observed) == expected(action, context), (
        'personas: %s' % (authz.PERSONAS,))


class _Recorder:
    """Stands in for a client: remembers the request instead of sending."""

    def __init__(self):
        self.requests = []

    def as_(self, **kw):
        return self

    def raw(self, method, path, **kw):
        self.requests.append((method, path))


# Answered by deploy.Discovery before the router.
DISCOVERY = ('', '/openapi.json')


def test_matrix_covers_every_route_and_method():
    world = authz.World(*(['x'] * 6))
    table = router.Router(routes.ROUTES, ml_conf.build([]).project_id_regex)
    alice = types.SimpleNamespace(project_id='p1')
    covered = set()
    for request, writes in ACTIONS.values():
        recorder = _Recorder()
        request(recorder, world)
        for method, path in recorder.requests:
            if path in DISCOVERY:
                continue
            resolved = table.resolve('/v2' + path.split('?')[0], alice)
            covered.add((method, resolved.route_path))
    every = {(method, path) for path, methods in routes.ROUTES.items()
             for method in methods}
    assert every - covered == set()
