"""Regenerate api-ref/source/samples from a running noauth service.

    manila-locks-api --config-file F --port 0     # F: an empty state_path
    python api-ref/make_samples.py http://127.0.0.1:PORT STATE_PATH \
        api-ref/source/samples

Every sample is a real request or answer of the service (noauth tokens
stand in for Keystone users; X-Service-Roles for Nova's service token), so
the samples change with the code. Host, port and state path are rewritten
to 127.0.0.1:8786 and /var/lib/manila-locks.
"""
import json
import os
import sys

import requests

BASE = sys.argv[1].rstrip('/')          # http://127.0.0.1:PORT
STATE = sys.argv[2]
OUT = sys.argv[3]
HOST = BASE.split('//')[1]
ALICE = 'b87f8a1e4c3d4b5e9f0a1c2d3e4f5a6b'
BOB = '0c6e2d9f7a8b4c1d8e3f5a6b7c8d9e0f'
PROJECT = '9a0f3c2e1b7d4e6f8a5c4b3d2e1f0a9b'
ADMIN = '4d3c2b1a0f9e4d8c7b6a5f4e3d2c1b0a'
ADMIN_PROJECT = '1f2e3d4c5b6a47988796a5b4c3d2e1f0'
V = '2.82'
NOVA = '5e6f7a8b9c0d4e1f8a2b3c4d5e6f7a8b'
SERVICE_PROJECT = '2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7'
# The global request id Nova sends with every call of one operation.
NOVA_REQUEST = 'req-7c9e2a4b-1d3f-4a5b-8c6d-0e1f2a3b4c5d'


def headers(user=ALICE, project=PROJECT, roles=None, service=False,
            version=V, global_request_id=None):
    token = '%s:%s' % (user, project) + (':' + roles if roles else '')
    h = {'X-Auth-Token': token, 'X-OpenStack-Manila-API-Version': version,
         'Accept': 'application/json'}
    if service:
        # As keystonemiddleware reports a valid service token.
        h['X-Service-Roles'] = 'service'
        h['X-Service-User-Id'] = NOVA
        h['X-Service-Project-Id'] = SERVICE_PROJECT
    if global_request_id:
        h['X-OpenStack-Request-ID'] = global_request_id
    return h


ADMIN_H = dict(user=ADMIN, project=ADMIN_PROJECT, roles='admin,member,reader')


def call(method, path, body=None, status=200, **who):
    r = requests.request(method, BASE + path, json=body,
                         headers=headers(**who))
    assert r.status_code == status, (method, path, r.status_code, r.text)
    return r.json() if r.content else None


def clean(obj):
    text = json.dumps(obj, indent=4)
    text = text.replace(HOST, '127.0.0.1:8786')
    text = text.replace(STATE, '/var/lib/manila-locks')
    return text + '\n'


def save(name, obj):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write(clean(obj))


r = requests.get(BASE + '/')
assert r.status_code == 300
save('versions-response.json', r.json())

# Share types.
save('share-types-list-response.json', call('GET', '/v2/types'))
default = call('GET', '/v2/types/default')
save('share-type-show-response.json', default)
type_body = {'share_type': {
    'name': 'gold', 'description': 'Fast storage with snapshots',
    'extra_specs': {'driver_handles_share_servers': 'False',
                    'snapshot_support': 'True'},
    'share_type_access:is_public': True}}
save('share-type-create-request.json', type_body)
gold = call('POST', '/v2/types', type_body, **ADMIN_H)
save('share-type-create-response.json', gold)
gold_id = gold['share_type']['id']
specs_body = {'extra_specs': {'mount_snapshot_support': 'False'}}
save('share-type-extra-specs-request.json', specs_body)
call('POST', '/v2/types/%s/extra_specs' % gold_id, specs_body, **ADMIN_H)
type_update = {'share_type': {
    'description': 'Fast storage, with snapshots',
    'share_type_access:is_public': False}}
save('share-type-update-request.json', type_update)
call('PUT', '/v2/types/%s' % gold_id, type_update, **ADMIN_H)
add_access = {'addProjectAccess': {'project': PROJECT}}
save('share-type-add-project-access-request.json', add_access)
call('POST', '/v2/types/%s/action' % gold_id, add_access, status=202,
     **ADMIN_H)
