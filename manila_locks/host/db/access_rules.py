"""Access rule reads and writes."""
import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host import models
from manila_locks.host.db import shares as shares_db

AccessRule = models.AccessRule


class AccessRuleNotFound(exception.NotFound):
    message = 'Access rule %(rule_id)s could not be found.'


@db_api.reader
def get(context, rule_id, for_update=False):
    """(rule, share) for a live rule on a share the caller may see."""
    stmt = sa.select(AccessRule).where(AccessRule.id == rule_id,
                                       AccessRule.deleted == base.LIVE)
    if for_update:
        stmt = stmt.with_for_update()
    rule = context.session.execute(stmt).scalar_one_or_none()
    if rule is None:
        raise AccessRuleNotFound(rule_id=rule_id)
    try:
        share = shares_db.get(context, rule.share_id, for_update=for_update)
    except shares_db.ShareNotFound:
        raise AccessRuleNotFound(rule_id=rule_id)
    return rule, share


@db_api.writer
def get_for_update(context, rule_id):
    return get(context, rule_id, for_update=True)
