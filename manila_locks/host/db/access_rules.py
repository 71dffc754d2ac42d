"""Access rule reads and writes. A rule is visible exactly when its share is
(``shares_db.get`` decides that, once)."""
import collections
import dataclasses
import functools
import ipaddress
import typing
import uuid

import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.core import models as lock_models
from manila_locks.core import store as lock_store
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import prepared
from manila_locks.db import query as db_query
from manila_locks.host.db import shares as shares_db
from manila_locks.host import metadata_limits
from manila_locks.host import models

AccessRule = models.AccessRule
Metadata = models.AccessRuleMetadata
RULES = AccessRule.__table__
METADATA = Metadata.__table__
SHARES = models.Share.__table__
# A rule's visibility lock (at most one is live: visibility_guard is
# unique), read beside the rule instead of by a second query.
LOCKS = lock_models.ResourceLock.__table__
VISIBILITY = LOCKS.alias('visibility_lock')
_WITH_VISIBILITY_LOCK = RULES.outerjoin(VISIBILITY, lock_store.live_condition(
    VISIBILITY, RULES.c.id, v.SHOW))
_VISIBILITY_COLUMNS = (VISIBILITY.c.id.label('visibility_lock_id'),
                       VISIBILITY.c.user_id.label('lock_user_id'),
                       VISIBILITY.c.project_id.label('lock_project_id'),
                       VISIBILITY.c.lock_context.label('lock_context'))


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


# What a rule list shows of each rule (views/access_rules.py) and filters
# on. Only these: the driver makes an object of every value read. The
# timestamps come as the text the view shows (base.timestamp_text): a
# datetime built and formatted again in Python cost 2000 of each for a
# list of 1000 rules.
_LISTED_COLUMNS = (RULES.c.id, RULES.c.access_level, RULES.c.access_to,
                   RULES.c.access_type, RULES.c.state, RULES.c.access_key,
                   base.timestamp_text(RULES.c.created_at).label(
                       'created_at'),
                   base.timestamp_text(RULES.c.updated_at).label(
                       'updated_at'))
# A listed rule: a named tuple, because SQLAlchemy's Row resolves attribute
# names per access, some 20 times slower, and a view reads ten per rule.
ListedRule = collections.namedtuple(
    'ListedRule', [column.key for column in _LISTED_COLUMNS])


def _rows_as(row_type):
    """`row_type` from a row of exactly its fields, in C: _make adds a
    Python-level call and a length check per row (1500 for a list of 1000
    rules), and the statements here select exactly the fields."""
    return functools.partial(tuple.__new__, row_type)


class VisibilityLock(typing.NamedTuple):
    """Who placed a rule's visibility lock: what redaction is decided on
    (core.checker.restricted_among)."""
    resource_id: str
    user_id: str
    project_id: str
    lock_context: str


def _visibility_lock(row):
    if row.visibility_lock_id is None:
        return None
    return VisibilityLock(row.id, row.lock_user_id, row.lock_project_id,
                          row.lock_context)


@dataclasses.dataclass
class Listing:
    """Rules as rows (read-only; a rule's columns by name), the live
    visibility locks among them, and {rule_id: {key: value}}."""
    rules: list
    visibility_locks: list
    metadata: dict


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


def _filters(query):
    """The WHERE conditions of `query` but access_to (compared in Python:
    same_grantee)."""
    clauses = []
    for column, value in ((RULES.c.access_type, query.access_type),
                          (RULES.c.access_key, query.access_key),
                          (RULES.c.access_level, query.access_level)):
        if value is not None:
            clauses.append(column == value)
    for key, value in query.metadata.items():
        clauses.append(RULES.c.id.in_(
            sa.select(METADATA.c.access_id).where(METADATA.c.key == key,
                                                  METADATA.c.value == value)))
    return clauses


def _same_grantee_only(rules, query):
    if query.access_to is None:
        return list(rules)
    return [rule for rule in rules if same_grantee(
        rule.access_type, rule.access_to, query.access_to)]


@db_api.reader
def find(context, share_id, query=None):
    """Live rules of a share matching `query`, oldest first: one SELECT."""
    query = query or RuleQuery()
    stmt = sa.select(AccessRule).where(
        AccessRule.share_id == share_id, _live(), *_filters(query)).order_by(
        AccessRule.created_at, AccessRule.id)
    return _same_grantee_only(context.session.execute(stmt).scalars(), query)


