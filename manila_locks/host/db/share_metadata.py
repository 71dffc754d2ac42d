"""Share metadata rows: read one share's items, write or remove some."""
import sqlalchemy as sa

from manila_locks.db import api as db_api
from manila_locks.db import query as db_query
from manila_locks.host import metadata_limits
from manila_locks.host import models

Metadata = models.ShareMetadata


@db_api.reader
def get(context, share_id):
    """{key: value} of one share."""
    stmt = sa.select(Metadata).where(Metadata.share_id == share_id)
    return {item.key: item.value
            for item in context.session.execute(stmt).scalars()}


@db_api.writer
def set_items(context, share_id, items):
    """Add or overwrite `items`; keys not named stay as they are."""
    db_query.set_items(context.session, Metadata, Metadata.share_id,
                       share_id, items, metadata_limits.KeysCollide())


@db_api.writer
def delete_keys(context, share_id, keys):
    """Remove the named keys; returns how many rows went."""
    if not keys:
        return 0
    result = context.session.execute(sa.delete(Metadata).where(
        Metadata.share_id == share_id, Metadata.key.in_(list(keys))))
    return result.rowcount