save('share-type-extra-specs-response.json',
     call('GET', '/v2/types/%s/extra_specs' % gold_id, **ADMIN_H))

# Shares: the body `openstack share create NFS 1 --name s1` sends.
share_body = {'share': {
    'size': 1, 'snapshot_id': None, 'name': 'reports', 'description': None,
    'metadata': {}, 'share_proto': 'NFS', 'share_network_id': None,
    'share_type': default['share_type']['id'], 'is_public': False,
    'availability_zone': None, 'scheduler_hints': {}}}
save('share-create-request.json', share_body)
share = call('POST', '/v2/shares', share_body)
save('share-create-response.json', share)
share_id = share['share']['id']
other_body = json.loads(json.dumps(share_body))
other_body['share']['name'] = 'vm-data'
other_body['share']['size'] = 10
vm_share = call('POST', '/v2/shares', other_body)['share']
update_body = {'share': {'display_description': 'Monthly reports'}}
save('share-update-request.json', update_body)
call('PUT', '/v2/shares/%s' % share_id, update_body)
save('share-show-response.json', call('GET', '/v2/shares/%s' % share_id))
save('shares-list-response.json', call('GET', '/v2/shares'))
save('shares-list-detail-response.json',
     call('GET', '/v2/shares/detail?sort_key=name&sort_dir=asc'))

# Export locations.
els = call('GET', '/v2/shares/%s/export_locations' % share_id)
save('export-locations-list-response.json', els)
el_id = els['export_locations'][0]['id']
save('export-location-show-response.json',
     call('GET', '/v2/shares/%s/export_locations/%s' % (share_id, el_id)))

# Share metadata.
meta_set = {'metadata': {'project': 'reports', 'aim': 'archive'}}
save('share-metadata-set-request.json', meta_set)
save('share-metadata-set-response.json',
     call('POST', '/v2/shares/%s/metadata' % share_id, meta_set))
meta_item = {'metadata': {'aim': 'backup'}}
save('share-metadata-set-item-request.json', meta_item)
save('share-metadata-set-item-response.json',
     call('POST', '/v2/shares/%s/metadata/aim' % share_id, meta_item))
save('share-metadata-list-response.json',
     call('GET', '/v2/shares/%s/metadata' % share_id))
save('share-metadata-show-item-response.json',
     call('GET', '/v2/shares/%s/metadata/project' % share_id))
meta_replace = {'metadata': {'project': 'reports-2026'}}
save('share-metadata-replace-request.json', meta_replace)
save('share-metadata-replace-response.json',
     call('PUT', '/v2/shares/%s/metadata' % share_id, meta_replace))

# Share instances (administrators).
save('share-instances-list-response.json',
     call('GET', '/v2/shares/%s/instances' % share_id, **ADMIN_H))
save('share-instance-show-response.json',
     call('GET', '/v2/share_instances/%s' % share_id, **ADMIN_H))
save('share-instance-export-locations-list-response.json',
     call('GET', '/v2/share_instances/%s/export_locations' % share_id,
          **ADMIN_H))
save('share-instance-export-location-show-response.json',
     call('GET', '/v2/share_instances/%s/export_locations/%s'
          % (share_id, el_id), **ADMIN_H))
save('pools-list-response.json',
     call('GET', '/v2/scheduler-stats/pools', **ADMIN_H))
save('pools-list-detailed-response.json',
     call('GET', '/v2/scheduler-stats/pools/detail', **ADMIN_H))
save('share-instance-action-reset-status-request.json',
     {'reset_status': {'status': 'error'}})
save('share-instance-action-force-delete-request.json',
     {'force_delete': None})

# Resource locks.
lock_body = {'resource_lock': {
    'resource_id': share_id, 'resource_type': 'share',
    'resource_action': 'delete',
    'lock_reason': 'Used by the reporting job'}}
save('resource-lock-create-request.json', lock_body)
lock = call('POST', '/v2/resource-locks', lock_body)
save('resource-lock-create-response.json', lock)
lock_id = lock['resource_lock']['id']
save('resource-lock-show-response.json',
     call('GET', '/v2/resource-locks/%s' % lock_id))
