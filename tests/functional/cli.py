"""Run the real `openstack` command line, as a person would type it."""
import json
import os
import shlex
import subprocess
import sys

import pytest

TIMEOUT = 60
# Each `openstack` run costs 1-3 s of client start-up, and the client's
# behaviour does not depend on the database, so the CLI stories run on these
# backends only; the SDK stories drive the same server paths on every
# backend. MANILA_LOCKS_TEST_CLI_BACKENDS=sqlite,postgresql,mysql runs them
# on all three.
CLI_BACKENDS = os.environ.get('MANILA_LOCKS_TEST_CLI_BACKENDS',
                              'sqlite').split(',')


def on_cli_backends():
    """A module mark: run these tests on CLI_BACKENDS only."""
    return pytest.mark.parametrize('db_server', CLI_BACKENDS, indirect=True,
                                   scope='session')


class CLIError(AssertionError):
    pass


class Result:
    def __init__(self, argv, completed):
        self.argv = argv
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    @property
    def output(self):
        """What a person sees on the terminal."""
        return self.stdout + self.stderr

    def json(self):
        return json.loads(self.stdout)

    def table(self):
        """The rows of cliff's default table output, as {header: cell}."""
        lines = [line for line in self.stdout.splitlines()
                 if line.startswith('|')]
        if not lines:
            return []
        cells = [[cell.strip() for cell in line.strip('|').split('|')]
                 for line in lines]
        return [dict(zip(cells[0], row)) for row in cells[1:]]

    def fields(self):
        """A `show` command's Field/Value table as {field: value}."""
        return {row['Field']: row['Value'] for row in self.table()}

    def __str__(self):
        return '$ %s\nrc=%s\n--- stdout\n%s--- stderr\n%s' % (
            shlex.join(self.argv), self.rc, self.stdout, self.stderr)


def clean_environment(config_file):
    """The caller's environment without OS_* (and manilaclient's bypass)
    variables, so a developer's own cloud settings cannot leak into the
    tests; clouds.yaml is ours, and loopback never goes through a proxy."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(('OS_', 'MANILACLIENT_'))}
    env['OS_CLIENT_CONFIG_FILE'] = config_file
    env['no_proxy'] = env['NO_PROXY'] = '127.0.0.1,localhost'
    return env


class OpenStackCLI:
    """`openstack <auth_args> ...` for one identity.

    auth_args is the part a person types to say who they are and where the
    service is; the cloud fixture decides it (noauth flags today, a
    clouds.yaml entry for keystone).
    """

    def __init__(self, auth_args, env):
        self.executable = os.path.join(os.path.dirname(sys.executable),
                                       'openstack')
        self.auth_args = list(auth_args)
        self.env = env

    def run(self, *args, rc=0):
        """Run one command; fail with the full transcript unless it exits
        with `rc` (None accepts any exit code)."""
        argv = [self.executable] + self.auth_args + [str(a) for a in args]
        completed = subprocess.run(argv, capture_output=True, text=True,
                                   env=self.env, timeout=TIMEOUT,
                                   stdin=subprocess.DEVNULL)
        result = Result(argv, completed)
        if rc is not None and result.rc != rc:
            raise CLIError('expected rc=%s\n%s' % (rc, result))
        return result

    def json(self, *args):
        """Run a command that must succeed, with `-f json`; parsed output."""
        result = self.run(*(list(args) + ['-f', 'json']))
        try:
            return result.json()
        except ValueError:
            raise CLIError('output is not JSON\n%s' % result)
