"""Bulk data for the benchmark, written straight into the database with
SQLAlchemy core executemany in chunks (the API would take hours for 1M rows).

Background rows make the tables big: shares spread over many projects, one
delete lock per share, and a share of soft-deleted (historical) locks.
Fixture rows are what the requests touch, all in project p1: shares to
delete, shares to lock, locked shares, and shares with N access rules of
which every other one carries a visibility lock placed by alice.
"""
import dataclasses
import datetime
import random
import uuid

import sqlalchemy as sa

from manila_locks.core import models as core_models
from manila_locks.host import models as host_models

SHARES = host_models.Share.__table__
RULES = host_models.AccessRule.__table__
LOCKS = core_models.ResourceLock.__table__
TYPES = host_models.ShareType.__table__

CHUNK = 10000
SHARE_TYPE_ID = None    # see use_default_share_type
OWNER, PROJECT = 'alice', 'p1'
BACKGROUND_PROJECTS = 997
HISTORY_EVERY = 10      # every 10th background lock is soft-deleted


class Ids:
    """Reproducible uuid4-shaped ids."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def __call__(self):
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))


@dataclasses.dataclass
class Fixtures:
    deletable: list        # shares without locks, consumed by deletes
    lockable: list         # shares that lock creation targets
    locked: list           # shares with one live delete lock each
    rule_shares: dict      # N -> share with N rules, half visibility-locked
    locked_rule: str       # a visibility-locked rule id


def _now():
    return datetime.datetime(2026, 1, 1)


def _share(share_id, project, created):
    return {'id': share_id, 'user_id': OWNER if project == PROJECT else 'u',
            'project_id': project, 'display_name': 'bench', 'size': 1,
            'share_proto': 'NFS', 'share_type_id': SHARE_TYPE_ID,
            'status': 'available', 'is_public': False,
            'access_rules_status': 'active', 'is_soft_deleted': False,
            'created_at': created, 'deleted': 'False'}


def _lock(lock_id, resource_id, project, created, resource_type='share',
          action='delete', user=OWNER, deleted=False, container_id=None):
    """`container_id`: the share of a rule's lock (a share lock's is the
    share itself)."""
    return {'id': lock_id, 'user_id': user, 'project_id': project,
            'resource_project_id': project, 'lock_context': 'user',
            'resource_id': resource_id, 'resource_type': resource_type,
            'container_id': container_id or resource_id,
            'resource_action': action, 'lock_reason': 'bench',
            'parent_lock_id': None, 'created_at': created,
            'visibility_guard': (resource_id if action == 'show' and
                                 not deleted else None),
            'deleted': lock_id if deleted else 'False',
            'deleted_at': created if deleted else None}


def _insert(engine, table, rows):
    with engine.begin() as conn:
        for start in range(0, len(rows), CHUNK):
            conn.execute(table.insert(), rows[start:start + CHUNK])


def use_default_share_type(engine):
    """Seeded shares get the share type the migrations created."""
    global SHARE_TYPE_ID
    with engine.connect() as conn:
        SHARE_TYPE_ID = conn.execute(sa.select(TYPES.c.id).where(
            TYPES.c.name == 'default')).scalar_one()


def grow(engine, have, want, seed=1):
    """Add background shares and locks until each table holds `want` rows
    (`have` are there already)."""
    ids = Ids(seed * 1000003 + have)
    base_time = _now()
    for start in range(have, want, CHUNK):
        shares, locks = [], []
        for i in range(start, min(start + CHUNK, want)):
            project = 'proj-%d' % (i % BACKGROUND_PROJECTS)
            created = base_time + datetime.timedelta(seconds=i)
            share_id = ids()
            shares.append(_share(share_id, project, created))
            locks.append(_lock(ids(), share_id, project, created, user='u',
                               deleted=i % HISTORY_EVERY == 0))
        _insert(engine, SHARES, shares)
        _insert(engine, LOCKS, locks)
    analyze(engine)


def analyze(engine):
    """Fresh statistics; on PostgreSQL also the vacuum that autovacuum would
    otherwise start in the middle of the measurements after a bulk insert."""
    command = {'postgresql': 'VACUUM ANALYZE',
               'mysql': 'ANALYZE TABLE shares, resource_locks, '
                        'share_access_rules'}.get(engine.dialect.name,
                                                  'ANALYZE')
    with engine.connect().execution_options(
            isolation_level='AUTOCOMMIT') as conn:
        conn.exec_driver_sql(command)


def retire_fixtures(engine, level):
    """Hand project p1's rows (the fixtures of the level just measured,
    and the locks its lock creates placed) to a project of their own,
    before the next level's fixtures are added: the table keeps every
    row, and p1 holds as many locks at every level. (Without this p1
    accumulated them, and a list of p1's locks with a count, which costs
    in the project's locks, seemed to grow with the table.)"""
    retired = '%s-before-%d' % (PROJECT, level)
    with engine.begin() as conn:
        for table in (SHARES, RULES):
            conn.execute(table.update().where(
                table.c.project_id == PROJECT).values(project_id=retired))
        conn.execute(LOCKS.update().where(
            LOCKS.c.project_id == PROJECT).values(project_id=retired))
        conn.execute(LOCKS.update().where(
            LOCKS.c.resource_project_id == PROJECT).values(
                resource_project_id=retired))


def add_fixtures(engine, deletable, seed, rule_counts=(10, 100, 1000),
                 lockable=50, locked=50):
    ids = Ids(seed)
    now = datetime.datetime.utcnow()
    fx = Fixtures([ids() for _ in range(deletable)],
                  [ids() for _ in range(lockable)],
                  [ids() for _ in range(locked)],
                  {n: ids() for n in rule_counts}, None)
    share_ids = (fx.deletable + fx.lockable + fx.locked +
                 list(fx.rule_shares.values()))
    _insert(engine, SHARES, [_share(s, PROJECT, now) for s in share_ids])
    locks = [_lock(ids(), s, PROJECT, now) for s in fx.locked]
    rules = []
    for n, share_id in fx.rule_shares.items():
        for i in range(n):
            rule_id = ids()
            rules.append(_rule(rule_id, share_id, i, now))
            if i % 2 == 0:
                locks.append(_lock(ids(), rule_id, PROJECT, now,
                                   resource_type='access_rule',
                                   action='show', container_id=share_id))
                fx.locked_rule = fx.locked_rule or rule_id
    _insert(engine, RULES, rules)
    _insert(engine, LOCKS, locks)
    analyze(engine)
    return fx


def _rule(rule_id, share_id, i, created):
    return {'id': rule_id, 'share_id': share_id, 'project_id': PROJECT,
            'user_id': OWNER, 'access_type': 'ip',
            'access_to': '10.%d.%d.%d' % (i // 65536, i // 256 % 256, i % 256),
            'access_level': 'rw', 'access_key': None, 'state': 'active',
            'created_at': created + datetime.timedelta(microseconds=i),
            'deleted': 'False'}