upd = {'resource_lock': {'lock_reason': 'Used by the reporting job until '
                                        'the end of the year'}}
save('resource-lock-update-request.json', upd)
save('resource-lock-update-response.json',
     call('PUT', '/v2/resource-locks/%s' % lock_id, upd))
call('POST', '/v2/resource-locks', {'resource_lock': {
    'resource_id': share_id, 'lock_reason': 'Backups read from it'}},
    user=BOB)
call('POST', '/v2/resource-locks', {'resource_lock': {
    'resource_id': share_id, 'resource_type': 'share',
    'lock_reason': 'Legal hold, ticket 4711'}}, **ADMIN_H)
save('resource-locks-list-response.json', call(
    'GET', '/v2/resource-locks?resource_type=share&limit=2&with_count=true'))
r = requests.delete(BASE + '/v2/shares/%s' % share_id, headers=headers())
assert r.status_code == 403, r.text
save('fault-locked-share-response.json', r.json())

# Access rules: Nova attaches vm-data (alice's token + a service token).
allow = {'allow_access': {
    'access_type': 'ip', 'access_to': '10.0.0.5', 'access_level': 'rw',
    'lock_visibility': True, 'lock_deletion': True,
    'lock_reason': 'Lock by nova for instance '
                   '6b1d3c5e-8f2a-4e7b-9c0d-1a2b3c4d5e6f'}}
save('share-action-allow-access-request.json', allow)
rule = call('POST', '/v2/shares/%s/action' % vm_share['id'], allow,
            service=True, global_request_id=NOVA_REQUEST)
save('share-action-allow-access-response.json', rule)
rule_id = rule['access']['id']
call('POST', '/v2/shares/%s/action' % vm_share['id'], {'allow_access': {
    'access_type': 'cephx', 'access_to': 'backup-agent',
    'access_level': 'ro'}})
meta = {'metadata': {'purpose': 'virtiofs'}}
save('share-access-rule-metadata-request.json', meta)
call('PUT', '/v2/share-access-rules/%s/metadata' % rule_id, meta,
     service=True)
save('share-access-rules-list-response.json', call(
    'GET', '/v2/share-access-rules?share_id=%s' % vm_share['id'], user=BOB))
save('share-access-rule-show-response.json',
     call('GET', '/v2/share-access-rules/%s' % rule_id, service=True))
save('share-access-rule-update-request.json',
     {'update_access': {'access_level': 'ro'}})
save('share-action-deny-access-request.json',
     {'deny_access': {'access_id': rule_id, 'unrestrict': True}})
call('POST', '/v2/shares/%s/action' % vm_share['id'],
     {'deny_access': {'access_id': rule_id, 'unrestrict': True}},
     status=202, service=True, global_request_id=NOVA_REQUEST)

# The lock history: the reporting lock's trail, and Nova's operation as
# another member of the project reads it (by Nova's global request id).
trail = call('GET', '/v2/resource-lock-events?lock_id=%s&sort_dir=asc'
             % lock_id)
save('resource-lock-event-show-response.json', call(
    'GET', '/v2/resource-lock-events/%s'
    % trail['resource_lock_events'][1]['id']))
save('resource-lock-events-list-response.json', call(
    'GET', '/v2/resource-lock-events?global_request_id=%s&'
    'resource_id=%s&sort_dir=asc&limit=2' % (NOVA_REQUEST, rule_id),
    user=BOB))

# What manila-ui reads besides shares, at its microversion.
UI = '2.87'
save('availability-zones-list-response.json',
     call('GET', '/v2/availability-zones', version=UI))
save('limits-response.json', call('GET', '/v2/limits', version=UI))
save('quota-set-show-response.json',
     call('GET', '/v2/quota-sets/%s' % PROJECT, version=UI))
save('quota-set-detail-response.json',
     call('GET', '/v2/quota-sets/%s/detail' % PROJECT, version=UI))
save('quota-class-set-show-response.json',
     call('GET', '/v2/quota-class-sets/default', version=UI, **ADMIN_H))
r = requests.post(BASE + '/v2/shares', headers=headers(version=UI),
                  json={'share': {'share_proto': 'NFS', 'size': 2000}})
