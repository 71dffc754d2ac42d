"""The keystone tier's bootstrap arguments, read by keystone-manage's own
parser: any password the fixture may draw reaches it whole."""
import argparse

from keystone.cmd import cli
import pytest

from tests.functional.keystone import keystone_server


def _parse(arguments):
    parser = argparse.ArgumentParser()
    cli.BootStrap.add_argument_parser(parser.add_subparsers())
    return parser.parse_args(list(arguments))


@pytest.mark.parametrize('password', ['-starts-with-a-dash', '--x', 'plain',
                                      '_under', '-'])
def test_the_password_reaches_keystone_manage_whole(password):
    parsed = _parse(keystone_server.bootstrap_arguments(
        password, 'http://127.0.0.1:5000/v3'))
    assert parsed.bootstrap_password == password
    assert parsed.bootstrap_public_url == 'http://127.0.0.1:5000/v3'
