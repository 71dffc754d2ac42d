"""The README's examples run as written, against the quick start's service
(manila-locks-api on its defaults: SQLite under ~/.local/share, noauth),
started here with a HOME of its own and a free port in place of 8786.

A block is the fenced code after a `<!-- readme-test: NAME -->` line. In
the CLI block every line runs in one bash session; a line whose comment
says "exit status 1" must exit 1, every other line 0.
"""
import os
import pathlib
import re
import subprocess
import sys

import pytest

from tests.functional import server as server_process

README = pathlib.Path(__file__).parents[2] / 'README.md'
DEFAULT_ENDPOINT = 'http://127.0.0.1:8786'
STATUS = '@@exit '


def readme_block(name, text=None):
    text = README.read_text() if text is None else text
    match = re.search(r'<!-- readme-test: %s -->\n```\w*\n(.*?)\n```' % name,
                      text, re.S)
    assert match, 'README has no block marked readme-test: %s' % name
    return match.group(1)


@pytest.fixture(scope='module')
def quick_start(tmp_path_factory):
    home = tmp_path_factory.mktemp('readme-home')
    env = dict(os.environ, HOME=str(home))
    env.pop('XDG_DATA_HOME', None)
    for key in [key for key in env if key.startswith('OS_')]:
        del env[key]
    server = server_process.ServerProcess(home, None, env=env)
    server.start()
    try:
        yield server, env
    finally:
        server.stop()


def _commands(block):
    """(line, expected exit status) for each line of the block."""
    for line in block.splitlines():
        if line.strip():
            yield line, 1 if 'exit status 1' in line else 0


def test_block_marker_finds_code():
    text = ('x\n<!-- readme-test: demo -->\n```sh\necho a\necho b\n```\n')
    assert readme_block('demo', text) == 'echo a\necho b'
    assert list(_commands('a\n\nb  # exit status 1')) == [
        ('a', 0), ('b  # exit status 1', 1)]


def test_cli_walk_through(quick_start):
    server, env = quick_start
    block = readme_block('cli').replace(DEFAULT_ENDPOINT, server.root_url)
    commands = list(_commands(block))
    # Each line, then its exit status on a line of its own.
    script = ''.join('%s\necho "%s$?"\n' % (line, STATUS)
                     for line, _ in commands)
    env = dict(env, PATH=os.path.dirname(sys.executable) + os.pathsep +
               env['PATH'])
    result = subprocess.run(['bash', '-c', script], env=env, text=True,
                            capture_output=True, timeout=600)
    statuses = [int(line[len(STATUS):]) for line in result.stdout.splitlines()
                if line.startswith(STATUS)]
    assert statuses == [expected for _, expected in commands], (
        result.stdout + result.stderr)
    assert result.stderr.count('prevent delete action. (HTTP 403)') == 2
    assert 'since it has been locked' in result.stderr
    # bob's list, then alice's: the grantee hidden from bob only.
    tables = [line for line in result.stdout.splitlines()
              if line.startswith('| ') and '| ip ' in line]
    assert [('******' in row, '10.0.0.5' in row) for row in tables] == [
        (True, False), (False, True)]


def test_nova_snippet(quick_start):
    server, _ = quick_start
    code = readme_block('nova').replace(DEFAULT_ENDPOINT, server.root_url)
    namespace = {}
    exec(compile(code, 'README.md (nova)', 'exec'), namespace)
    assert namespace['resp'].status_code == 202
    assert namespace['paths']
    assert namespace['rule'].access_to == '10.0.0.5'
