"""Share type reads and writes: types, their extra specs, project access."""
import uuid

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host import models

ShareType = models.ShareType
ExtraSpec = models.ShareTypeExtraSpec
TypeProject = models.ShareTypeProject


class ShareTypeNotFound(exception.NotFound):
    message = 'Share type %(type_id)s could not be found.'


class ShareTypeExists(exception.Conflict):
    message = 'Share Type %(name)s already exists.'


class ShareTypeInUse(exception.StateError):
    message = 'Target share type is still in use.'


class ExtraSpecNotFound(exception.NotFound):
    message = ('Share Type %(type_id)s has no extra specs with key '
               '%(key)s.')


class AccessExists(exception.Conflict):
    message = ('Share type access for %(type_id)s / %(project_id)s '
               'combination already exists.')


class AccessNotFound(exception.NotFound):
    message = ('Share type access not found for %(type_id)s / '
               '%(project_id)s combination.')


_live = ShareType.live


def _granted(context):
    return ShareType.id.in_(sa.select(TypeProject.share_type_id).where(
        TypeProject.project_id == context.project_id))


def _visible(context):
    if context.is_admin:
        return sa.true()
    return sa.or_(ShareType.is_public.is_(True), _granted(context))


def _one(context, clause, wanted, missing):
    stmt = sa.select(ShareType).where(clause, _live(), _visible(context))
    found = context.session.execute(stmt).scalars().first()
    if found is None:
        raise missing or ShareTypeNotFound(type_id=wanted)
    return found


# `missing`: the error to raise instead of ShareTypeNotFound, for callers
# that word it their own way (or answer it with another status).
@db_api.reader
def get(context, type_id, missing=None):
    return _one(context, ShareType.id == type_id, type_id, missing)


@db_api.reader
def get_by_name(context, name, missing=None):
    return _one(context, ShareType.name == name, name, missing)


@db_api.reader
def get_by_name_or_id(context, name_or_id, missing=None):
    """By id first, so a type named like another type's id cannot hide it."""
    try:
        return get(context, name_or_id)
    except ShareTypeNotFound:
        return get_by_name(context, name_or_id, missing)


@db_api.reader
def get_all(context, is_public=None, extra_specs=None):
    """Visible types; is_public None means public and private alike. As in
    Manila, "public" includes the private types the caller's project was
    given access to (an administrator's project too)."""
    stmt = sa.select(ShareType).where(_live(), _visible(context))
    if is_public:
        stmt = stmt.where(sa.or_(ShareType.is_public.is_(True),
                                 _granted(context)))
    elif is_public is not None:
        stmt = stmt.where(ShareType.is_public.is_(False))
    for key, value in (extra_specs or {}).items():
        stmt = stmt.where(ShareType.id.in_(sa.select(
            ExtraSpec.share_type_id).where(ExtraSpec.spec_key == key,
                                           ExtraSpec.spec_value == value)))
    stmt = stmt.order_by(ShareType.name)
    return list(context.session.execute(stmt).scalars())


@db_api.reader
def get_many(context, type_ids):
    """{type_id: ShareType} regardless of visibility: a share always shows
    its own type, even a private one the caller cannot list."""
    if not type_ids:
        return {}
    stmt = sa.select(ShareType).where(ShareType.id.in_(list(type_ids)))
    return {t.id: t for t in context.session.execute(stmt).scalars()}


@db_api.reader
def extra_specs(context, type_ids):
    """{type_id: {key: value}} for several types in one query."""
    result = {type_id: {} for type_id in type_ids}
    if not type_ids:
        return result
    stmt = sa.select(ExtraSpec).where(
        ExtraSpec.share_type_id.in_(list(type_ids)))
    for spec in context.session.execute(stmt).scalars():
        result[spec.share_type_id][spec.spec_key] = spec.spec_value
    return result


def _ensure_name_free(context, name, type_id=None):
    stmt = sa.select(ShareType.id).where(ShareType.name == name, _live())
    if type_id is not None:
        stmt = stmt.where(ShareType.id != type_id)
    if context.session.execute(stmt).first():
        raise ShareTypeExists(name=name)


@db_api.writer
def create(context, name, specs, is_public=True, description=None):
    _ensure_name_free(context, name)
    share_type = ShareType(id=str(uuid.uuid4()), name=name,
                           description=description, is_public=is_public)
    context.session.add(share_type)
    for key, value in specs.items():
        context.session.add(ExtraSpec(share_type_id=share_type.id,
                                      spec_key=key, spec_value=value))
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        # A concurrent create of the same name won the unique key.
        raise ShareTypeExists(name=name)
    return share_type


@db_api.writer
def update(context, type_id, changes):
    """Change name, description and/or is_public of a type."""
    share_type = get(context, type_id)
    if changes.get('name') is not None:
        _ensure_name_free(context, changes['name'], type_id)
    for key, value in changes.items():
        setattr(share_type, key, value)
    share_type.updated_at = base.utcnow()
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise ShareTypeExists(name=changes['name'])
    return share_type


@db_api.writer
def set_extra_specs(context, type_id, specs):
    share_type = get(context, type_id)
    current = {s.spec_key: s for s in context.session.execute(
        sa.select(ExtraSpec).where(
            ExtraSpec.share_type_id == type_id)).scalars()}
    for key, value in specs.items():
        if key in current:
            current[key].spec_value = value
            current[key].updated_at = base.utcnow()
        else:
            context.session.add(ExtraSpec(share_type_id=type_id,
                                          spec_key=key, spec_value=value))
    context.session.flush()
    return share_type


@db_api.writer
def delete_extra_spec(context, type_id, key):
    get(context, type_id)
    result = context.session.execute(sa.delete(ExtraSpec).where(
        ExtraSpec.share_type_id == type_id, ExtraSpec.spec_key == key))
    if result.rowcount == 0:
        raise ExtraSpecNotFound(type_id=type_id, key=key)


@db_api.writer
def delete(context, type_id):
    share_type = get(context, type_id)
    in_use = context.session.execute(sa.select(models.Share.id).where(
        models.Share.share_type_id == type_id,
        models.Share.live()).limit(1)).first()
    if in_use:
        raise ShareTypeInUse()
    context.session.execute(sa.delete(TypeProject).where(
        TypeProject.share_type_id == type_id))
    share_type.mark_deleted()


@db_api.reader
def projects(context, type_id):
    """Project ids allowed to use a private type."""
    stmt = sa.select(TypeProject.project_id).where(
        TypeProject.share_type_id == type_id).order_by(TypeProject.project_id)
    return list(context.session.execute(stmt).scalars())


@db_api.writer
def add_project(context, type_id, project_id):
    exists = context.session.execute(sa.select(TypeProject.id).where(
        TypeProject.share_type_id == type_id,
        TypeProject.project_id == project_id)).first()
    if exists:
        raise AccessExists(type_id=type_id, project_id=project_id)
    context.session.add(TypeProject(share_type_id=type_id,
                                    project_id=project_id))
    context.session.flush()


@db_api.writer
def remove_project(context, type_id, project_id):
    result = context.session.execute(sa.delete(TypeProject).where(
        TypeProject.share_type_id == type_id,
        TypeProject.project_id == project_id))
    if result.rowcount == 0:
        raise AccessNotFound(type_id=type_id, project_id=project_id)
