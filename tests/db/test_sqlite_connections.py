"""What every pooled SQLite connection of the service is set to
(db/api._serialize_sqlite_transactions), and what that does.

| setting             | value  | why                                      |
|---------------------|--------|------------------------------------------|
| busy_timeout        | 30000  | a writer waits for the write lock        |
| journal_mode        | wal    | readers never wait for a writer          |
| wal_autocheckpoint  | 10000  | a hot page copied once per 10,000 logged |
|                     |        | pages, not per 1,000 (SQLite's default)  |
"""
import os

import pytest
import sqlalchemy as sa

from manila_locks.db import api as db_api

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)

SETTINGS = [('busy_timeout', 30000), ('journal_mode', 'wal'),
            ('wal_autocheckpoint', 10000)]

_METADATA = sa.MetaData()
_PAGES = sa.Table('wal_pages', _METADATA,
                  sa.Column('id', sa.Integer, primary_key=True),
                  sa.Column('filler', sa.String(4000)))


@pytest.mark.parametrize('name, value', SETTINGS)
def test_every_pooled_connection_is_set(db, name, value):
    db.engine.dispose()
    connections = [db.engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            driver = connection.connection.dbapi_connection
            [(found,)] = driver.execute('PRAGMA %s' % name).fetchall()
            assert found == value
    finally:
        for connection in connections:
            connection.close()


def test_the_log_is_copied_into_the_database_after_10000_pages(db):
    _METADATA.create_all(db.engine)
    try:
        wal = db.engine.url.database + '-wal'
        with db.engine.connect() as connection:
            driver = connection.connection.dbapi_connection
            [(page_size,)] = driver.execute('PRAGMA page_size').fetchall()
            # Start from an empty log.
            driver.execute('PRAGMA wal_checkpoint(TRUNCATE)')
        # 1,500 commits of a page each (and their index and table pages):
        # past SQLite's default of 1,000 pages, short of 10,000.
        for number in range(1500):
            with db_api.core_writer() as connection:
                connection.execute(sa.insert(_PAGES), [
                    {'id': number, 'filler': 'x' * (page_size // 2)}])
        assert os.path.getsize(wal) > 1500 * page_size
    finally:
        _METADATA.drop_all(db.engine)
