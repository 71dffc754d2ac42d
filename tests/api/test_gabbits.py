"""The API stories in tests/api/gabbits/*.yaml, one pytest test per request.

Each file runs against its own app and database (gabbi_fixtures.APIFixture).
A request runs the file's earlier requests first when they have not run, so
`-k` may pick any one of them. File names use hyphens: gabbi's pytest plugin
takes the text before the first underscore of a test name as its file.
"""
import os

from gabbi import driver
# pytest collects this function; pytest_generate_tests gives it one
# parameter per request of every YAML file.
from gabbi.driver import test_pytest  # noqa: F401

from tests.api import gabbi_fixtures

TESTS_DIR = os.path.join(os.path.dirname(__file__), 'gabbits')


def pytest_generate_tests(metafunc):
    driver.py_test_generator(
        TESTS_DIR, intercept=gabbi_fixtures.setup_app,
        fixture_module=gabbi_fixtures, metafunc=metafunc,
        test_loader_name=__name__)
