"""Steps the share-transfer stories share: offer, accept, reset a share's
status, read the rows behind them."""
import sqlalchemy as sa

from manila_locks.db import base
from manila_locks.host import models

X = '/share-transfers'


def offer(client, share_id, name='tx', status=202):
    response = client.post(X, {'transfer': {'share_id': share_id,
                                            'name': name}}, status=status)
    return response.json.get('transfer', response.json)


def accept(client, transfer, status=202, clear=False, key=None):
    return client.post(X + '/%s/accept' % transfer['id'], {'accept': {
        'auth_key': key or transfer['auth_key'],
        'clear_access_rules': clear}}, status=status)


def reset_status(admin, share_id, status):
    admin.post('/shares/%s/action' % share_id,
               {'reset_status': {'status': status}}, status=202)


def share_row(db, share_id):
    with db.engine.connect() as connection:
        return connection.execute(sa.select(models.Share).where(
            models.Share.id == share_id)).one()


def live_transfers(db):
    with db.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).where(
            models.ShareTransfer.deleted == base.LIVE)).scalar()
