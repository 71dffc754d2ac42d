"""Share transfers: an offer stands only while its share awaits transfer in
the project that made it, and a share has at most one open offer.

Found by an attacker: an administrator's reset_status left an offer open;
the share was offered again, accepted by another project and offered on
by it, and the first offer's old key then took the share back (202).
"""
import datetime

import pytest
import sqlalchemy as sa

from manila_locks import context as ml_context
from manila_locks.db import base
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import models
from tests.api import access_rule_steps as steps
from tests.api.transfer_steps import accept
from tests.api.transfer_steps import live_transfers
from tests.api.transfer_steps import offer
from tests.api.transfer_steps import reset_status
from tests.api.transfer_steps import share_row
from tests.api.transfer_steps import X
from tests.reliability import clients

RACERS = 6


def _gone(transfer_id):
    return 'Transfer %s could not be found.' % transfer_id


def test_a_stale_offer_never_takes_the_share_back(db, api, eve, admin,
                                                  share):
    stale = offer(api, share['id'])
    reset_status(admin, share['id'], 'available')
    api.delete('/resource-locks/' + api.lock(share['id'])['id'],
               status=204)
    accept(eve, offer(api, share['id']))
    # Refused before the fix too: the share was not awaiting transfer.
    accept(api, stale, status=400)
    # The step that made the old key work (202): the new owner offers the
    # share on, so it awaits transfer again.
    onward = offer(eve, share['id'])
    response = accept(api, stale, status=400)
    assert steps.message(response) == _gone(stale['id'])
    assert share_row(db, share['id']).project_id == 'p2'
    # The offer that stands still does.
    accept(api.as_('mallory:p3'), onward)
    assert share_row(db, share['id']).project_id == 'p3'


@pytest.mark.parametrize('status', ['available', 'error'])
def test_reset_status_ends_the_offer(db, api, eve, admin, share, status):
    transfer = offer(api, share['id'])
    reset_status(admin, share['id'], status)
    assert share_row(db, share['id']).status == status
    assert live_transfers(db) == 0
    api.get(X + '/' + transfer['id'], status=404)
    api.delete(X + '/' + transfer['id'], status=404)
    response = accept(eve, transfer, status=400)
    assert steps.message(response) == _gone(transfer['id'])
    assert share_row(db, share['id']).project_id == 'p1'


def test_reset_status_leaves_other_shares_offers_alone(db, api, admin,
                                                       share):
    other = api.create_share(name='s2')
    kept = offer(api, other['id'])
    offer(api, share['id'])
    reset_status(admin, share['id'], 'available')
    assert api.get(X + '/' + kept['id']).json['transfer']['id'] == kept['id']
    assert live_transfers(db) == 1


def _move_behind_the_service(db, share_id, **values):
    """What no API path leaves any more: an open offer whose share has
    changed project or status (a row older than this rule, say)."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(models.Share).where(
            models.Share.id == share_id).values(**values))


@pytest.mark.parametrize('values, reason', [
    ({'project_id': 'p2'}, 'no longer belongs to the project that '
                           'offered it.'),
    ({'status': 'available'}, 'expected in awaiting_transfer state.')])
def test_accept_checks_the_share_still_waits_in_the_offering_project(
        db, api, share, values, reason):
    transfer = offer(api, share['id'])
    _move_behind_the_service(db, share['id'], **values)
    response = accept(api.as_('mallory:p3'), transfer, status=400)
    assert steps.message(response) == (
        'Invalid share: Transfer %s: share id %s %s' % (
            transfer['id'], share['id'], reason))
    assert response.json['badRequest']['code'] == 400
    assert share_row(db, share['id']).project_id == values.get(
        'project_id', 'p1')
    # Nor does cancelling it touch the share.
    api.delete(X + '/' + transfer['id'], status=400)


def test_a_share_takes_one_offer(db, api, share):
    offer(api, share['id'])
    response = offer(api, share['id'], status=400)
    assert response['badRequest']['message'] == (
        "Invalid share: Share's status must be available.")
    assert live_transfers(db) == 1


def test_offers_raced_onto_one_share(db, api, bob, share):
    """The share's row lock orders them: one offer, the others find the
    share awaiting transfer."""
    statuses = clients.race([
        lambda c=client: offer(c, share['id'], status='*').get(
            'badRequest', {}).get('code', 202)
        for client in [api, bob] * (RACERS // 2)])
    assert sorted(statuses) == [202] + [400] * (RACERS - 1)
    assert live_transfers(db) == 1


def _transfer_values(share_id):
    return {'display_name': None, 'resource_type': 'share',
            'resource_id': share_id, 'source_project_id': 'p1',
            'salt': 'salt', 'crypt_hash': 'hash',
            'expires_at': base.utcnow() + datetime.timedelta(minutes=5)}


def _insert_offer(share_id):
    try:
        transfers_db.create(ml_context.get_admin_context(),
                            _transfer_values(share_id))
        return 'created'
    except transfers_db.OfferExists:
        return 'refused'


def test_the_database_keeps_one_live_offer_per_share(db, api, share):
    """Inserts that skip the service's checks (and its row lock) still
    leave one live offer: the unique index on (resource_id, deleted)."""
    outcomes = clients.race([lambda: _insert_offer(share['id'])] * RACERS)
    assert sorted(outcomes) == ['created'] + ['refused'] * (RACERS - 1)
    assert live_transfers(db) == 1


def test_ended_offers_do_not_count(db, api, share):
    for _ in range(3):
        transfer = offer(api, share['id'])
        api.delete(X + '/' + transfer['id'], status=200)
    offer(api, share['id'])
    with db.engine.connect() as connection:
        rows = connection.execute(sa.select(
            models.ShareTransfer.deleted)).scalars().all()
    assert len(rows) == 4 and rows.count(base.LIVE) == 1
