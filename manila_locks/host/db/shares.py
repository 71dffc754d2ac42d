"""Share reads and writes. Project scoping happens here, once."""
import collections
import dataclasses
import typing
import uuid

import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.core import store as lock_store
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.db import prepared
from manila_locks.db import query as db_query
from manila_locks.db import row_locks
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import models

Share = models.Share
SHARES = Share.__table__
ExportLocation = models.ExportLocation

# Columns a list may be sorted by, under the names Manila accepts (Manila
# allows any column of its share and share instance models).
SORT_KEYS = {
    'id': Share.id, 'name': Share.display_name,
    'display_name': Share.display_name,
    'display_description': Share.display_description,
    'status': Share.status, 'size': Share.size,
    'share_proto': Share.share_proto,
    'share_type_id': Share.share_type_id, 'share_type': Share.share_type_id,
    'project_id': Share.project_id, 'user_id': Share.user_id,
    'availability_zone': Share.availability_zone,
    'availability_zone_id': Share.availability_zone, 'host': Share.host,
    'created_at': Share.created_at, 'updated_at': Share.updated_at,
    'is_public': Share.is_public, 'snapshot_id': Share.snapshot_id,
    'share_network_id': Share.share_network_id,
    'task_state': Share.task_state,
    'access_rules_status': Share.access_rules_status,
    'scheduled_to_be_deleted_at': Share.scheduled_to_be_deleted_at,
}

# Filters by exact value, by the DB names the handler translates to.
FILTER_COLUMNS = {
    'display_name': Share.display_name,
    'display_description': Share.display_description,
    'status': Share.status, 'share_type_id': Share.share_type_id,
    'snapshot_id': Share.snapshot_id,
    'share_network_id': Share.share_network_id, 'host': Share.host,
    'user_id': Share.user_id, 'availability_zone': Share.availability_zone,
    'share_proto': Share.share_proto,
    'mount_point_name': Share.mount_point_name,
}

# Manila fields this host never sets: filtering on any value finds nothing.
ALWAYS_NULL = ('share_server_id', 'share_group_id', 'share_group_snapshot_id',
               'encryption_key_ref')


class ShareNotFound(exception.NotFound):
    message = 'Share %(share_id)s could not be found.'


@dataclasses.dataclass
class ShareQuery(db_query.Paging):
    all_projects: bool = False
    project_id: typing.Optional[str] = None
    exact: dict = dataclasses.field(default_factory=dict)
    contains: dict = dataclasses.field(default_factory=dict)
    always_null: list = dataclasses.field(default_factory=list)
    is_public: bool = False
    is_soft_deleted: bool = False
    metadata: dict = dataclasses.field(default_factory=dict)
    extra_specs: dict = dataclasses.field(default_factory=dict)
    export_location_id: typing.Optional[str] = None
    export_location_path: typing.Optional[str] = None


@dataclasses.dataclass
class SharePage:
    shares: list
    count: typing.Optional[int]


_live = Share.live


def _visible(context):
    if context.is_admin:
        return sa.true()
    return sa.or_(SHARES.c.project_id == context.project_id,
                  SHARES.c.is_public.is_(True))


def visible(context):
    """The condition on Share rows: live, and the caller may see it."""
    return sa.and_(_live(), _visible(context))


# Seen by the caller (as get() decides): everyone's shares when the
# parameter 'everyone' is true (an admin, or get(everyone=True)), else the
# caller's project's ('project_id') and public ones.
_SEEN = sa.or_(sa.bindparam('everyone'),
               SHARES.c.project_id == sa.bindparam('project_id'),
               SHARES.c.is_public.is_(True))


def _seen_params(context, everyone=False):
    return {'everyone': bool(everyone or context.is_admin),
            'project_id': context.project_id}


def _get_statement(for_update, columns=(Share,)):
    """get()'s query, built once per variant."""
    stmt = sa.select(*columns).where(
        SHARES.c.id == sa.bindparam('share_id'), _live(), _SEEN)
    if for_update:
        # Reload what an earlier unlocked read of this session may hold:
        # decisions after the row lock must see what its last holder
        # committed (a soft delete, an offer).
        stmt = stmt.with_for_update().execution_options(
            populate_existing=True)
    return stmt


_GET = {for_update: _get_statement(for_update)
        for for_update in (False, True)}
# What a policy decision on a share needs (share_service.target).
_OWNER = _get_statement(False, (SHARES.c.id, SHARES.c.project_id,
                                SHARES.c.user_id))


