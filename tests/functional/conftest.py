"""Functional tier: the real `manila-locks-api` process and the real clients.

auth_mode   session, parametrized over CLOUD_FACTORIES ('noauth' today; a
            keystone factory plugs in beside it).
cloud       session, one per (db backend, auth mode): a fresh database on
            the backend's server (db_server from tests/conftest.py decides
            skip or fail), `manila-locks-manage db sync`, one server process,
            and the people of clouds.py. Stopped by PID afterwards.
unique_name function: a share name no other test uses on this cloud.
"""
import contextlib
import uuid

import pytest

from tests import dbutils
from tests.functional import clouds
from tests.functional import server as server_process


@contextlib.contextmanager
def noauth_cloud(workdir, db_url):
    server = server_process.ServerProcess(
        workdir, server_process.noauth_sections(
            str(workdir / 'state'), db_url))
    server.sync_db()
    server.start()
    try:
        yield clouds.NoAuthCloud(server, workdir)
    finally:
        server.stop()


# auth mode -> context manager factory(workdir, db_url) yielding a cloud
# (see clouds.py for the interface a cloud offers the tests).
CLOUD_FACTORIES = {
    'noauth': noauth_cloud,
}


@pytest.fixture(scope='session', params=sorted(CLOUD_FACTORIES))
def auth_mode(request):
    return request.param


@pytest.fixture(scope='session')
def cloud(db_server, auth_mode, tmp_path_factory):
    workdir = tmp_path_factory.mktemp('%s-%s' % (auth_mode, db_server))
    db_url = dbutils.create_database(db_server)
    try:
        with CLOUD_FACTORIES[auth_mode](workdir, db_url) as running:
            yield running
    finally:
        dbutils.drop_database(db_url)


@pytest.fixture
def unique_name():
    return 'share-' + uuid.uuid4().hex[:8]
