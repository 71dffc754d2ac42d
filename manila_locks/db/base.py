"""Declarative base and the column conventions every table shares."""
import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.ext import compiler
from sqlalchemy import orm
from sqlalchemy.sql import functions

# DATETIME(6) on MySQL/MariaDB so timestamps keep microseconds everywhere.
Timestamp = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')


class timestamp_text(functions.GenericFunction):
    """A Timestamp column read as the API shows it, made by the database:
    YYYY-MM-DDTHH:MM:SS.ffffff, no zone, six digits (the text of
    api.views.timestamps.isotime for the same value); NULL stays NULL.

    For long reads (a list of 1000 access rules shows 2000 timestamps):
    the driver then hands over text, not a datetime that Python would
    build and format again. tests/db/test_timestamp_text.py holds the
    values each backend must render as isotime does."""
    type = sa.String()
    inherit_cache = True


@compiler.compiles(timestamp_text, 'postgresql')
def _timestamp_text_postgresql(element, sql_compiler, **kw):
    return "to_char(%s, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')" % (
        sql_compiler.process(element.clauses, **kw))


@compiler.compiles(timestamp_text, 'mysql')
@compiler.compiles(timestamp_text, 'mariadb')
def _timestamp_text_mysql(element, sql_compiler, **kw):
    # Rendered as a literal by the compiler, which doubles the % signs for
    # the driver's paramstyle.
    return 'DATE_FORMAT(%s, %s)' % (
        sql_compiler.process(element.clauses, **kw),
        sql_compiler.render_literal_value('%Y-%m-%dT%H:%i:%s.%f',
                                          sa.String()))


@compiler.compiles(timestamp_text, 'sqlite')
def _timestamp_text_sqlite(element, sql_compiler, **kw):
    # SQLAlchemy stores 'YYYY-MM-DD HH:MM:SS.ffffff'; a value written
    # without its fraction (CURRENT_TIMESTAMP) gets six zeros, as isotime
    # shows a datetime without microseconds. One replace() per value:
    # three substr() took SQLite longer than Python took to do it all.
    column = sql_compiler.process(element.clauses, **kw)
    return ("CASE WHEN length({0}) = 19 THEN replace({0}, ' ', 'T') || "
            "'.000000' ELSE replace({0}, ' ', 'T') END").format(column)


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
