"""Reliability tier: the service under gunicorn with several workers on a
real database, driven by concurrent clients.

service     session, one per backend (postgresql, mysql; the race modules
            parametrize db_server, so tests/conftest.py's rule applies: a
            missing server skips, or fails with $CI set). A fresh database,
            `manila-locks-manage db sync`, then gunicorn -w 3 --threads 4.
report      function: report(line) prints a line and repeats it in the
            terminal summary, so counts show without -s (also from
            pytest-xdist workers: tests/summary.py).
"""
import dataclasses
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import pool

from manila_locks.host import migration
from tests import dbutils
from tests.functional import server as server_process
from tests.reliability import clients
from tests.reliability import service as gunicorn
from tests import summary

COUNTS = 'reliability counts'


@dataclasses.dataclass
class Service:
    process: gunicorn.GunicornService
    backend: str
    db_url: str
    engine: sa.engine.Engine
    alice: clients.Client     # member of project A
    bob: clients.Client       # another member of project A
    admin: clients.Client     # admin of another project
    # On Galera, one engine per node (engine is the first node's).
    node_engines: list = dataclasses.field(default_factory=list)

    def connect(self):
        return self.engine.connect()

    @property
    def engines(self):
        """Every database node the service writes through."""
        return self.node_engines or [self.engine]


@pytest.fixture
def report(request):
    # The name, not the node id: xdist adds '@<group>' to that.
    prefix = request.node.name

    def add(line):
        line = '%s: %s' % (prefix, line)
        print(line)
        summary.add_line(request.config, COUNTS, line)
    return add


@pytest.fixture(scope='session')
def service(db_server, tmp_path_factory):
    workdir = tmp_path_factory.mktemp('gunicorn-%s' % db_server)
    db_url = dbutils.create_database(db_server)
    sections = server_process.noauth_sections(str(workdir / 'state'), db_url)
    # Every race runs in one project on one service: hundreds of shares,
    # past Manila's default quotas (50 shares, 1000 GB).
    sections['quota'] = {'shares': -1, 'gigabytes': -1}
    process = gunicorn.GunicornService(workdir, sections)
    engine = sa.create_engine(db_url, poolclass=pool.NullPool)
    try:
        # What `manila-locks-manage db sync` runs, without a second
        # interpreter start-up; test_db_sync_live.py runs the command.
        migration.upgrade(db_url)
        process.start()
        project = uuid.uuid4().hex
        yield Service(
            process, db_server, db_url, engine,
            clients.Client(process.url, 'alice', project),
            clients.Client(process.url, 'bob', project),
            clients.Client(process.url, 'admin', uuid.uuid4().hex,
                           'admin,member,reader'))
    finally:
        process.stop()
        engine.dispose()
        dbutils.drop_database(db_url)
