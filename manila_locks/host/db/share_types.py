"""Share type reads and writes."""
import uuid

import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host import models


class ShareTypeNotFound(exception.NotFound):
    message = 'Share type %(type_id)s could not be found.'


class ShareTypeExists(exception.Conflict):
    message = 'Share Type %(name)s already exists.'


def _live():
    return models.ShareType.deleted == base.LIVE


def _visible(context):
    if context.is_admin:
        return sa.true()
    access = sa.select(models.ShareTypeProject.share_type_id).where(
        models.ShareTypeProject.project_id == context.project_id)
    return sa.or_(models.ShareType.is_public.is_(True),
                  models.ShareType.id.in_(access))


@db_api.reader
def get(context, type_id):
    stmt = sa.select(models.ShareType).where(
        models.ShareType.id == type_id, _live(), _visible(context))
    found = context.session.execute(stmt).scalar_one_or_none()
    if found is None:
        raise ShareTypeNotFound(type_id=type_id)
    return found


@db_api.reader
def get_by_name_or_id(context, name_or_id):
    stmt = sa.select(models.ShareType).where(
        sa.or_(models.ShareType.id == name_or_id,
               models.ShareType.name == name_or_id), _live(),
        _visible(context))
    found = context.session.execute(stmt).scalars().first()
    if found is None:
        raise ShareTypeNotFound(type_id=name_or_id)
    return found


@db_api.reader
def get_all(context, is_public=None):
    stmt = sa.select(models.ShareType).where(_live(), _visible(context))
    if is_public is not None:
        stmt = stmt.where(models.ShareType.is_public.is_(is_public))
    stmt = stmt.order_by(models.ShareType.name)
    return list(context.session.execute(stmt).scalars())


@db_api.reader
def extra_specs(context, type_ids):
    """{type_id: {key: value}} for several types in one query."""
    result = {type_id: {} for type_id in type_ids}
    if not type_ids:
        return result
    stmt = sa.select(models.ShareTypeExtraSpec).where(
        models.ShareTypeExtraSpec.share_type_id.in_(list(type_ids)))
    for spec in context.session.execute(stmt).scalars():
        result[spec.share_type_id][spec.spec_key] = spec.spec_value
    return result


@db_api.writer
def create(context, name, specs, is_public=True, description=None):
    exists = context.session.execute(sa.select(models.ShareType.id).where(
        models.ShareType.name == name, _live())).first()
    if exists:
        raise ShareTypeExists(name=name)
    share_type = models.ShareType(id=str(uuid.uuid4()), name=name,
                                  description=description,
                                  is_public=is_public)
    context.session.add(share_type)
    for key, value in specs.items():
        context.session.add(models.ShareTypeExtraSpec(
            share_type_id=share_type.id, spec_key=key, spec_value=value))
    context.session.flush()
    return share_type


@db_api.writer
def set_extra_specs(context, type_id, specs):
    share_type = get(context, type_id)
    current = {s.spec_key: s for s in context.session.execute(
        sa.select(models.ShareTypeExtraSpec).where(
            models.ShareTypeExtraSpec.share_type_id == type_id)).scalars()}
    for key, value in specs.items():
        if key in current:
            current[key].spec_value = value
        else:
            context.session.add(models.ShareTypeExtraSpec(
                share_type_id=type_id, spec_key=key, spec_value=value))
    context.session.flush()
    return share_type


@db_api.writer
def delete_extra_spec(context, type_id, key):
    get(context, type_id)
    result = context.session.execute(sa.delete(
        models.ShareTypeExtraSpec).where(
        models.ShareTypeExtraSpec.share_type_id == type_id,
        models.ShareTypeExtraSpec.spec_key == key))
    if result.rowcount == 0:
        raise exception.NotFound('Share type extra spec %s could not be '
                                 'found.' % key)


@db_api.writer
def delete(context, type_id):
    share_type = get(context, type_id)
    in_use = context.session.execute(sa.select(models.Share.id).where(
        models.Share.share_type_id == type_id,
        models.Share.deleted == base.LIVE).limit(1)).first()
    if in_use:
        raise exception.Invalid('Share type %s is in use by shares and '
                                'cannot be deleted.' % type_id)
    share_type.mark_deleted()


@db_api.reader
def get_many(context, type_ids):
    """{type_id: ShareType} regardless of visibility: a share always shows
    its own type, even a private one the caller cannot list."""
    if not type_ids:
        return {}
    stmt = sa.select(models.ShareType).where(
        models.ShareType.id.in_(list(type_ids)))
    return {t.id: t for t in context.session.execute(stmt).scalars()}
