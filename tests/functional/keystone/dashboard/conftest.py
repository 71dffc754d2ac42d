"""Fixtures: Horizon with manila-ui, and a browser for each person.

horizon    session: Horizon 27 + manila-ui 16 on a free loopback port,
           logging in through the keystone tier's Keystone, whose catalog
           lists the share service (`sharev2`, what manila-ui looks up).
browser    session: browser(name) is that person's headless Chromium,
           logged in to Horizon on first use: alice and bob (members of
           p1), eve (p2), admin.
shots      session: the folder screenshots go to, tests/artifacts/horizon
           (emptied first, ignored by git), printed at the end of the run.

Without Chromium, chromedriver, Horizon or manila-ui the tests are skipped
with the reason, except under CI (env CI set), where that is a failure.
"""
import os
import shutil

import pytest

from tests.functional.keystone.dashboard import browser as horizon_browser
from tests.functional.keystone.dashboard import horizon_server

SHOTS = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir,
                     os.pardir, 'artifacts', 'horizon')
_REPORT = pytest.StashKey[list]()


def _unavailable(reason):
    if os.environ.get('CI'):
        pytest.fail('horizon tier cannot run under CI: %s' % reason)
    pytest.skip('horizon tier skipped: %s' % reason)


@pytest.fixture(scope='session')
def horizon(keystone, tmp_path_factory, request):
    # Not keystone_cloud: Horizon warms up while the share service starts.
    problem = horizon_browser.missing_browser()
    if problem:
        _unavailable(problem)
    try:
        server = horizon_server.HorizonServer(
            str(tmp_path_factory.mktemp('horizon')), keystone.auth_url)
        server.start()
    except horizon_server.HorizonUnavailable as exc:
        _unavailable(str(exc))
    if server.compress_seconds:
        static = 'compressed static files into %s in %.1fs' % (
            server.cache, server.compress_seconds)
    else:
        static = 'static files from ' + server.cache
    request.config.stash.setdefault(_REPORT, []).append(
        'horizon started in %.1fs, %s (log %s)'
        % (server.startup_seconds, static, server.log_path))
    yield server
    server.stop()


@pytest.fixture(scope='session')
def shots(request):
    folder = os.path.abspath(SHOTS)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    request.config.stash.setdefault(_REPORT, []).append(
        'horizon screenshots in %s' % folder)
    return folder


@pytest.fixture(scope='session')
def browser(horizon, keystone_cloud, shots, tmp_path_factory):
    opened = {}

    def logged_in(name):
        if name not in opened:
            driver = horizon_browser.start_chromium(
                str(tmp_path_factory.mktemp('chromium-' + name)))
            opened[name] = horizon_browser.Browser(
                driver, horizon.url, keystone_cloud.server.log_path, shots,
                name)
            opened[name].login(keystone_cloud.accounts[name])
        return opened[name]

    yield logged_in
    for each in opened.values():
        each.driver.quit()


def pytest_terminal_summary(terminalreporter, config):
    for line in config.stash.get(_REPORT, []):
        terminalreporter.write_line(line)
