"""db.base.timestamp_text renders a Timestamp as the API shows it, on
every backend: the same text as api.views.timestamps.isotime of the value
SQLAlchemy reads back. Each row a value the service can hold."""
import datetime

import pytest
import sqlalchemy as sa

from manila_locks.api.views.timestamps import isotime
from manila_locks.db import base

VALUES = {
    'microseconds': datetime.datetime(2026, 12, 3, 16, 30, 5, 123456),
    'no microseconds': datetime.datetime(2026, 12, 3, 16, 30, 5),
    'one microsecond': datetime.datetime(2026, 1, 2, 3, 4, 5, 1),
    'last microsecond': datetime.datetime(2026, 12, 31, 23, 59, 59, 999999),
    'midnight': datetime.datetime(2027, 1, 1),
    'leap day': datetime.datetime(2028, 2, 29, 12, 0, 0, 500000),
    'null': None,
}


@pytest.fixture
def probe(db):
    table = sa.Table('timestamp_probe', sa.MetaData(),
                     sa.Column('id', sa.Integer, primary_key=True),
                     sa.Column('at', base.Timestamp, nullable=True))
    table.create(db.engine)
    yield table
    table.drop(db.engine)


@pytest.mark.parametrize('name', list(VALUES))
def test_rendered_as_isotime_renders_it(db, probe, name):
    with db.engine.begin() as connection:
        connection.execute(probe.insert(), {'id': 1, 'at': VALUES[name]})
        stored, text = connection.execute(sa.select(
            probe.c.at, base.timestamp_text(probe.c.at))).one()
    assert text == isotime(stored)
    assert stored == VALUES[name]


def test_a_value_written_without_its_fraction(db, probe):
    """A row written by hand: SQLite stores the text as it is given (no
    fraction), the others a fraction of 0."""
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO timestamp_probe VALUES (1, '2026-12-03 16:30:05')")
        stored, text = connection.execute(sa.select(
            probe.c.at, base.timestamp_text(probe.c.at))).one()
    assert text == isotime(stored) == '2026-12-03T16:30:05.000000'
