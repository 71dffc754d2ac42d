"""Every path that changes a lock, or that a lock refuses, leaves its
events in the lock history (GET /v2/resource-lock-events): the table
PATHS below is the test matrix, one row per path, read as "after this
request, these events were recorded, in this order".

Each row: setup(api, admin, share) -> state dict; act(api, admin, state)
-> the response; the status the act answers; the events it must leave,
as (event, operation, resource_type, resource_action) in the order
recorded. A refused request changes nothing but the history: the locks
it met are all still there.
"""
import pytest

from tests.api import access_rule_steps as steps
from tests.api import transfer_steps

RULE = 'access_rule'
SHARE = 'share'


def _events(admin, request_id):
    found = admin.get('/resource-lock-events', params={
        'request_id': request_id, 'all_projects': 'true',
        'sort_dir': 'asc'}).json['resource_lock_events']
    return found


def _plain_lock(api, admin, share):
    return {'lock': api.lock(share['id'], reason='r1')}


def _rule(api, admin, share, **flags):
    rule = steps.allow(api, share['id'], **flags)
    return {'rule': rule}


def _rule_lock(action):
    def setup(api, admin, share):
        rule = steps.allow(api, share['id'])
        return {'rule': rule, 'lock': api.lock(rule['id'], RULE, action,
                                               reason='r1')}
    return setup


def _nova_rule(api, admin, share):
    return {'rule': steps.allow_locked(api, share['id'])}


def _visibility_rule(api, admin, share):
    return {'rule': steps.allow(api, share['id'], lock_visibility=True,
                                lock_reason='private')}


def _none(api, admin, share):
    return {}


def _post_lock(resource, resource_type, action):
    def act(api, admin, state):
        target = state['share'] if resource == SHARE else state['rule']
        return api.post('/resource-locks', {'resource_lock': {
            'resource_id': target['id'], 'resource_type': resource_type,
            'resource_action': action, 'lock_reason': 'why'}})
    return act


def _put_lock(changes):
    def act(api, admin, state):
        return api.put('/resource-locks/%s' % state['lock']['id'],
                       {'resource_lock': changes})
    return act


def _delete_lock(api, admin, state):
    return api.delete('/resource-locks/%s' % state['lock']['id'],
                      status=204)


def _allow_locked(api, admin, state):
    return api.post(steps.action_path(state['share']['id']), {
        'allow_access': {'access_type': 'ip', 'access_to': '10.1.1.1',
                         'lock_deletion': True, 'lock_visibility': True,
                         'lock_reason': 'Lock by nova'}})


def _deny(unrestrict, client='api', status=202):
    def act(api, admin, state):
        caller = {'api': api, 'admin': admin,
                  'bob': api.as_('bob:p1')}[client]
        fields = {'unrestrict': True} if unrestrict else {}
        return steps.deny(caller, state['share']['id'], state['rule']['id'],
                          status=status, **fields)
    return act


def _share_call(method, suffix='', body=None, client='api', status=403):
    def act(api, admin, state):
        caller = admin if client == 'admin' else api
        path = '/shares/%s%s' % (state['share']['id'], suffix)
        if method == 'DELETE':
            return caller.delete(path, status=status)
        return caller.post(path, body, status=status)
    return act


def _transfer(api, admin, state):
    return api.post(transfer_steps.X, {'transfer': {
        'share_id': state['share']['id'], 'name': 'tx'}}, status=403)


def _instance_force_delete(api, admin, state):
    # The share's one instance has the share's id.
    return admin.post('/share_instances/%s/action' % state['share']['id'],
                      {'force_delete': None}, status=403)


PLACED, CHANGED, REMOVED = 'placed', 'changed', 'removed'
RELEASED, GONE, REFUSED = 'released', 'resource_deleted', 'refused'

