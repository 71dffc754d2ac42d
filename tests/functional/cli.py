"""Run the real `openstack` command line, as a person would type it.

A command runs in one of two ways, with the same argv and environment:

in process      python-openstackclient's own entry point,
                openstackclient.shell.main(argv), with stdout, stderr,
                stdin, the environment, logging and warnings swapped in
                for the call and put back afterwards. Argument parsing,
                plugin loading, the HTTP calls and the output formatting
                are the real CLI's; what is saved is the 1.5-3 s of
                interpreter and import start-up each subprocess costs.
console script  the installed `openstack` script in a subprocess.

Commands run in process unless the call asks for the console script
(run(..., console_script=True): a few calls in each story do, so the
script's own path and exit codes stay tested), or
MANILA_LOCKS_TEST_CLI=subprocess runs every command as a subprocess.
"""
import contextlib
import dataclasses
import io
import json
import locale
import logging
import os
import shlex
import subprocess
import sys
import threading
import traceback
import warnings

import pytest

TIMEOUT = 60
ALL_SUBPROCESSES = os.environ.get('MANILA_LOCKS_TEST_CLI') == 'subprocess'
# The client's behaviour does not depend on the database, so the CLI stories
# run on these backends only (each command costs a few tenths of a second in
# process, 1-3 s as a subprocess); the SDK stories drive the same server
# paths on every backend.
# MANILA_LOCKS_TEST_CLI_BACKENDS=sqlite,postgresql,mysql runs them on all
# three.
CLI_BACKENDS = os.environ.get('MANILA_LOCKS_TEST_CLI_BACKENDS',
                              'sqlite').split(',')


def on_cli_backends():
    """A module mark: run these tests on CLI_BACKENDS only."""
    return pytest.mark.parametrize('db_server', CLI_BACKENDS, indirect=True,
                                   scope='session')


class CLIError(AssertionError):
    pass


@dataclasses.dataclass
class Completed:
    returncode: int
    stdout: str
    stderr: str


class Result:
    def __init__(self, argv, completed, how='console script'):
        self.argv = argv
        self.how = how
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
        return '$ %s   (%s)\nrc=%s\n--- stdout\n%s--- stderr\n%s' % (
            shlex.join(self.argv), self.how, self.rc, self.stdout,
            self.stderr)


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

    def run(self, *args, rc=0, console_script=False):
        """Run one command; fail with the full transcript unless it exits
        with `rc` (None accepts any exit code). console_script=True runs
        the installed script in a subprocess (see the module docstring)."""
        argv = [self.executable] + self.auth_args + [str(a) for a in args]
        if console_script or ALL_SUBPROCESSES:
            completed = subprocess.run(argv, capture_output=True, text=True,
                                       env=self.env, timeout=TIMEOUT,
                                       stdin=subprocess.DEVNULL)
            result = Result(argv, completed)
        else:
            result = Result(argv, run_in_process(argv[1:], self.env),
                            'in process')
        if rc is not None and result.rc != rc:
            raise CLIError('expected rc=%s\n%s' % (rc, result))
        return result

    def json(self, *args, console_script=False):
        """Run a command that must succeed, with `-f json`; parsed output."""
        result = self.run(*(list(args) + ['-f', 'json']),
                          console_script=console_script)
        try:
            return result.json()
        except ValueError:
            raise CLIError('output is not JSON\n%s' % result)


# One in-process command at a time: it swaps process-wide state.
_IN_PROCESS = threading.Lock()


def run_in_process(args, env):
    """`openstack <args>` through openstackclient.shell.main in this
    process, as the console script would run it with environment `env`,
    stdin at end of file and stdout/stderr captured."""
    # Imported here: the in-process API tiers never pay for the CLI.
    from openstackclient import shell

    stdout, stderr = io.StringIO(), io.StringIO()
    with _IN_PROCESS, _environment(env), _process_state_restored(), \
            contextlib.redirect_stdout(stdout), \
            contextlib.redirect_stderr(stderr), _stdin_at_eof():
        _forget_plugin_clients()
        try:
            returncode = shell.main(list(args))
        except SystemExit as exit_:   # argparse's usage errors, --help
            returncode = _exit_status(exit_.code, stderr)
        except Exception:
            # What the interpreter does with an uncaught exception.
            traceback.print_exc(file=stderr)
            returncode = 1
    return Completed(returncode, stdout.getvalue(), stderr.getvalue())


def _forget_plugin_clients():
    """openstackclient keeps each plugin's client (manilaclient's among
    them) in an osc-lib ClientCache set on osc-lib's ClientManager class,
    made on first use and kept for the life of the process: the next
    command, whoever it runs as, would reuse the first command's session
    and token. A process per command never notices; here every command
    starts without one."""
    from openstackclient.common import clientmanager
    from osc_lib import clientmanager as osc_clientmanager

    for cls in clientmanager.ClientManager.__mro__:
        for attribute in vars(cls).values():
            if isinstance(attribute, osc_clientmanager.ClientCache):
                attribute._handle = None


def _exit_status(code, stderr):
    """The exit status sys.exit(code) gives a process."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return 1


@contextlib.contextmanager
def _environment(env):
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _stdin_at_eof():
    saved, sys.stdin = sys.stdin, io.StringIO()
    try:
        yield
    finally:
        sys.stdin = saved


@contextlib.contextmanager
def _process_state_restored():
    """Put back what the CLI changes for the whole process: osc-lib adds
    a console handler to the root logger and sets logger levels (root at
    DEBUG), openstackclient and osc-lib add warning filters, cliff sets
    the locale."""
    root = logging.getLogger()
    handlers, root_level = list(root.handlers), root.level
    levels = {name: logger.level for name, logger
              in logging.Logger.manager.loggerDict.items()
              if isinstance(logger, logging.Logger)}
    saved_locale = locale.setlocale(locale.LC_ALL)
    try:
        with warnings.catch_warnings():
            yield
    finally:
        locale.setlocale(locale.LC_ALL, saved_locale)
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(root_level)
        for name, logger in list(logging.Logger.manager.loggerDict.items()):
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels.get(name, logging.NOTSET))
