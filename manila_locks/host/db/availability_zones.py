"""Availability zone rows: one per zone name, made the first time the
service is asked about the zone and kept, so its id and created_at hold."""
import uuid

from oslo_db import exception as db_exc
import sqlalchemy as sa

from manila_locks.core import exception
from manila_locks.db import api as db_api
from manila_locks.host import models

Zone = models.AvailabilityZone


class ZoneNotFound(exception.NotFound):
    message = 'Availability zone %(id)s could not be found.'


@db_api.reader
def _by_name(context, name):
    stmt = sa.select(Zone).where(Zone.name == name)
    return context.session.execute(stmt).scalar_one_or_none()


@db_api.writer
def _insert(context, name):
    zone = Zone(id=str(uuid.uuid4()), name=name)
    context.session.add(zone)
    context.session.flush()
    return zone


def ensure(context, name):
    """The row of zone `name`, made now if it is the first time. Two
    processes making it at once: the second finds the first's."""
    zone = _by_name(context, name)
    if zone is not None:
        return zone
    try:
        return _insert(context, name)
    except db_exc.DBDuplicateEntry:
        return _by_name(context, name)
