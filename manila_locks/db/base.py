"""Declarative base and the column conventions every table shares."""
import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy import orm

# DATETIME(6) on MySQL/MariaDB so timestamps keep microseconds everywhere.
Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')

# A live row has deleted == LIVE; a soft-deleted row stores its own id there,
# so unique keys that include `deleted` ignore soft-deleted rows.
LIVE = 'False'


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Base(orm.DeclarativeBase):
    pass


class Timestamps:
    created_at = sa.Column(Timestamp, nullable=False, default=utcnow)
    updated_at = sa.Column(Timestamp, nullable=True, onupdate=utcnow)


class SoftDelete:
    deleted_at = sa.Column(Timestamp, nullable=True)
    deleted = sa.Column(sa.String(36), nullable=False, default=LIVE,
                        server_default=LIVE)

    @classmethod
    def live(cls):
        """The condition on rows that are not soft-deleted. On the table's
        column, not the mapped attribute: it serves ORM and Core selects
        alike, and in a Core select of table rows an ORM-annotated
        condition would load them through the ORM (two Python calls more
        per row)."""
        return cls.__table__.c.deleted == LIVE

    def mark_deleted(self):
        self.deleted = self.id
        self.deleted_at = utcnow()


class RowVersion:
    # Bumped when the row is locked for update on Galera, so the lock is
    # certified like a write (db/row_locks.py); nothing else reads it.
    # Only a server default: inserts leave it out.
    row_version = sa.Column(sa.Integer, nullable=False, server_default='0')