# The three reads of a rule list, each by share, so that a share's 1000
# rules cost three index range reads, not a lock lookup per rule: a
# rule's visibility lock sits in the rule's share (container_id).
_RULES_OF_SHARE = sa.select(*_LISTED_COLUMNS).where(
    RULES.c.share_id == sa.bindparam('share_id'), _live()).order_by(
    RULES.c.created_at, RULES.c.id)
_VISIBILITY_LOCKS_OF_SHARE = sa.select(
    LOCKS.c.resource_id, LOCKS.c.user_id, LOCKS.c.project_id,
    LOCKS.c.lock_context).where(lock_store.live_within_condition(
        LOCKS, sa.bindparam('share_id'), v.SHOW))
_METADATA_OF_SHARE = sa.select(
    METADATA.c.access_id, METADATA.c.key, METADATA.c.value).join(
    RULES, RULES.c.id == METADATA.c.access_id).where(
    RULES.c.share_id == sa.bindparam('share_id'), _live())


def listing(connection, share_id, query=None):
    """A Listing of the share's live rules matching `query`, oldest first,
    read through `connection` in three statements whatever their number:
    the rules, the share's visibility locks, the metadata of the share's
    rules. Rows, not ORM objects: nothing here is changed."""
    query = query or RuleQuery()
    stmt = _RULES_OF_SHARE
    filters = _filters(query)
    if filters:
        stmt = stmt.where(*filters)
    # Core statements: the ORM has nothing to add to them. Rows fetched
    # all at once (iterating a result fetches them one by one, three
    # Python calls each).
    params = dict(lock_store.live_params(), share_id=share_id)
    rules = _same_grantee_only(map(_rows_as(ListedRule), connection.execute(
        stmt, params).all()), query)
    if not rules:
        return Listing([], [], {})
    metadata = {rule.id: {} for rule in rules}
    listed = metadata.keys()
    locks = [lock for lock in map(_rows_as(VisibilityLock), connection.execute(
        _VISIBILITY_LOCKS_OF_SHARE, params).all())
        if lock.resource_id in listed]
    # Unpacked, not read by name: see ListedRule.
    for rule_id, key, value in connection.execute(_METADATA_OF_SHARE,
                                                  params).all():
        if rule_id in listed:
            metadata[rule_id][key] = value
    return Listing(rules, locks, metadata)


@dataclasses.dataclass
class Shown:
    rule: typing.Any            # a row, as in Listing
    share_target: dict          # the share's project_id and user_id
    visibility_locks: list      # the rule's, if it has one
    metadata: dict


def _shown_statement(caller_only):
    """A rule, its share's owner, its visibility lock and its metadata in
    one statement (a row per metadata item, at least one)."""
    visible = [SHARES.c.deleted == base.LIVE]
    if caller_only:
        visible.append(sa.or_(SHARES.c.project_id == sa.bindparam('project'),
                              SHARES.c.is_public.is_(True)))
    return sa.select(
        RULES, *_VISIBILITY_COLUMNS,
        SHARES.c.project_id.label('share_project_id'),
        SHARES.c.user_id.label('share_user_id'),
        METADATA.c.key.label('metadata_key'),
        METADATA.c.value.label('metadata_value'),
    ).select_from(
        _WITH_VISIBILITY_LOCK.join(SHARES, SHARES.c.id == RULES.c.share_id)
        .outerjoin(METADATA, METADATA.c.access_id == RULES.c.id)
    ).where(RULES.c.id == sa.bindparam('rule_id'), _live(), *visible)


_SHOWN = {caller_only: prepared.hot(_shown_statement(caller_only))
          for caller_only in (True, False)}


@db_api.reader
def shown(context, rule_id):
    """A Shown live rule on a share the caller may see, in one statement;
    a rule on a share the caller may not see is not found, at the same
    cost."""
    params = dict(lock_store.live_params(), rule_id=rule_id)
    if not context.is_admin:
        params['project'] = context.project_id
    rows = prepared.execute(context.session.connection(),
                            _SHOWN[not context.is_admin], params).all()
    if not rows:
        raise AccessRuleNotFound(rule_id=rule_id)
    rule = rows[0]
    lock = _visibility_lock(rule)
    return Shown(rule, {'project_id': rule.share_project_id,
                        'user_id': rule.share_user_id},
                 [lock] if lock else [],
                 {row.metadata_key: row.metadata_value for row in rows
                  if row.metadata_key is not None})


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
