"""Horizon with manila-ui, served on a free loopback port for the browser
tests, and stopped by PID.

Horizon and manila-ui come from the test virtualenv (test-requirements.txt
pins them; they share it with Keystone). Nothing is written into
site-packages: the settings are generated in the test's directory, and
Horizon's styles and scripts, compressed ahead once (`compress`, with
COMPRESS_OFFLINE; SCSS takes seconds), are kept in a cache directory named
after the installed versions, which later runs reuse.

By hand, against any Keystone whose catalog lists the share service:

    python -m tests.functional.keystone.dashboard.horizon_server \
        http://127.0.0.1:5000/v3
"""
import importlib.metadata
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from tests.functional.keystone import keystone_server

COMPRESS_TIMEOUT = 300
# Horizon reads `local.local_settings` from the first `local` package on
# sys.path; the settings directory goes first on PYTHONPATH.
LOCAL_SETTINGS = '''\
import os

import manila_ui
import manila_ui.local.enabled
from openstack_dashboard import defaults
import openstack_dashboard.local.enabled

# manila-ui's install guide copies its enabled/_*.py files into
# openstack_dashboard/local/enabled; adding its directory to that
# package's path registers the same panels without writing there.
openstack_dashboard.local.enabled.__path__.append(
    manila_ui.local.enabled.__path__[0])
# ... and its local_settings.d snippet names its policy files relative to
# Horizon's conf directory; absolute paths say the same.
_MANILA_CONF = os.path.join(os.path.dirname(manila_ui.__file__), 'conf')
POLICY_FILES = dict(defaults.POLICY_FILES,
                    share=os.path.join(_MANILA_CONF, 'manila_policy.yaml'))
DEFAULT_POLICY_FILES = dict(
    defaults.DEFAULT_POLICY_FILES,
    share=os.path.join(_MANILA_CONF, 'default_policies', 'manila.yaml'))

DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SECRET_KEY = {secret_key!r}
OPENSTACK_KEYSTONE_URL = {keystone_url!r}
# manila-ui pins its own microversion (2.87) and reads no version here.
OPENSTACK_API_VERSIONS = {{'identity': 3}}

# One process: sessions in its memory.
SESSION_ENGINE = 'django.contrib.sessions.backends.cache'
CACHES = {{'default': {{
    'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}}}
# Styles and scripts compressed ahead, once per cache (HorizonServer).
COMPRESS_OFFLINE = True
STATIC_ROOT = {static_root!r}

LOGGING = {{
    'version': 1,
    'disable_existing_loggers': False,
    'formatters': {{'plain': {{
        'format': '%(asctime)s %(levelname)s %(name)s %(message)s'}}}},
    'handlers': {{'stderr': {{'class': 'logging.StreamHandler',
                             'formatter': 'plain'}}}},
    'loggers': {{name: {{'handlers': ['stderr'], 'level': 'INFO',
                        'propagate': False}}
                for name in ('django.request', 'horizon', 'manila_ui',
                             'openstack_auth', 'openstack_dashboard')}},
}}
'''


class HorizonUnavailable(Exception):
    """Horizon or manila-ui is missing, or Horizon did not start."""


def installed_versions():
    """{'horizon': '27.0.0', 'manila-ui': '16.0.0'}, or raise."""
    try:
        return {name: importlib.metadata.version(name)
                for name in ('horizon', 'manila-ui')}
    except importlib.metadata.PackageNotFoundError as exc:
        raise HorizonUnavailable(
            '%s is not installed; run pip install -r test-requirements.txt'
            % exc.name)


def cache_dir(versions):
    """Compiled static files, kept between runs, per Horizon version."""
    root = os.environ.get('XDG_CACHE_HOME') or os.path.expanduser(
        '~/.cache')
    return os.path.join(root, 'manila-locks-tests', '-'.join(
        '%s-%s' % item for item in sorted(versions.items())))


class HorizonServer:
    """One Horizon process; start() returns once it accepts requests."""

    def __init__(self, workdir, keystone_url):
        self.workdir = workdir
        self.keystone_url = keystone_url
        self.cache = cache_dir(installed_versions())
        self.static_root = os.path.join(self.cache, 'static')
        self.log_path = os.path.join(workdir, 'horizon.log')
        self.process = None
        self.url = None
        self.compress_seconds = None
        self.startup_seconds = None

    def start(self):
        began = time.monotonic()
        if not os.path.exists(os.path.join(self.static_root, 'dashboard',
                                           'manifest.json')):
            self._compress()
            self.compress_seconds = time.monotonic() - began
        settings = os.path.join(self.workdir, 'settings')
        self._write_settings(settings, self.static_root)
        self.process, self.url = keystone_server.serve_wsgi(
            'horizon', [], self.log_path, self.workdir,
            env=self._env(settings))
        if self.url is None:
            raise HorizonUnavailable(
                'horizon did not start within %ss (exit %s):\n%s'
                % (keystone_server.START_TIMEOUT, self.process.returncode,
                   self.log()))
        self.startup_seconds = time.monotonic() - began
        # The first request imports every dashboard and panel (seconds):
        # made now, it overlaps whatever the caller does next.
        threading.Thread(target=_get, args=(self.url + '/auth/login/',),
                         daemon=True).start()

    def stop(self):
        keystone_server.end(self.process)

    def log(self):
        with open(self.log_path) as log:
            return log.read()[-5000:]

    def _compress(self):
        """Compress into a new folder, then rename it into place: a run
        beside this one finds either the whole cache or none."""
        os.makedirs(self.cache, exist_ok=True)
        scratch = tempfile.mkdtemp(prefix='compress-', dir=self.cache)
        try:
            settings = os.path.join(scratch, 'settings')
            self._write_settings(settings, os.path.join(scratch, 'static'))
            done = subprocess.run(
                [sys.executable, '-m', 'django', 'compress'],
                env=self._env(settings), cwd=scratch, capture_output=True,
                text=True, timeout=COMPRESS_TIMEOUT)
            if done.returncode != 0:
                raise HorizonUnavailable('compress failed (exit %s):\n%s'
                                         % (done.returncode,
                                            done.stderr[-5000:]))
            try:
                os.rename(os.path.join(scratch, 'static'), self.static_root)
            except OSError:
                pass   # a concurrent run renamed its copy first
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _write_settings(self, directory, static_root):
        local = os.path.join(directory, 'local')
        os.makedirs(local, exist_ok=True)
        open(os.path.join(local, '__init__.py'), 'w').close()
        with open(os.path.join(local, 'local_settings.py'), 'w') as f:
            f.write(LOCAL_SETTINGS.format(
                secret_key=secrets.token_urlsafe(32),
                keystone_url=self.keystone_url, static_root=static_root))

    @staticmethod
    def _env(settings):
        return dict(os.environ,
                    DJANGO_SETTINGS_MODULE='openstack_dashboard.settings',
                    PYTHONPATH=os.pathsep.join(filter(None, [
                        settings, os.environ.get('PYTHONPATH')])))


def _get(url):
    try:
        urllib.request.urlopen(url, timeout=keystone_server.START_TIMEOUT)
    except OSError:
        pass   # a real request will meet the same problem and report it


def main(keystone_url):
    server = HorizonServer(tempfile.mkdtemp(prefix='horizon-'), keystone_url)
    server.start()
    print('horizon on %s (log %s); Ctrl-C stops it'
          % (server.url, server.log_path), flush=True)
    # Horizon runs in its own session: stop it on SIGTERM as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == '__main__':
    main(*sys.argv[1:])
