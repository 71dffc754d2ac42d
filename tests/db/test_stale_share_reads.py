"""A rule's lookup must judge the share by its row as of the row lock.

access_db.get reads (rule, share) without a lock, then locks the share
with SELECT ... FOR UPDATE; the ORM keeps the attributes of the first read
unless the locked read reloads them (populate_existing), so a soft delete
or a transfer offer that commits in between would go unseen and a lock
land on a rule of a share in the recycle bin or on offer (invariants 1
and 6). The hook below commits that change
from another connection at exactly that point. SQLite serializes writers
(BEGIN IMMEDIATE), so only the server backends can interleave.
"""
import pytest
import sqlalchemy as sa

from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import exception
from manila_locks.core import locks
from manila_locks.core import rule_locks
from manila_locks.host import access_service
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import shares as shares_db
from manila_locks.host import invariants
from manila_locks.host import lock_lookup
from manila_locks.host import models as host_models
from manila_locks.host import share_service
from manila_locks.host import transfer_service
from manila_locks import policy


class NullDriver:
    def create_share(self, share):
        return '/exports/%s' % share.id

    def update_access(self, share, rules):
        pass


@pytest.fixture(autouse=True)
def _policy(tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)


def _ctx():
    return ml_context.RequestContext(user_id='u1', project_id='p1',
                                     roles=['member', 'reader'])


def _share_with_rule():
    context = _ctx()
    type_id = types_db.get_by_name_or_id(context, 'default').id
    share = share_service.create(context, NullDriver(), {
        'display_name': 's', 'size': 1, 'share_proto': 'NFS',
        'share_type_id': type_id, 'is_public': False}, {})
    rule = access_service.allow(
        _ctx(), lock_lookup.HostLookup(), share.id,
        access_service.Grant('ip', '10.0.0.1', 'rw', {}),
        rule_locks.LockRequest()).rules[0]
    return share.id, rule.id


def _commit_before_share_lock(monkeypatch, engine, share_id, values):
    real_get = shares_db.get
    fired = []

    def get(context, sid, for_update=False, everyone=False):
        if for_update and not fired:
            fired.append(sid)
            with engine.begin() as connection:
                connection.execute(sa.update(host_models.Share).where(
                    host_models.Share.id == share_id).values(**values))
        return real_get(context, sid, for_update=for_update,
                        everyone=everyone)
    monkeypatch.setattr(shares_db, 'get', get)
    return fired


@pytest.mark.parametrize('action', ['delete', 'show'])
@pytest.mark.parametrize('values, refusal', [
    ({'is_soft_deleted': True}, exception.ResourceSoftDeleted),
], ids=['soft_deleted'])
def test_rule_lock_sees_share_as_locked(db, monkeypatch, values, refusal,
                                        action):
    if db.name == 'sqlite':
        pytest.skip('SQLite serializes writers: no interleaving')
    share_id, rule_id = _share_with_rule()
    fired = _commit_before_share_lock(monkeypatch, db.engine, share_id,
                                      values)
    with pytest.raises(refusal):
        locks.create(_ctx(), lock_lookup.HostLookup(), 'access_rule',
                     rule_id, action)
    assert fired == [share_id]


def test_rule_lock_sees_share_on_offer(db, monkeypatch):
    # A visibility lock (no companion to re-read the share) lands on a rule
    # of a share on offer: invariant 6 ('offered shares with live locks').
    if db.name == 'sqlite':
        pytest.skip('SQLite serializes writers: no interleaving')
    share_id, rule_id = _share_with_rule()
    real_get = shares_db.get
    fired = []

    def get(context, sid, for_update=False, everyone=False):
        if for_update and not fired:
            fired.append(sid)
            # What transfer_service.create commits, from another connection.
            offer = _ctx()
            transfer_service.create(offer, share_id, 't', 3600)
        return real_get(context, sid, for_update=for_update,
                        everyone=everyone)
    monkeypatch.setattr(shares_db, 'get', get)
    with pytest.raises(exception.ResourceStateConflict):
        locks.create(_ctx(), lock_lookup.HostLookup(), 'access_rule',
                     rule_id, 'show')
    monkeypatch.setattr(shares_db, 'get', real_get)
    with db.engine.connect() as connection:
        assert invariants.offered_shares_with_live_locks(connection) == []
