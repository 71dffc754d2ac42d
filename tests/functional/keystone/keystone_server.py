"""A real Keystone for the functional tests: SQLite, fernet, loopback.

Keystone runs from the test virtualenv (``keystone`` is in
test-requirements.txt): ``keystone-manage`` prepares a temporary directory,
serve_wsgi.py serves the public WSGI app on a free port, and
``bootstrap`` creates the admin user and the identity endpoint once the
port is known. Nothing is written outside the temporary directory.
"""
import getpass
import grp
import os
import queue
import secrets
import subprocess
import sys
import threading
import time

SERVE_SCRIPT = os.path.join(os.path.dirname(__file__), 'serve_wsgi.py')
# Generous: under pytest-xdist, Keystone starts while the other workers
# start their servers too; these bound a hang, not a slow machine.
START_TIMEOUT = 180
STOP_TIMEOUT = 10
REGION = 'RegionOne'

KEYSTONE_CONF = """\
[DEFAULT]
[database]
connection = sqlite:///{dir}/keystone.sqlite
[identity]
# bcrypt's minimum cost: every token request checks a password, and the
# default cost would make each CLI call in the tests wait on it.
password_hash_rounds = 4
[token]
provider = fernet
[fernet_tokens]
key_repository = {dir}/fernet-keys
[fernet_receipts]
key_repository = {dir}/fernet-keys
[credential]
key_repository = {dir}/credential-keys
"""


class KeystoneUnavailable(Exception):
    """Keystone could not be installed, prepared or started."""


def _manage_command():
    """keystone-manage from the interpreter running the tests."""
    script = os.path.join(os.path.dirname(sys.executable), 'keystone-manage')
    if not os.path.exists(script):
        raise KeystoneUnavailable(
            'keystone-manage not found next to %s; install the test '
            'requirements (pip install -r test-requirements.txt)'
            % sys.executable)
    return [script]


def bootstrap_arguments(password, auth_url):
    """keystone-manage's bootstrap arguments. The password goes in one
    '--option=value' argument: a random one (secrets.token_urlsafe) begins
    with '-' one time in 64, and argparse took it for an option when it
    was an argument of its own (bootstrap then failed, and with it the
    whole keystone tier of that run)."""
    return ('bootstrap', '--bootstrap-password=' + password,
            '--bootstrap-region-id', REGION,
            '--bootstrap-public-url', auth_url,
            '--bootstrap-internal-url', auth_url,
            '--bootstrap-admin-url', auth_url)


class KeystoneServer:
    """One Keystone process; start() returns once it serves tokens."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.config_file = os.path.join(workdir, 'keystone.conf')
        self.admin_password = secrets.token_urlsafe(12)
        self.process = None
        self.url = None
        self.startup_seconds = None

    @property
    def auth_url(self):
        return self.url + '/v3'

    def start(self):
        """Prepare, serve, bootstrap; on any failure nothing is left
        running."""
        began = time.monotonic()
        try:
            self._write_config()
            self._prepare_database_and_keys()
            self._serve()
            # The endpoint URL needs the port, so bootstrap comes last.
            self._manage(*bootstrap_arguments(self.admin_password,
                                              self.auth_url))
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began

    def stop(self):
        end(self.process)

    def log(self):
        with open(self._log_path('keystone')) as log:
            return log.read()[-5000:]

    def _serve(self):
        self.process, self.url = serve_wsgi(
            'keystone', [self.config_file], self._log_path('keystone'),
            self.workdir)
        if self.url is None:
            raise KeystoneUnavailable(
                'keystone did not start within %ss (exit %s):\n%s'
                % (START_TIMEOUT, self.process.returncode, self.log()))

    def _write_config(self):
        os.makedirs(self.workdir, exist_ok=True)
        with open(self.config_file, 'w') as f:
            f.write(KEYSTONE_CONF.format(dir=self.workdir))

    def _prepare_database_and_keys(self):
        # Independent steps, about two seconds of imports each: in parallel.
        owner = ['--keystone-user', getpass.getuser(),
                 '--keystone-group', grp.getgrgid(os.getgid()).gr_name]
        steps = [('db_sync',), ('fernet_setup', *owner),
                 ('credential_setup', *owner)]
        running = [(step[0], *self._spawn_manage(*step)) for step in steps]
        try:
            for name, proc, log in running:
                _wait_for_manage(name, proc, log)
        finally:
            for _, proc, _ in running:
                end(proc)

    def _manage(self, *args):
        proc, log = self._spawn_manage(*args)
        try:
            _wait_for_manage(args[0], proc, log)
        finally:
            end(proc)

    def _spawn_manage(self, *args):
        log = self._log_path('keystone-manage-' + args[0])
        with open(log, 'w') as out:
            proc = subprocess.Popen(
                _manage_command() + ['--config-file', self.config_file,
                                     *args],
                stdout=out, stderr=subprocess.STDOUT, cwd=self.workdir)
        return proc, log

    def _log_path(self, name):
        return os.path.join(self.workdir, name + '.log')


def _wait_for_manage(name, proc, log):
    try:
        returncode = proc.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise KeystoneUnavailable('keystone-manage %s took over %ss; see %s'
                                  % (name, START_TIMEOUT, log))
    if returncode != 0:
        raise KeystoneUnavailable('keystone-manage %s failed (exit %s); '
                                  'see %s' % (name, returncode, log))


def end(proc):
    """Terminate by PID; kill if it does not go within STOP_TIMEOUT."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(STOP_TIMEOUT)


def serve_wsgi(app, args, log_path, cwd, env=None):
    """Run serve_wsgi.py `app` `args`: (process, url) once it listens;
    url is None, and the process ended, if it did not within
    START_TIMEOUT. stderr goes to log_path."""
    with open(log_path, 'w') as log:
        process = subprocess.Popen(
            [sys.executable, SERVE_SCRIPT, app, *args],
            stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
            text=True, cwd=cwd, env=env, start_new_session=True)
    lines = queue.Queue()
    threading.Thread(target=_forward_lines, args=(process.stdout, lines),
                     daemon=True).start()
    try:
        line = lines.get(timeout=START_TIMEOUT)
    except queue.Empty:
        line = None
    banner = '%s listening on ' % app
    if not line or not line.startswith(banner):
        end(process)
        return process, None
    return process, line[len(banner):].strip()


def _forward_lines(stream, lines):
    """Hand each stdout line to the waiting fixture; '' means it exited."""
    for line in stream:
        lines.put(line)
    lines.put('')
