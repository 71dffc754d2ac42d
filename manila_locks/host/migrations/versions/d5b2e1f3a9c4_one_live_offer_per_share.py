"""At most one live share transfer per share.

An offer stands only while its share awaits transfer in the project that
made it. Before this revision an administrator's reset_status could move a
share out of awaiting_transfer and leave its offer open, so a share could
collect several open offers, or keep one after it had moved to another
project. This revision ends those stale offers, then adds a unique index
on (resource_id, deleted): a soft-deleted row holds its own id in
`deleted`, so only live rows can collide.

Revision ID: d5b2e1f3a9c4
Revises: c4a1f0d2e8b3
Create Date: 2026-11-25 10:00:00
"""
import datetime
import logging

from alembic import op
import sqlalchemy as sa

revision = 'd5b2e1f3a9c4'
down_revision = 'c4a1f0d2e8b3'
branch_labels = None
depends_on = None

LOG = logging.getLogger('alembic.runtime.migration')

# Frozen, as in the earlier revisions.
LIVE = 'False'
AWAITING_TRANSFER = 'awaiting_transfer'
_CHUNK = 500

_transfers = sa.table(
    'share_transfers', sa.column('id'), sa.column('resource_id'),
    sa.column('source_project_id'), sa.column('created_at'),
    sa.column('deleted'), sa.column('deleted_at'))
_shares = sa.table(
    'shares', sa.column('id'), sa.column('project_id'), sa.column('status'),
    sa.column('deleted'))


def _stale_offer_ids(connection):
    """Open offers that no longer stand: their share is gone, not
    awaiting_transfer, or in another project; and of several that stand
    for one share, all but the newest (the older ones were left open by a
    reset_status before the newest was made)."""
    t, s = _transfers, _shares
    rows = connection.execute(
        sa.select(t.c.id, t.c.resource_id, t.c.source_project_id,
                  s.c.project_id, s.c.status, s.c.deleted.label('gone'))
        .select_from(t.outerjoin(s, s.c.id == t.c.resource_id))
        .where(t.c.deleted == LIVE)
        .order_by(t.c.resource_id, t.c.created_at.desc(), t.c.id.desc()))
    stale, kept = [], set()
    for row in rows:
        stands = (row.gone == LIVE and row.status == AWAITING_TRANSFER and
                  row.project_id == row.source_project_id)
        if stands and row.resource_id not in kept:
            kept.add(row.resource_id)
        else:
            stale.append(row.id)
    return stale


def upgrade():
    connection = op.get_bind()
    stale = _stale_offer_ids(connection)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    for start in range(0, len(stale), _CHUNK):
        connection.execute(
            _transfers.update()
            .where(_transfers.c.id.in_(stale[start:start + _CHUNK]))
            .values(deleted=_transfers.c.id, deleted_at=now))
    if stale:
        LOG.warning('Ended %d share transfer offer(s) that no longer stood: '
                    '%s', len(stale), ', '.join(stale))
    # The unique index first: on MySQL it takes over the foreign key on
    # resource_id from the index it replaces.
    op.create_index('share_transfers_one_live_offer', 'share_transfers',
                    ['resource_id', 'deleted'], unique=True)
    op.drop_index('share_transfers_resource_idx',
                  table_name='share_transfers')


def downgrade():
    # Offers ended by the upgrade stay ended.
    op.create_index('share_transfers_resource_idx', 'share_transfers',
                    ['resource_id', 'deleted'])
    op.drop_index('share_transfers_one_live_offer',
                  table_name='share_transfers')
