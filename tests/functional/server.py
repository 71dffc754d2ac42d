"""Run `manila-locks-api` as a real process, the way an operator would.

The server binds port 0 and prints the URL it got, so no port is ever fixed
or raced for. It is stopped by its own PID and leaves nothing behind.
"""
import configparser
import contextlib
import importlib.util
import os
import subprocess
import sys
import time

LISTENING = 'manila-locks-api listening on '
# Under pytest-xdist other workers start servers at the same time: this
# bounds a hang, not a slow start.
START_TIMEOUT = 120
STOP_TIMEOUT = 10


def console_script(name):
    """A console script of the environment that runs the tests (CI uses
    `.venv/bin/python -m pytest`, so the script sits beside the python)."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.access(path, os.X_OK) else None


def write_config(path, sections):
    """sections: {'DEFAULT': {...}, 'database': {...}, ...}."""
    parser = configparser.ConfigParser(interpolation=None)
    for section, options in sections.items():
        if section != 'DEFAULT':
            parser.add_section(section)
        for key, value in options.items():
            parser.set(section, key, str(value))
    with open(path, 'w') as handle:
        parser.write(handle)
    return path


class ServerProcess:
    """One manila-locks-api process.

    `sections` is the oslo.config content; auth mode and any
    [keystone_authtoken] settings go there, so a keystone-backed server is
    the same class with different sections. With `sections` None the
    server runs on its defaults, with no configuration file, and `env`
    (e.g. a HOME of the test's own) replaces the process environment.
    """

    def __init__(self, workdir, sections, env=None):
        self.workdir = str(workdir)
        self.sections = sections
        self.env = env
        self.config_file = None if sections is None else write_config(
            os.path.join(self.workdir, 'manila-locks.conf'), sections)
        self.stdout_path = os.path.join(self.workdir, 'api.stdout')
        self.log_path = os.path.join(self.workdir, 'api.log')
        self.process = None
        self.url = None

    @property
    def root_url(self):
        """The unversioned root, e.g. http://127.0.0.1:PORT."""
        return self.url.rsplit('/v2', 1)[0]

    def sync_db(self):
        """Run the migrations with the operator's command, if it exists."""
        manage = console_script('manila-locks-manage')
        if manage is None or importlib.util.find_spec(
                'manila_locks.cmd.manage') is None:
            return
        result = subprocess.run(
            [manage, '--config-file', self.config_file, 'db', 'sync'],
            capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError('manila-locks-manage db sync failed (rc %d):\n'
                               '%s%s' % (result.returncode, result.stdout,
                                         result.stderr))

    def start(self):
        api = console_script('manila-locks-api')
        if api is None:
            raise RuntimeError('manila-locks-api is not installed next to %s'
                               % sys.executable)
        with open(self.stdout_path, 'w') as out, \
                open(self.log_path, 'w') as log:
            config = ([] if self.config_file is None else
                      ['--config-file', self.config_file])
            self.process = subprocess.Popen(
                [api, *config, '--host', '127.0.0.1', '--port', '0'],
                stdout=out, stderr=log, stdin=subprocess.DEVNULL,
                env=self.env, start_new_session=True)
        self.url = self._wait_for_url()
        return self

    def _wait_for_url(self):
        """Wait for the 'listening on' line: the socket is bound by then."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with open(self.stdout_path) as out:
                for line in out:
                    if line.startswith(LISTENING):
                        return line[len(LISTENING):].strip()
            if self.process.poll() is not None:
                raise RuntimeError('manila-locks-api exited with %s:\n%s' % (
                    self.process.returncode, self.log()))
            time.sleep(0.05)
        self.stop()
        raise RuntimeError('manila-locks-api did not start within %ss:\n%s'
                           % (START_TIMEOUT, self.log()))

    def log(self):
        with open(self.log_path) as log:
            return log.read()[-5000:]

    def stop(self):
        """Terminate by PID; kill if it does not go within STOP_TIMEOUT."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT)


@contextlib.contextmanager
def running(workdir, sections):
    """A ServerProcess with its database synced, started, and stopped by
    its PID when the block ends."""
    process = ServerProcess(workdir, sections)
    process.sync_db()
    process.start()
    try:
        yield process
    finally:
        process.stop()


def noauth_sections(state_path, db_url):
    return {'DEFAULT': {'state_path': state_path, 'auth_strategy': 'noauth'},
            'database': {'connection': db_url}}
