"""Fixtures: a real Keystone and the service authenticating through it.

One Keystone and one keystone-mode manila-locks-api per test session; the
tests keep apart by creating their own shares. If Keystone cannot be
started the tests are skipped with the reason, except under CI (env CI
set), where that is a failure: CI must prove the keystone path.
"""
import importlib.util
import os
import time

import pytest

from tests.functional.keystone import cloud as ks_cloud
from tests.functional.keystone import identity as ks_identity
from tests.functional.keystone import keystone_server
from tests.functional import server as api_server
from tests import summary


def _unavailable(reason):
    if os.environ.get('CI'):
        pytest.fail('keystone tier cannot run under CI: %s' % reason)
    pytest.skip('keystone tier skipped: %s' % reason)


@pytest.fixture(scope='session')
def keystone(tmp_path_factory, request):
    # Only look: importing keystone here would pull eventlet into pytest.
    if importlib.util.find_spec('keystone') is None:
        _unavailable('keystone is not installed; run pip install '
                     '-r test-requirements.txt')
    server = keystone_server.KeystoneServer(
        str(tmp_path_factory.mktemp('keystone')))
    try:
        server.start()
    except keystone_server.KeystoneUnavailable as exc:
        _unavailable(str(exc))
    summary.add_line(request.config, None, 'keystone fixture started in '
                     '%.1fs' % server.startup_seconds)
    yield server
    server.stop()


@pytest.fixture(scope='session')
def accounts(keystone):
    people = ks_identity.Identity(keystone)
    people.create_people()
    return people


@pytest.fixture(scope='session')
def keystone_cloud(keystone, accounts, tmp_path_factory, request):
    """The service in keystone mode, registered in Keystone's catalog.

    The service binds a free port first; the catalog entries are added
    once its URL is known, so nothing has to guess a port.
    """
    began = time.monotonic()
    workdir = tmp_path_factory.mktemp('manila-keystone')
    sections = ks_cloud.server_sections(str(workdir), keystone,
                                        accounts.accounts)
    server = api_server.ServerProcess(workdir, sections)
    try:
        server.sync_db()
        server.start()
        accounts.register_service(server.url)
        summary.add_line(request.config, None, 'manila-locks-api (keystone) '
                         'fixture started in %.1fs' % (
                             time.monotonic() - began))
        yield ks_cloud.KeystoneCloud(server, keystone, accounts.accounts,
                                     workdir)
    finally:
        server.stop()
