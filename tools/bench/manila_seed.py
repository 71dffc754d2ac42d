"""Bulk rows for upstream Manila's schema, in the shapes seed.py gives
manila_locks, so the same requests (ops.py) meet the same data.

Manila keeps a share's status and type on its share instance, and an
access rule in two rows (share_access_map, and its state per instance in
share_instance_access_map). The tables are reflected from the database
`manila-manage db sync` made: nothing here imports Manila.

The fixtures reuse the ids seed.add_fixtures gave manila_locks (the
lockable and locked shares, the rule shares, the locked rule), so one
request path names the same resource on both services.
"""
import datetime

import sqlalchemy as sa

from manila_upstream import ident
import seed

TABLES = ('shares', 'share_instances', 'share_types', 'resource_locks',
          'share_access_map', 'share_instance_access_map')
HOST = 'bench@bench#pool'


class Schema:
    def __init__(self, engine):
        meta = sa.MetaData()
        meta.reflect(engine, only=TABLES)
        self.engine = engine
        self.t = meta.tables
        self.share_type_id = None

    def insert(self, name, rows):
        seed._insert(self.engine, self.t[name], rows)


def prepare(engine):
    """The schema, with the one share type every seeded share uses."""
    schema = Schema(engine)
    ids = seed.Ids(7)
    schema.share_type_id = ids()
    schema.insert('share_types', [{
        'id': schema.share_type_id, 'name': 'default', 'is_public': True,
        'created_at': seed._now(), 'deleted': 'False'}])
    return schema


def _share(schema, share_id, project, created, ids):
    share = {'id': share_id,
             'user_id': ident(seed.OWNER if project == seed.PROJECT else 'u'),
             'project_id': ident(project), 'size': 1, 'display_name': 'bench',
             'share_proto': 'NFS', 'is_public': False,
             'snapshot_support': False,
             'create_share_from_snapshot_support': False,
             'revert_to_snapshot_support': False,
             'mount_snapshot_support': False, 'is_soft_deleted': False,
             'snapshot_inherit_share_access_support': False,
             'created_at': created, 'deleted': 'False'}
    instance = {'id': ids(), 'share_id': share_id, 'host': HOST,
                'status': 'available', 'access_rules_status': 'active',
                'share_type_id': schema.share_type_id,
                'cast_rules_to_readonly': False, 'created_at': created,
                'deleted': 'False'}
    return share, instance


def _lock(lock_id, resource_id, project, created, resource_type='share',
          action='delete', user=seed.OWNER, deleted=False):
    return {'id': lock_id, 'user_id': ident(user),
            'project_id': ident(project),
            'lock_context': 'user', 'resource_id': resource_id,
            'resource_type': resource_type, 'resource_action': action,
            'lock_reason': 'bench', 'created_at': created,
            'deleted': lock_id if deleted else 'False',
            'deleted_at': created if deleted else None}


def _shares(schema, rows):
    schema.insert('shares', [share for share, _ in rows])
    schema.insert('share_instances', [instance for _, instance in rows])


def grow(schema, have, want, seed_number=1):
    """seed.grow for Manila: background shares in many projects, one
    delete lock each, every 10th lock soft-deleted."""
    ids = seed.Ids(seed_number * 1000003 + have)
    base_time = seed._now()
    for start in range(have, want, seed.CHUNK):
        shares, locks = [], []
        for i in range(start, min(start + seed.CHUNK, want)):
            project = 'proj-%d' % (i % seed.BACKGROUND_PROJECTS)
            created = base_time + datetime.timedelta(seconds=i)
            share_id = ids()
            shares.append(_share(schema, share_id, project, created, ids))
            locks.append(_lock(ids(), share_id, project, created, user='u',
                               deleted=i % seed.HISTORY_EVERY == 0))
        _shares(schema, shares)
        schema.insert('resource_locks', locks)
    seed.analyze(schema.engine)


def add_fixtures(schema, fx, seed_number):
    """Project p1's shares with fx's ids: lockable, locked (one delete lock
    each), and the rule shares with N rules, every other one under a
    visibility lock placed by alice; fx.locked_rule is the first of those."""
    ids = seed.Ids(seed_number + 17)
    now = datetime.datetime.utcnow()
    share_ids = fx.lockable + fx.locked + list(fx.rule_shares.values())
    shares = [_share(schema, s, seed.PROJECT, now, ids) for s in share_ids]
    _shares(schema, shares)
    instance_of = {share['id']: instance['id'] for share, instance in shares}
    locks = [_lock(ids(), s, seed.PROJECT, now) for s in fx.locked]
    rules, states = [], []
    locked_rule = None
    for n, share_id in fx.rule_shares.items():
        for i in range(n):
            rule_id = ids()
            if i % 2 == 0 and locked_rule is None:
                rule_id = locked_rule = fx.locked_rule
            created = now + datetime.timedelta(microseconds=i)
            rules.append({
                'id': rule_id, 'share_id': share_id, 'access_type': 'ip',
                'access_to': '10.%d.%d.%d' % (i // 65536, i // 256 % 256,
                                              i % 256),
                'access_level': 'rw', 'created_at': created,
                'deleted': 'False'})
            states.append({
                'id': ids(), 'share_instance_id': instance_of[share_id],
                'access_id': rule_id, 'state': 'active',
                'created_at': created, 'deleted': 'False'})
            if i % 2 == 0:
                locks.append(_lock(ids(), rule_id, seed.PROJECT, now,
                                   resource_type='access_rule',
                                   action='show'))
    schema.insert('share_access_map', rules)
    schema.insert('share_instance_access_map', states)
    schema.insert('resource_locks', locks)
    seed.analyze(schema.engine)
