"""Authorisation tier: the personas and a small world of one share, one
access rule and their locks, built for a lock context.

World (built by `build_world`): alice (member of p1) creates share S
(metadata k=v); the
admin creates private share type T, usable by p1. The
locker of the lock context then places a deletion lock on S through
/resource-locks and grants rule R (ip 10.0.0.0/24) on S with
lock_deletion and lock_visibility, as Nova does. Lock context 'none': alice
grants R and nobody locks anything. A user message about S (as a failed
access apply leaves one) is recorded for p1.
"""
import dataclasses
import json
import typing
import uuid

import pytest

from manila_locks import context as ml_context
from manila_locks.host.db import shares as shares_db
from manila_locks.host import message_field
from manila_locks.host import message_service
from tests.api import conftest as api_tier
from tests.api.conftest import Client

# The in-process app and the people of tests/api, shared with this tier.
conf, _conf_and_enforcer = api_tier.conf, api_tier._conf_and_enforcer
wsgi_app = api_tier.wsgi_app
api, bob, reader = api_tier.api, api_tier.bob, api_tier.reader
eve, admin, nova = api_tier.eve, api_tier.admin, api_tier.nova

RULE_CIDR = '10.0.0.0/24'
# Column order of the matrix.
PERSONAS = ('reader', 'member', 'other_member', 'other_project', 'admin',
            'nova', 'anonymous')
LOCK_CONTEXTS = ('none', 'user', 'service', 'admin')


@dataclasses.dataclass
class World:
    share_id: str
    rule_id: str
    export_location_id: str
    type_id: str
    private_type_id: str
    share_lock_id: str = None
    rule_lock_ids: tuple = ()
    # offer() -> (transfer id, auth key) of a new share alice offers for
    # transfer: the transfer cells act on it, never on the world's share.
    offer: typing.Callable = lambda: ('x', 'x')
    # A user message about S for p1, as a back end failure leaves one.
    message_id: str = None
    # The lock history event of placing share_lock_id.
    share_lock_event_id: str = None


class Anonymous(Client):
    """A client that sends no X-Auth-Token at all."""

    def as_(self, token=None, version=None, service=None):
        return Anonymous(self.app, self.token, version or self.version)

    def headers(self, extra=None):
        headers = super().headers(extra)
        headers.pop('X-Auth-Token')
        return headers


@pytest.fixture
def personas(api, bob, reader, eve, admin, nova):
    return {'reader': reader, 'member': api, 'other_member': bob,
            'other_project': eve, 'admin': admin, 'nova': nova,
            'anonymous': Anonymous(api.app, 'unused')}


def call(client, method, path, body=None, version=None):
    """Any request; the response whatever its status."""
    client = client.as_(version=version) if version else client
    data = b'' if body is None else json.dumps(body).encode()
    headers = {'Content-Type': 'application/json'} if body is not None else {}
    return client.raw(method, path, body=data, headers=headers)


def _private_type(admin):
    """A private share type p1 may use, with a spec 'foo' to change."""
    type_id = admin.post('/types', {'share_type': {
        'name': 'matrix-' + uuid.uuid4().hex[:8],
        'share_type_access:is_public': False,
        'extra_specs': {'driver_handles_share_servers': False,
                        'foo': 'bar'}}}).json['share_type']['id']
    admin.post('/types/%s/action' % type_id,
               {'addProjectAccess': {'project': 'p1'}}, status=202)
    return type_id


def _message(share_id):
    """Record what a failed access apply on S records."""
    ctx = ml_context.get_admin_context()
    ctx.request_id = 'req-' + str(uuid.uuid4())
    share = shares_db.get(ctx, share_id)
    return message_service.record(ctx, 3600, message_field.Action.
                                  UPDATE_ACCESS_RULES, share).id


def offer_share(alice):
    share_id = alice.create_share(name='offered', size=1)['id']
    transfer = alice.as_(version='2.82').post('/share-transfers', {
        'transfer': {'share_id': share_id, 'name': 'matrix'}},
        status=202).json['transfer']
    return transfer['id'], transfer['auth_key']


def build_world(personas, lock_context):
    alice, admin_ = personas['member'], personas['admin']
    share_id = alice.create_share(name='matrix', size=2,
                                  metadata={'k': 'v'})['id']
    locker = {'none': alice, 'user': alice, 'service': personas['nova'],
              'admin': admin_}[lock_context]
    share_lock_id = share_lock_event_id = None
    flags = {}
    if lock_context != 'none':
        share_lock_id = locker.lock(share_id, reason='matrix')['id']
        [placed] = admin_.get('/resource-lock-events?all_projects=1&'
                              'lock_id=%s' % share_lock_id).json[
            'resource_lock_events']
        share_lock_event_id = placed['id']
        flags = {'lock_deletion': True, 'lock_visibility': True,
                 'lock_reason': 'matrix'}
    rule = locker.post('/shares/%s/action' % share_id, {'allow_access': dict(
        access_type='ip', access_to=RULE_CIDR, metadata={'k': 'v'},
        **flags)}).json['access']
    rule_locks = admin_.get('/resource-locks?resource_id=%s' % rule['id'])
    exports = alice.get('/shares/%s/export_locations' % share_id)
    default_type = alice.get('/types/default').json['share_type']
    return World(share_id=share_id, rule_id=rule['id'],
                 message_id=_message(share_id),
                 export_location_id=exports.json['export_locations'][0]['id'],
                 type_id=default_type['id'],
                 private_type_id=_private_type(admin_),
                 share_lock_id=share_lock_id,
                 share_lock_event_id=share_lock_event_id,
                 rule_lock_ids=tuple(lock['id'] for lock in
                                     rule_locks.json['resource_locks']),
                 offer=lambda: offer_share(alice))
