"""The service as operators run it in production: gunicorn, several worker
processes, one database.

The listening socket is bound here (port 0) and handed to gunicorn as an
inherited file descriptor, so the port is known before gunicorn starts and
no port is ever guessed or raced for.
"""
import os
import socket
import subprocess
import time

import requests

from tests.functional import server as server_process

# Under pytest-xdist other workers start servers at the same time: this
# bounds a hang, not a slow start.
START_TIMEOUT = 120


class GunicornService(server_process.ServerProcess):
    """`gunicorn -w WORKERS --threads THREADS manila_locks.host.wsgi`.

    Configuration, `db sync` and stop-by-PID come from ServerProcess.
    """

    def __init__(self, workdir, sections, workers=3, threads=4):
        super().__init__(workdir, sections)
        self.workers = workers
        self.threads = threads

    def start(self):
        gunicorn = server_process.console_script('gunicorn')
        if gunicorn is None:
            raise RuntimeError('gunicorn is not installed (test-requirements)')
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(('127.0.0.1', 0))
        listener.listen(128)
        port = listener.getsockname()[1]
        env = dict(os.environ, MANILA_LOCKS_CONFIG=self.config_file)
        try:
            with open(self.stdout_path, 'w') as out, \
                    open(self.log_path, 'w') as log:
                self.process = subprocess.Popen(
                    [gunicorn, '--workers', str(self.workers),
                     '--threads', str(self.threads),
                     '--bind', 'fd://%d' % listener.fileno(),
                     '--timeout', '60', '--graceful-timeout', '5',
                     # Import the app once, then fork: start-up costs one
                     # import, not one per worker. The master opens no
                     # database connection (the engine starts on first use).
                     '--preload',
                     # Not the per-user default path: runs beside this one
                     # (other test sessions) would share that socket.
                     '--no-control-socket',
                     'manila_locks.host.wsgi:application'],
                    stdout=out, stderr=log, stdin=subprocess.DEVNULL,
                    pass_fds=(listener.fileno(),), env=env,
                    start_new_session=True)
        finally:
            listener.close()   # gunicorn holds its own copy
        self.url = 'http://127.0.0.1:%d/v2' % port
        self._wait_until_answering()
        return self

    def _wait_until_answering(self):
        # The socket already listens, so a connection waits in the backlog
        # until a worker has imported the app; one request proves it.
        try:
            requests.get(self.root_url + '/', timeout=START_TIMEOUT)
        except requests.RequestException:
            self.stop()
            raise RuntimeError('gunicorn did not answer within %ss:\n%s'
                               % (START_TIMEOUT, self.log()))
        if self.process.poll() is not None:
            raise RuntimeError('gunicorn exited:\n%s' % self.log())


def wait_for(predicate, timeout, what):
    """Poll `predicate` until true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %ss waiting for %s'
                                 % (timeout, what))
        time.sleep(0.05)
