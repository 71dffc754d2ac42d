"""Steps the access-rule stories share: grant, revoke, list, look at locks,
count rows, override a policy."""
import json

import sqlalchemy as sa

from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import models as host_models
from manila_locks import policy

NOVA_REASON = 'Lock by nova'


def action_path(share_id):
    return '/shares/%s/action' % share_id


def allow(client, share_id, access_to='10.0.0.5', access_type='ip',
          status=200, **fields):
    body = {'allow_access': dict(access_type=access_type,
                                 access_to=access_to, **fields)}
    response = client.post(action_path(share_id), body, status=status)
    return response.json.get('access', response.json)


def allow_locked(client, share_id, access_to='10.0.0.5', access_type='ip',
                 reason=NOVA_REASON, **fields):
    """What Nova sends when it attaches a share to a VM."""
    return allow(client, share_id, access_to, access_type,
                 access_level='rw', lock_visibility=True, lock_deletion=True,
                 lock_reason=reason, **fields)


def deny(client, share_id, rule_id, status=202, **fields):
    body = {'deny_access': dict(access_id=rule_id, **fields)}
    return client.post(action_path(share_id), body, status=status)


def rules(client, share_id, status=200, **filters):
    params = dict(filters, share_id=share_id)
    response = client.get('/share-access-rules', params=params,
                          status=status)
    return response.json.get('access_list', response.json)


def locks_on(admin, resource_id):
    """Live locks on a resource, as an admin lists them across projects."""
    return admin.get('/resource-locks', params={
        'resource_id': resource_id, 'all_projects': 'true'}
    ).json['resource_locks']


def message(response):
    return next(iter(response.json.values()))['message']


def live_rows(db):
    """{table: live row count} of the tables an access-rule write touches."""
    tables = {'rules': host_models.AccessRule,
              'locks': core_models.ResourceLock}
    counts = {}
    with db.engine.connect() as connection:
        for name, model in tables.items():
            counts[name] = connection.execute(
                sa.select(sa.func.count()).select_from(model)
                .where(model.deleted == base.LIVE)).scalar_one()
        counts['metadata'] = connection.execute(
            sa.select(sa.func.count()).select_from(
                host_models.AccessRuleMetadata)).scalar_one()
    return counts


def lock_row(db, lock_id):
    with db.engine.connect() as connection:
        return connection.execute(sa.select(core_models.ResourceLock).where(
            core_models.ResourceLock.id == lock_id)).one()


def override_policy(conf, tmp_path, rules):
    """Re-initialise the enforcer with `rules` over the defaults."""
    path = tmp_path / 'policy.json'
    path.write_text(json.dumps(rules))
    conf.set_override('policy_file', str(path), group='oslo_policy')
    policy.init(conf)
