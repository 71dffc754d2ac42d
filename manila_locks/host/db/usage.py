"""What a project uses, for its limits and quota checks: its live shares
(those in the recycle bin or in error included, as Manila counts them) and
their gigabytes; a share whose type has a replication_type also counts as
one replica of its size, as Manila reserves one for it."""
import dataclasses

import sqlalchemy as sa

from manila_locks.db import api as db_api
from manila_locks.host import extra_specs
from manila_locks.host import models

Share = models.Share
Spec = models.ShareTypeExtraSpec


@dataclasses.dataclass(frozen=True)
class Usage:
    shares: int = 0
    gigabytes: int = 0
    share_replicas: int = 0
    replica_gigabytes: int = 0


def _replicated_types():
    return sa.select(Spec.share_type_id).where(
        Spec.spec_key == extra_specs.REPLICATION_TYPE)


@db_api.reader
def of_project(context, project_id, user_id=None, share_type_id=None):
    """What the project uses; only its shares created by `user_id`, or of
    `share_type_id`, when given."""
    replicated = Share.share_type_id.in_(_replicated_types())
    stmt = sa.select(
        sa.func.count(Share.id),
        sa.func.coalesce(sa.func.sum(Share.size), 0),
        sa.func.coalesce(sa.func.sum(sa.case((replicated, 1), else_=0)), 0),
        sa.func.coalesce(sa.func.sum(
            sa.case((replicated, Share.size), else_=0)), 0),
    ).where(Share.project_id == project_id, Share.live())
    if user_id is not None:
        stmt = stmt.where(Share.user_id == user_id)
    if share_type_id is not None:
        stmt = stmt.where(Share.share_type_id == share_type_id)
    shares, gigabytes, replicas, replica_gigabytes = (
        context.session.execute(stmt).one())
    return Usage(int(shares), int(gigabytes), int(replicas),
                 int(replica_gigabytes))


@db_api.reader
def is_replicated(context, share_type_id):
    stmt = sa.select(sa.func.count()).where(
        Spec.share_type_id == share_type_id,
        Spec.spec_key == extra_specs.REPLICATION_TYPE)
    return context.session.execute(stmt).scalar_one() > 0