assert r.status_code == 413, r.text
save('fault-share-over-quota-response.json', r.json())
# A back end that cannot provision (its shares directory is a file, for a
# moment) leaves a share in error and a user message.
shares_dir = os.path.join(STATE, 'shares')
os.rename(shares_dir, shares_dir + '.away')
open(shares_dir, 'w').close()
try:
    failed = call('POST', '/v2/shares', {'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'nightly'}}, version=UI)
finally:
    os.remove(shares_dir)
    os.rename(shares_dir + '.away', shares_dir)
assert failed['share']['status'] == 'error', failed
messages = call('GET', '/v2/messages', version=UI)
save('messages-list-response.json', messages)
save('message-show-response.json', call(
    'GET', '/v2/messages/%s' % messages['messages'][0]['id'], version=UI))
save('snapshots-list-response.json',
     call('GET', '/v2/snapshots/detail', version=UI))
snapshot = {'snapshot': {'share_id': vm_share['id'], 'force': False,
                         'name': 'before-upgrade', 'description': None}}
save('snapshot-create-request.json', snapshot)
r = requests.post(BASE + '/v2/snapshots', json=snapshot,
                  headers=headers(version=UI))
assert r.status_code == 422, r.text
save('fault-snapshot-create-response.json', r.json())
save('share-networks-list-response.json',
     call('GET', '/v2/share-networks', version=UI))
r = requests.post(BASE + '/v2/share-networks', headers=headers(version=UI),
                  json={'share_network': {'name': 'tenant-net'}})
assert r.status_code == 400, r.text
save('fault-share-network-create-response.json', r.json())

# Action bodies.
save('share-action-force-delete-request.json', {'force_delete': None})
save('share-action-soft-delete-request.json', {'soft_delete': None})
save('share-action-restore-request.json', {'restore': None})
save('share-action-unmanage-request.json', {'unmanage': None})
save('share-action-extend-request.json', {'extend': {'new_size': 2}})
save('share-action-shrink-request.json', {'shrink': {'new_size': 1}})
save('share-action-reset-status-request.json',
     {'reset_status': {'status': 'error'}})
save('share-action-reset-task-state-request.json',
     {'reset_task_state': {'task_state': 'migration_error'}})
save('share-action-migration-start-request.json',
     {'migration_start': {'host': 'localhost@local#local', 'writable': True,
                          'preserve_metadata': True,
                          'preserve_snapshots': False,
                          'nondisruptive': False,
                          'new_share_type_id': None}})
# Lock lifetimes, on a share of their own (the samples above stay as
# they were): a compliance retention, a legal hold, a refused delete.
audit_body = json.loads(json.dumps(share_body))
audit_body['share']['name'] = 'audit-data'
audit_id = call('POST', '/v2/shares', audit_body)['share']['id']
audit_lock = call('POST', '/v2/resource-locks', {'resource_lock': {
    'resource_id': audit_id,
    'lock_reason': 'Kept for the audit'}})['resource_lock']['id']
retention_body = {'retention': {'expires_at': '2027-03-31T23:59:59',
                                'mode': 'compliance'}}
save('resource-lock-retention-set-request.json', retention_body)
call('PUT', '/v2/resource-locks/%s/retention' % audit_lock, retention_body)
save('resource-lock-retention-show-response.json', call(
    'GET', '/v2/resource-locks/%s/retention' % audit_lock))
hold_body = {'legal_hold': {
    'reason': 'Case 2026-117: preserve the reporting data'}}
save('resource-lock-legal-hold-place-request.json', hold_body)
call('PUT', '/v2/resource-locks/%s/legal-hold' % audit_lock, hold_body,
     **ADMIN_H)
save('resource-lock-legal-hold-show-response.json', call(
    'GET', '/v2/resource-locks/%s/legal-hold' % audit_lock))
call('DELETE', '/v2/resource-locks/%s/legal-hold' % audit_lock,
     status=204, **ADMIN_H)
r = requests.delete(BASE + '/v2/resource-locks/%s' % audit_lock,
                    headers=headers(**ADMIN_H))
assert r.status_code == 403, r.text
save('fault-retained-lock-response.json', r.json())

print('ok')
