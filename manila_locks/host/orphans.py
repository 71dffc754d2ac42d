"""Orphaned locks: live locks whose resource or holder is gone, each with
the lock history that explains it (`manila-locks-manage locks orphans`).

The service removes a resource's locks with the resource, so an orphan
comes from elsewhere: a share deleted or a rule removed behind the
service's back (by hand, by an older release, or a database restored
from before a delete), a share in the recycle bin whose rules keep their
visibility locks, or a holder deleted from Keystone (Nova bug 2089034:
a failed instance delete leaves its attachment's locks held by nobody
who will come back for them). What the history shows next to each is the
lock's own trail and what else happened on its resource: who placed it,
from which request and global request id (Nova's instance operation),
and the last thing seen.

Holders are checked only with Keystone (host/holders.py: auth_strategy
keystone, [keystone_authtoken] credentials that may read users and
projects); otherwise the report says they were not checked.
"""
import dataclasses
import json

import sqlalchemy as sa

from manila_locks.core import clock
from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import holders
from manila_locks.host import models

Lock = core_models.ResourceLock.__table__
Event = core_models.ResourceLockEvent.__table__
Share = models.Share.__table__
Rule = models.AccessRule.__table__


@dataclasses.dataclass
class Orphan:
    lock: dict
    reasons: list
    events: list = dataclasses.field(default_factory=list)


def _share_gone(row):
    """Why the lock's share (its container) no longer holds locks."""
    if row.share_id is None:
        return 'share missing'
    if row.share_deleted != base.LIVE:
        return 'share deleted'
    if row.share_status == 'unmanaged':
        return 'share unmanaged'
    if row.is_soft_deleted:
        return 'share in the recycle bin'
    return None


def resource_orphans(connection):
    """{lock id: Orphan} of live locks whose resource is gone: a share
    lock whose share is, a rule lock whose rule or share is."""
    rule = Rule.alias('rule')
    rows = connection.execute(
        sa.select(Lock, Share.c.id.label('share_id'),
                  Share.c.deleted.label('share_deleted'),
                  Share.c.status.label('share_status'),
                  Share.c.is_soft_deleted,
                  rule.c.id.label('rule_id'),
                  rule.c.deleted.label('rule_deleted'))
        .select_from(Lock.outerjoin(Share, Share.c.id == Lock.c.container_id)
                     .outerjoin(rule, sa.and_(
                         Lock.c.resource_type == 'access_rule',
                         rule.c.id == Lock.c.resource_id)))
        .where(Lock.c.deleted == base.LIVE)
        # An expired lock (not on legal hold) guards nothing: no orphan.
        .where(sa.or_(Lock.c.expires_at.is_(None),
                      Lock.c.expires_at > clock.now(),
                      Lock.c.legal_hold_at.isnot(None)))
        .where(sa.or_(
            Share.c.id.is_(None), Share.c.deleted != base.LIVE,
            Share.c.status == 'unmanaged',
            Share.c.is_soft_deleted == sa.true(),
            sa.and_(Lock.c.resource_type == 'access_rule', sa.or_(
                rule.c.id.is_(None), rule.c.deleted != base.LIVE))))
        .order_by(Lock.c.created_at, Lock.c.id)).all()
    found = {}
    for row in rows:
        reasons = []
        if row.resource_type == 'access_rule':
            if row.rule_id is None:
                reasons.append('access rule missing')
            elif row.rule_deleted != base.LIVE:
                reasons.append('access rule deleted')
        why = _share_gone(row)
        if why:
            reasons.append(why if row.resource_type == 'share'
                           else 'its ' + why)
        found[row.id] = Orphan(_lock_fields(row), reasons)
    return found


LOCK_FIELDS = ('id', 'resource_type', 'resource_id', 'resource_action',
               'user_id', 'project_id', 'lock_context', 'lock_reason',
               'created_at', 'global_request_id')


def _lock_fields(row):
    return {field: getattr(row, field) for field in LOCK_FIELDS}


def holder_orphans(connection, directory, found):
    """Add to `found` the live locks whose user or project is gone."""
    for lock_id, _, _, why in holders.gone(connection, directory):
        if lock_id not in found:
            row = connection.execute(
                sa.select(Lock).where(Lock.c.id == lock_id)).one()
            found[lock_id] = Orphan(_lock_fields(row), [])
        found[lock_id].reasons.append('holder ' + why)


EVENT_FIELDS = ('created_at', 'event', 'operation', 'lock_id',
                'resource_action', 'user_id', 'project_id',
                'requester_context', 'service_user_id', 'request_id',
                'global_request_id')


def attach_history(connection, found):
    """Each orphan's events: its own and the other events on its
    resource, oldest first (one query for all of them)."""
    if not found:
        return
    by_resource = {}
    for orphan in found.values():
        by_resource.setdefault(orphan.lock['resource_id'], []).append(orphan)
    rows = connection.execute(
        sa.select(Event).where(sa.or_(
            Event.c.lock_id.in_(list(found)),
            Event.c.resource_id.in_(list(by_resource))))
        .order_by(Event.c.created_at, Event.c.id)).all()
    for row in rows:
        fields = {name: getattr(row, name) for name in EVENT_FIELDS}
        for orphan in by_resource.get(row.resource_id, []):
            orphan.events.append(fields)


def find(connection, conf):
    """(orphans oldest first, how holders were checked: a sentence)."""
    found = resource_orphans(connection)
    holder_note = 'holders checked in Keystone'
    if conf.auth_strategy != 'keystone':
        holder_note = ('holders not checked: auth_strategy is %s, no '
                       'identity service to ask' % conf.auth_strategy)
    else:
        try:
            holder_orphans(connection, holders.KeystoneDirectory(conf),
                           found)
        except holders.CannotCheck as exc:
            holder_note = 'holders not checked: %s' % exc
    attach_history(connection, found)
    orphans = sorted(found.values(), key=lambda o: (
        o.lock['created_at'], o.lock['id']))
    return orphans, holder_note


def write_text(out, orphans, holder_note):
    for orphan in orphans:
        lock = orphan.lock
        out.write('lock %s on %s %s (%s; %s lock of %s/%s; reason %s): '
                  '%s\n' % (lock['id'], lock['resource_type'],
                            lock['resource_id'], lock['resource_action'],
                            lock['lock_context'], lock['user_id'],
                            lock['project_id'], json.dumps(
                                lock['lock_reason']),
                            ', '.join(orphan.reasons)))
        if not orphan.events:
            out.write('    no history (pruned, or placed before it was '
                      'kept)\n')
        for event in orphan.events:
            out.write('    %s\n' % _event_line(event, lock['id']))
    out.write('%d orphaned lock(s); %s\n' % (len(orphans), holder_note))


def _event_line(event, lock_id):
    whose = 'this lock' if event['lock_id'] == lock_id else (
        'lock %s' % event['lock_id'])
    line = '%s %s %s (%s) by %s/%s (%s) request %s' % (
        event['created_at'].isoformat(), event['event'], whose,
        event['operation'], event['user_id'], event['project_id'],
        event['requester_context'], event['request_id'])
    if event['service_user_id']:
        line += ' service user %s' % event['service_user_id']
    if event['global_request_id']:
        line += ' global request %s' % event['global_request_id']
    return line


def write_json(out, orphans, holder_note):
    json.dump({'orphans': [dataclasses.asdict(o) for o in orphans],
               'holders': holder_note}, out, default=_iso, indent=2)
    out.write('\n')


def _iso(value):
    return value.isoformat()