@db_api.reader
def get(context, share_id, for_update=False, everyone=False, missing=None):
    """A live share the caller may see; FOR UPDATE takes its row lock.
    `everyone`: whoever owns it (accepting a transfer acts on a share of
    another project; the auth key is what grants it). `missing`: the error
    to raise instead of ShareNotFound."""
    share = context.session.execute(_GET[for_update], dict(
        _seen_params(context, everyone),
        share_id=share_id)).scalar_one_or_none()
    if share is None:
        raise missing or ShareNotFound(share_id=share_id)
    if for_update:
        row_locks.certify(context.session, Share, share.id)
    return share


def owner(connection, context, share_id, missing=None):
    """The id, project_id and user_id of a live share the caller may see,
    as get() finds it, for reads that need nothing more (a rule list): a
    row, no ORM object, read through `connection`."""
    found = connection.execute(_OWNER, dict(
        _seen_params(context), share_id=share_id)).one_or_none()
    if found is None:
        raise missing or ShareNotFound(share_id=share_id)
    return found


@db_api.writer
def get_for_update(context, share_id):
    return get(context, share_id, for_update=True)


# What a lock decision needs of a share, row-locked: a row, no ORM object.
# Hot (db/prepared): every lock placed on a share reads it (lock_row).
_LOCKABLE = prepared.hot(sa.select(
    SHARES.c.id, SHARES.c.project_id, SHARES.c.status,
    SHARES.c.is_soft_deleted).where(
    SHARES.c.id == sa.bindparam('share_id'), _live(),
    _SEEN).with_for_update())


@db_api.writer
def lock_for_update(context, share_id):
    """Row-lock a live share the caller may see (as get_for_update does)
    and return its id, project_id, status and is_soft_deleted."""
    session = context.session
    return _locked(session, share_id, session.execute(
        _LOCKABLE, _lockable_params(context, share_id)))


def lock_row(connection, context, share_id):
    """lock_for_update through `connection`, a Core connection in a write
    transaction (db_api.core_writer), where PostgreSQL runs it as a
    prepared statement."""
    return _locked(connection, share_id, prepared.execute(
        connection, _LOCKABLE, _lockable_params(context, share_id)))


def _lockable_params(context, share_id):
    return dict(_seen_params(context), share_id=share_id)


def _locked(connection, share_id, result):
    share = result.one_or_none()
    if share is None:
        raise ShareNotFound(share_id=share_id)
    row_locks.certify(connection, Share, share.id)
    return share


# A share and its live locks (those within it too), no row lock: the read
# of a quick refusal (core/checker.refuse_seen). One row per lock, or one
# with the lock columns NULL; the share's columns come first.
_GUARDED = prepared.hot(sa.select(
    SHARES.c.id.label('share_id'),
    SHARES.c.project_id.label('share_project_id'),
    SHARES.c.user_id.label('share_user_id'),
    *lock_store.LOCKS.c).select_from(SHARES.outerjoin(
        lock_store.LOCKS,
        lock_store.live_within_condition(lock_store.LOCKS, SHARES.c.id))
).where(
    SHARES.c.id == sa.bindparam('share_id'), _live(), _SEEN).order_by(
    lock_store.LOCKS.c.created_at, lock_store.LOCKS.c.id))

GuardedShare = collections.namedtuple('GuardedShare',
                                      'id project_id user_id')


def read_guarded(connection, context, share_id):
    """A live share the caller may see (as get() finds it; else
    ShareNotFound) and its live locks, read through `connection` without
    a row lock: (GuardedShare, [LockRow])."""
    rows = prepared.execute(connection, _GUARDED, dict(
        lock_store.live_params(), share_id=share_id,
        **_seen_params(context))).all()
    if not rows:
        raise ShareNotFound(share_id=share_id)
    share = GuardedShare._make(rows[0][:3])
    locks = [lock_store.LockRow._make(row[3:]) for row in rows
             if row[3] is not None]
    return share, locks


def _project_clause(context, query):
    if query.all_projects:
        if query.project_id:
            return Share.project_id == query.project_id
        return sa.true()
    own = Share.project_id == context.project_id
    return sa.or_(own, Share.is_public.is_(True)) if query.is_public else own


def _related_clauses(query):
    """Filters that look at metadata, type extra specs and exports."""
    for key, value in query.metadata.items():
        yield Share.id.in_(sa.select(models.ShareMetadata.share_id).where(
            models.ShareMetadata.key == key,
            models.ShareMetadata.value == value))
    for key, value in query.extra_specs.items():
        yield Share.share_type_id.in_(sa.select(
            models.ShareTypeExtraSpec.share_type_id).where(
            models.ShareTypeExtraSpec.spec_key == key,
            models.ShareTypeExtraSpec.spec_value == value))
    if query.export_location_id is not None:
        yield Share.id.in_(sa.select(ExportLocation.share_id).where(
            ExportLocation.id == query.export_location_id))
    if query.export_location_path is not None:
        yield Share.id.in_(sa.select(ExportLocation.share_id).where(
            ExportLocation.path == query.export_location_path))


