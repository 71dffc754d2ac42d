"""`manila-locks-manage locks orphans`, the report: live locks whose
resource is gone, each with the history that explains it; quiet on a
healthy database; holders only with Keystone (the Keystone side:
tests/functional/keystone/test_locks_check_holders.py). Orphans are made
the way they arise, behind the service's back: a share deleted or a rule
removed in the database, a share put in the recycle bin with a visibility
lock left on its rule."""
import io
import json
import uuid

import pytest
import sqlalchemy as sa

from manila_locks.host import holders
from manila_locks.host import orphans
from tests.api import access_rule_steps as steps

NOVA_GLOBAL_ID = 'req-5b0e5d0c-1f0e-4e0b-9a55-0d6c1c2b3a49'


def _find(db, conf):
    with db.engine.connect() as connection:
        return orphans.find(connection, conf)


def _text(db, conf):
    found, note = _find(db, conf)
    out = io.StringIO()
    orphans.write_text(out, found, note)
    return found, out.getvalue()


def _sql(db, statement, **params):
    with db.engine.begin() as connection:
        connection.execute(sa.text(statement), params)


def _nova_attach(admin, share):
    """Nova's allow with its own admin credentials and a global id."""
    return admin.post(steps.action_path(share['id']), {'allow_access': {
        'access_type': 'ip', 'access_to': '10.0.0.5', 'access_level': 'rw',
        'lock_deletion': True, 'lock_visibility': True,
        'lock_reason': 'Lock by nova'}},
        headers={'X-OpenStack-Request-ID': NOVA_GLOBAL_ID}).json['access']


def test_a_healthy_database_has_no_orphans(db, conf, api, admin, share):
    _nova_attach(admin, share)
    api.lock(share['id'])
    found, text = _text(db, conf)
    assert found == []
    assert text == ('0 orphaned lock(s); holders not checked: auth_strategy '
                    'is noauth, no identity service to ask\n')


def test_a_share_deleted_behind_the_services_back(db, conf, api, admin,
                                                  share):
    rule = _nova_attach(admin, share)
    api.delete('/shares/%s' % share['id'], status=403)
    _sql(db, "UPDATE shares SET deleted = id WHERE id = :id", id=share['id'])

    found, text = _text(db, conf)
    reasons = {(o.lock['resource_type'], o.lock['resource_action']):
               o.reasons for o in found}
    assert reasons == {('access_rule', 'delete'): ['its share deleted'],
                       ('access_rule', 'show'): ['its share deleted'],
                       ('share', 'delete'): ['share deleted']}
    [rule_lock] = [o for o in found if o.lock['resource_type'] ==
                   'access_rule' and o.lock['resource_action'] == 'delete']
    assert rule_lock.lock['resource_id'] == rule['id']
    assert rule_lock.lock['global_request_id'] == NOVA_GLOBAL_ID
    # Its own trail and the other events on the rule: placed by nova's
    # request, refused to alice.
    assert [(e['event'], e['lock_id'] == rule_lock.lock['id'],
             e['user_id']) for e in rule_lock.events] == [
        ('placed', True, 'admin'), ('placed', False, 'admin'),
        ('refused', True, 'alice')]
    assert {e['global_request_id'] for e in rule_lock.events
            if e['event'] == 'placed'} == {NOVA_GLOBAL_ID}
    assert 'lock %s on access_rule %s (delete; admin lock of admin/' % (
        rule_lock.lock['id'], rule['id']) in text
    assert '"Lock by nova"): its share deleted' in text
    assert 'global request %s' % NOVA_GLOBAL_ID in text
    assert text.endswith('3 orphaned lock(s); holders not checked: '
                         'auth_strategy is noauth, no identity service to '
                         'ask\n')


def test_a_missing_rule_and_a_share_in_the_recycle_bin(db, conf, api,
                                                       share):
    gone_rule = steps.allow(api, share['id'])
    deletion = api.lock(gone_rule['id'], 'access_rule')
    _sql(db, "UPDATE share_access_rules SET deleted = id WHERE id = :id",
         id=gone_rule['id'])

    binned = api.create_share('binned')
    kept_rule = steps.allow(api, binned['id'], access_to='10.0.0.6')
    visibility = api.lock(kept_rule['id'], 'access_rule', 'show')
    api.post('/shares/%s/action' % binned['id'], {'soft_delete': None},
             status=202)

    found, _ = _find(db, conf)
    assert {o.lock['id']: o.reasons for o in found} == {
        deletion['id']: ['access rule deleted'],
        visibility['id']: ['its share in the recycle bin']}


def test_a_lock_whose_rows_are_gone_entirely(db, conf, api, share):
    lock = api.lock(share['id'], reason='from before the move')
    _sql(db, "DELETE FROM resource_lock_events")
    _sql(db, "UPDATE resource_locks SET container_id = :other "
         "WHERE id = :id", other=str(uuid.uuid4()), id=lock['id'])
    found, text = _text(db, conf)
    assert [(o.lock['id'], o.reasons, o.events) for o in found] == [
        (lock['id'], ['share missing'], [])]
    assert '    no history (pruned, or placed before it was kept)' in text


def test_json_for_scripts(db, conf, api, share):
    lock = api.lock(share['id'], reason='r')
    _sql(db, "UPDATE shares SET status = 'unmanaged' WHERE id = :id",
         id=share['id'])
    found, note = _find(db, conf)
    out = io.StringIO()
    orphans.write_json(out, found, note)
    report = json.loads(out.getvalue())
    [orphan] = report['orphans']
    assert orphan['lock']['id'] == lock['id']
    assert orphan['reasons'] == ['share unmanaged']
    assert [e['event'] for e in orphan['events']] == ['placed']
    assert report['holders'].startswith('holders not checked')


class Directory:
    """Keystone as holders.KeystoneDirectory asks it: who exists."""

    def __init__(self, gone_users):
        self.gone_users = set(gone_users)

    def exists(self, kind, identifier):
        return not (kind == 'users' and identifier in self.gone_users)


def test_a_holder_gone_from_keystone(db, conf, api, bob, share):
    kept = api.lock(share['id'], reason='alice stays')
    left = bob.lock(share['id'], reason='bob left')
    with db.engine.connect() as connection:
        found = orphans.resource_orphans(connection)
        orphans.holder_orphans(connection, Directory(['bob']), found)
        orphans.attach_history(connection, found)
    assert list(found) == [left['id']]
    assert found[left['id']].reasons == ['holder user gone']
    # The resource's other events explain it too (alice's lock beside it).
    assert [(e['event'], e['lock_id']) for e in found[left['id']].events
            ] == [('placed', kept['id']), ('placed', left['id'])]


def test_keystone_that_cannot_answer_is_said(db, conf, api, share,
                                             monkeypatch):
    conf.set_override('auth_strategy', 'keystone')

    def refuse(conf):
        raise holders.CannotCheck('[keystone_authtoken] names no '
                                  'credentials')
    monkeypatch.setattr(holders, 'KeystoneDirectory', refuse)
    found, note = _find(db, conf)
    assert found == []
    assert note == ('holders not checked: [keystone_authtoken] names no '
                    'credentials')


@pytest.mark.parametrize('what', ['share', 'rule'])
def test_the_service_itself_leaves_no_orphans(db, conf, api, admin, share,
                                              what):
    rule = _nova_attach(admin, share)
    admin.post(steps.action_path(share['id']), {'deny_access': {
        'access_id': rule['id'], 'unrestrict': True}}, status=202)
    if what == 'share':
        api.delete('/shares/%s' % share['id'], status=202)
    assert _find(db, conf)[0] == []
