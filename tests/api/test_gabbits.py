"""The API stories in tests/api/gabbits/*.yaml, one pytest test per request.

Each YAML file runs against its own app and database
(gabbi_fixtures.APIFixture), started before the file's first request that
runs and stopped after its last. A request runs the file's earlier requests
first when they have not run, so `-k` may pick any one of them.

gabbi's own pytest plugin (gabbi.pytester) is not used: it takes every test
whose id holds a colon for a gabbi test, and tests/api has such ids
(IPv6 addresses).
"""
import os
import unittest

from gabbi import driver
from gabbi import reporter
import pytest

from tests.api import gabbi_fixtures

TESTS_DIR = os.path.join(os.path.dirname(__file__), 'gabbits')

# The file whose fixtures are running in this process: {'suite': ...}.
_RUNNING = {'suite': None}


def _stories():
    """(file name, its gabbi suite, [its requests]) for every YAML file."""
    top = driver.build_tests(TESTS_DIR, unittest.TestLoader(),
                             intercept=gabbi_fixtures.setup_app,
                             fixture_module=gabbi_fixtures,
                             test_loader_name=__name__)
    return [(suite._tests[0].test_base_name, suite, list(suite))
            for suite in top]


def pytest_generate_tests(metafunc):
    if 'request_case' not in metafunc.fixturenames:
        return
    params = []
    for name, suite, cases in sorted(_stories(), key=lambda s: s[0]):
        for case in cases:
            # The id: the file name, then the request's name.
            params.append(pytest.param(
                (suite, case), id=type(case).__name__,
                marks=pytest.mark.story(name)))
    metafunc.parametrize('request_case', params)


@pytest.fixture
def story(request, request_case):
    """Start the request's file's fixtures if they are not running; stop
    them after the last request of the file this run selected (marked by
    tests/api/conftest.py)."""
    suite, case = request_case
    if _RUNNING['suite'] is not suite:
        _stop()
        suite.start(reporter.PyTestResult(), [])
        _RUNNING['suite'] = suite
    yield case
    if getattr(request.node, 'last_of_story', False):
        _stop()


def _stop():
    if _RUNNING['suite'] is not None:
        suite, _RUNNING['suite'] = _RUNNING['suite'], None
        suite.stop()


def test_request(story):
    story(reporter.PyTestResult())