def _where(context, query):
    clauses = [_live(), _project_clause(context, query),
               Share.is_soft_deleted.is_(query.is_soft_deleted)]
    clauses += [FILTER_COLUMNS[name] == value
                for name, value in query.exact.items()]
    clauses += [db_query.contains(FILTER_COLUMNS[name], value,
                                  case_sensitive=False)
                for name, value in query.contains.items()]
    if query.always_null:
        clauses.append(sa.false())
    clauses += list(_related_clauses(query))
    return clauses


@db_api.reader
def find(context, query):
    """One page of shares; the count (if asked) is of all matches."""
    stmt = sa.select(Share).where(*_where(context, query))
    shares, count = db_query.page(
        context.session, stmt, SORT_KEYS[query.sort_key], Share.id, query)
    return SharePage(shares, count)


@db_api.writer
def create(context, values, metadata):
    share = Share(id=str(uuid.uuid4()), user_id=context.user_id,
                  project_id=context.project_id, **values)
    context.session.add(share)
    context.session.flush()
    for key, value in metadata.items():
        context.session.add(models.ShareMetadata(share_id=share.id, key=key,
                                                 value=value))
    context.session.flush()
    return share


@db_api.reader
def metadata(context, share_ids):
    """{share_id: {key: value}} for several shares in one query."""
    result = {share_id: {} for share_id in share_ids}
    if not share_ids:
        return result
    stmt = sa.select(models.ShareMetadata).where(
        models.ShareMetadata.share_id.in_(list(share_ids)))
    for item in context.session.execute(stmt).scalars():
        result[item.share_id][item.key] = item.value
    return result


@db_api.reader
def export_locations(context, share_ids, include_admin_only=True):
    """{share_id: [ExportLocation]} for several shares in one query."""
    result = {share_id: [] for share_id in share_ids}
    if not share_ids:
        return result
    stmt = sa.select(ExportLocation).where(
        ExportLocation.share_id.in_(list(share_ids))).order_by(
        ExportLocation.created_at, ExportLocation.id)
    if not include_admin_only:
        stmt = stmt.where(ExportLocation.is_admin_only.is_(False))
    for item in context.session.execute(stmt).scalars():
        result[item.share_id].append(item)
    return result


@db_api.writer
def add_export_location(context, share, path):
    # updated_at is when the backend last reported the location: now, as
    # Manila's export_locations_update stamps a new one.
    now = base.utcnow()
    location = ExportLocation(
        id=str(uuid.uuid4()), share_id=share.id, share_instance_id=share.id,
        path=path, preferred=True, is_admin_only=False, created_at=now,
        updated_at=now)
    context.session.add(location)
    context.session.flush()
    return location


@db_api.writer
def purge(context, share, operation):
    """Remove a share for good, with its rules, locks and exports;
    `operation` (delete, unmanage, ...) is what the lock history says
    removed the locks."""
    rule_ids = list(context.session.execute(sa.select(
        models.AccessRule.id).where(models.AccessRule.share_id == share.id,
                                    models.AccessRule.live())
    ).scalars())
    lock_store.soft_delete_within(context, share.id, operation)
    now = base.utcnow()
    # As access_rules.soft_delete does for one rule: metadata goes, the
    # rule row stays soft-deleted.
    context.session.execute(sa.delete(models.AccessRuleMetadata).where(
        models.AccessRuleMetadata.access_id.in_(rule_ids)))
    context.session.execute(sa.update(models.AccessRule).where(
        models.AccessRule.id.in_(rule_ids)).values(
        deleted=models.AccessRule.id, deleted_at=now, state='deleted')
        .execution_options(synchronize_session=False))
    context.session.execute(sa.delete(ExportLocation).where(
        ExportLocation.share_id == share.id))
    # A transfer on offer (force delete and unmanage skip the status
    # check) goes with the share.
    transfers_db.withdraw_for_share(context, share.id)
    share.status = 'deleted'
    share.mark_deleted()
    context.session.flush()


@db_api.reader
def expired_soft_deleted_ids(context, now):
    stmt = sa.select(Share.id).where(
        _live(), Share.is_soft_deleted.is_(True),
        Share.scheduled_to_be_deleted_at <= now)
    return list(context.session.execute(stmt).scalars())