# name: (setup, act, status, [(event, operation, type, action), ...])
PATHS = {
    'create share lock': (
        _none, _post_lock(SHARE, SHARE, 'delete'), 200,
        [(PLACED, 'create lock', SHARE, 'delete')]),
    'create rule deletion lock (and its companion)': (
        lambda api, admin, share: _rule(api, admin, share),
        _post_lock(RULE, RULE, 'delete'), 200,
        [(PLACED, 'create lock', RULE, 'delete'),
         (PLACED, 'create lock', SHARE, 'delete')]),
    'create rule visibility lock': (
        lambda api, admin, share: _rule(api, admin, share),
        _post_lock(RULE, RULE, 'show'), 200,
        [(PLACED, 'create lock', RULE, 'show')]),
    'update reason': (
        _plain_lock, _put_lock({'lock_reason': 'r2'}), 200,
        [(CHANGED, 'update lock', SHARE, 'delete')]),
    'update rule lock delete -> show (companion goes)': (
        _rule_lock('delete'), _put_lock({'resource_action': 'show'}), 200,
        [(REMOVED, 'update lock', SHARE, 'delete'),
         (CHANGED, 'update lock', RULE, 'show')]),
    'update rule lock show -> delete (companion comes)': (
        _rule_lock('show'), _put_lock({'resource_action': 'delete'}), 200,
        [(PLACED, 'update lock', SHARE, 'delete'),
         (CHANGED, 'update lock', RULE, 'delete')]),
    'delete share lock': (
        _plain_lock, _delete_lock, 204,
        [(REMOVED, 'delete lock', SHARE, 'delete')]),
    'delete rule deletion lock (and its companion)': (
        _rule_lock('delete'), _delete_lock, 204,
        [(REMOVED, 'delete lock', RULE, 'delete'),
         (REMOVED, 'delete lock', SHARE, 'delete')]),
    'allow_access with locks': (
        _none, _allow_locked, 200,
        [(PLACED, 'allow access', RULE, 'delete'),
         (PLACED, 'allow access', SHARE, 'delete'),
         (PLACED, 'allow access', RULE, 'show')]),
    'unrestricted deny releases every lock of the rule': (
        _nova_rule, _deny(True), 202,
        [(RELEASED, 'unrestricted deny access', RULE, 'delete'),
         (RELEASED, 'unrestricted deny access', RULE, 'show'),
         (RELEASED, 'unrestricted deny access', SHARE, 'delete')]),
    'deny of a visibility-locked rule takes its lock along': (
        _visibility_rule, _deny(False), 202,
        [(GONE, 'deny access', RULE, 'show')]),
    'deny of a deletion-locked rule is refused': (
        _nova_rule, _deny(False, status=403), 403,
        [(REFUSED, 'deny access', RULE, 'delete')]),
    'unrestricted deny by someone who may not remove the locks': (
        _nova_rule, _deny(True, client='bob', status=403), 403,
        [(REFUSED, 'unrestricted deny access', RULE, 'delete')]),
    'share delete refused': (
        _plain_lock, _share_call('DELETE'), 403,
        [(REFUSED, 'delete', SHARE, 'delete')]),
    'share delete refused by a rule lock': (
        _nova_rule, _share_call('DELETE'), 403,
        [(REFUSED, 'delete', RULE, 'delete'),
         (REFUSED, 'delete', SHARE, 'delete')]),
    'force_delete refused': (
        _plain_lock, _share_call('POST', '/action', {'force_delete': None},
                                 client='admin'), 403,
        [(REFUSED, 'delete', SHARE, 'delete')]),
    'share instance force_delete refused': (
        _plain_lock, _instance_force_delete, 403,
        [(REFUSED, 'delete', SHARE, 'delete')]),
    'soft_delete refused': (
        _plain_lock, _share_call('POST', '/action', {'soft_delete': None}),
        403, [(REFUSED, 'soft delete', SHARE, 'delete')]),
    'unmanage refused': (
        _plain_lock, _share_call('POST', '/action', {'unmanage': None},
                                 client='admin'), 403,
        [(REFUSED, 'unmanage', SHARE, 'delete')]),
    'transfer refused': (
        _plain_lock, _transfer, 403,
        [(REFUSED, 'transfer', SHARE, 'delete')]),
    'share delete takes visibility locks along': (
        _visibility_rule, _share_call('DELETE', status=202), 202,
        [(GONE, 'delete', RULE, 'show')]),
    'force delete takes visibility locks along': (
        _visibility_rule, _share_call('POST', '/action',
                                      {'force_delete': None},
                                      client='admin', status=202), 202,
        [(GONE, 'force delete', RULE, 'show')]),
}


def _locks(admin, share_id):
    return sorted(lock['id'] for lock in admin.get(
        '/resource-locks', params={'all_projects': 'true'}).json[
        'resource_locks'])


@pytest.mark.parametrize('name', sorted(PATHS))
def test_path_records_its_events(name, api, admin, share):
    setup, act, status, expected = PATHS[name]
    state = dict(setup(api, admin, share), share=share)
    locks_before = _locks(admin, share['id'])
    response = act(api, admin, state)
    assert response.status_int == status
    request_id = response.headers['x-openstack-request-id']
    events = _events(admin, request_id)
    seen = [(e['event'], e['operation'], e['resource_type'],
             e['resource_action']) for e in events]
    assert sorted(seen) == sorted(expected)
    for event in events:
        assert event['request_id'] == request_id
        assert event['user_id'] in ('alice', 'bob', 'admin')
    if status == 403:
        # A refusal changes nothing but the history.
        assert _locks(admin, share['id']) == locks_before


def test_recycle_bin_purge_takes_visibility_locks_along(api, admin, share,
                                                        conf):
    """The recycle bin purge (manila-locks-manage shares purge-expired)
    removes a binned share's rule with its visibility lock: no user, and
    the request id of the command's own context."""
    from manila_locks import context as ml_context
    from manila_locks.host import drivers
    from manila_locks.host import share_service

    rule = _visibility_rule(api, admin, share)['rule']
    conf.set_override('soft_deleted_share_retention_time', 0)
    api.post('/shares/%s/action' % share['id'], {'soft_delete': None},
             status=202)
    purged = share_service.purge_expired(ml_context.get_admin_context(),
                                         drivers.load(conf))
    assert purged == [share['id']]
    [event] = admin.get('/resource-lock-events', params={
        'resource_id': rule['id'], 'event': GONE,
        'all_projects': 1}).json['resource_lock_events']
    assert (event['operation'], event['user_id'],
            event['requester_context']) == ('recycle bin purge', None, 'admin')
    assert event['request_id'].startswith('req-')
