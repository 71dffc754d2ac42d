"""Access rule reads and writes. A rule is visible exactly when its share is
(``shares_db.get`` decides that, once)."""
import dataclasses
import ipaddress
import typing
import uuid

import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import query as db_query
from manila_locks.host.db import shares as shares_db
from manila_locks.host import metadata_limits
from manila_locks.host import models

AccessRule = models.AccessRule
Metadata = models.AccessRuleMetadata


class AccessRuleNotFound(exception.NotFound):
    message = 'Access rule %(rule_id)s could not be found.'


class MetadataKeyNotFound(exception.NotFound):
    message = ('Metadata key %(key)s of access rule %(rule_id)s could not be '
               'found.')


@dataclasses.dataclass
class RuleQuery:
    """Filters of a share's rule listing; None means "any"."""
    access_type: typing.Optional[str] = None
    access_to: typing.Optional[str] = None
    access_key: typing.Optional[str] = None
    access_level: typing.Optional[str] = None
    metadata: dict = dataclasses.field(default_factory=dict)


_live = AccessRule.live


def same_grantee(access_type, first, second):
    """Whether two access_to values name the same grantee: for ip rules
    1.2.3.4 and 1.2.3.4/32 do."""
    if access_type != 'ip':
        return first == second
    try:
        return ipaddress.ip_network(first) == ipaddress.ip_network(second)
    except ValueError:
        return first == second


def _live_rule(context, rule_id, for_update=False, share_id=None):
    stmt = sa.select(AccessRule).where(AccessRule.id == rule_id, _live())
    if share_id is not None:
        stmt = stmt.where(AccessRule.share_id == share_id)
    return db_query.one(context.session, stmt,
                        AccessRuleNotFound(rule_id=rule_id), for_update)


@db_api.reader
def get(context, rule_id, for_update=False):
    """(rule, share) for a live rule on a share the caller may see.

    With for_update both rows are locked, the share first: share deletion
    locks the share and then its rules, and the opposite order here would
    deadlock with it.
    """
    # Rule and share in one statement: a rule on a share the caller may not
    # see then costs exactly what a missing rule costs, so neither the
    # answer nor the time taken tells them apart.
    found = context.session.execute(
        sa.select(AccessRule, models.Share)
        .join(models.Share, models.Share.id == AccessRule.share_id)
        .where(AccessRule.id == rule_id, _live(),
               shares_db.visible(context))).one_or_none()
    if found is None:
        raise AccessRuleNotFound(rule_id=rule_id)
    rule, share = found
    if for_update:
        try:
            share = shares_db.get(context, share.id, for_update=True)
        except shares_db.ShareNotFound:
            raise AccessRuleNotFound(rule_id=rule_id)
        rule = _live_rule(context, rule_id, for_update=True)
    return rule, share


@db_api.writer
def get_for_update(context, rule_id):
    return get(context, rule_id, for_update=True)


@db_api.reader
def get_on_share(context, share_id, rule_id, for_update=False):
    """A live rule of this share; any other rule id is not found."""
    return _live_rule(context, rule_id, for_update, share_id=share_id)


@db_api.reader
def find(context, share_id, query=None):
    """Live rules of a share matching `query`, oldest first: one SELECT."""
    query = query or RuleQuery()
    stmt = sa.select(AccessRule).where(AccessRule.share_id == share_id,
                                       _live())
    for column, value in ((AccessRule.access_type, query.access_type),
                          (AccessRule.access_key, query.access_key),
                          (AccessRule.access_level, query.access_level)):
        if value is not None:
            stmt = stmt.where(column == value)
    for key, value in query.metadata.items():
        stmt = stmt.where(AccessRule.id.in_(sa.select(Metadata.access_id)
                                            .where(Metadata.key == key,
                                                   Metadata.value == value)))
    stmt = stmt.order_by(AccessRule.created_at, AccessRule.id)
    rules = context.session.execute(stmt).scalars()
    if query.access_to is None:
        return list(rules)
    return [rule for rule in rules if same_grantee(
        rule.access_type, rule.access_to, query.access_to)]


@db_api.writer
def create(context, share, values, metadata):
    rule = AccessRule(id=str(uuid.uuid4()), share_id=share.id,
                      project_id=share.project_id, user_id=context.user_id,
                      **values)
    context.session.add(rule)
    context.session.flush()
    for key, value in metadata.items():
        context.session.add(Metadata(access_id=rule.id, key=key,
                                     value=value))
    context.session.flush()
    return rule


@db_api.writer
def soft_delete(context, rule):
    context.session.execute(sa.delete(Metadata).where(
        Metadata.access_id == rule.id))
    rule.state = 'deleted'
    rule.mark_deleted()
    context.session.flush()


@db_api.reader
def metadata(context, rule_ids):
    """{rule_id: {key: value}} for several rules in one query."""
    result = {rule_id: {} for rule_id in rule_ids}
    if not rule_ids:
        return result
    stmt = sa.select(Metadata).where(Metadata.access_id.in_(list(rule_ids)))
    for item in context.session.execute(stmt).scalars():
        result[item.access_id][item.key] = item.value
    return result


@db_api.writer
def set_metadata(context, rule_id, items):
    """Add or overwrite `items`; keys not named stay as they are."""
    db_query.set_items(context.session, Metadata, Metadata.access_id,
                       rule_id, items, metadata_limits.KeysCollide())


@db_api.writer
def delete_metadata_key(context, rule_id, key):
    result = context.session.execute(sa.delete(Metadata).where(
        Metadata.access_id == rule_id, Metadata.key == key))
    if result.rowcount == 0:
        raise MetadataKeyNotFound(rule_id=rule_id, key=key)
