"""Upstream OpenStack Manila, installed from PyPI and served for the
side-by-side benchmark (run.py --manila).

The package goes into a venv of its own, tools/bench/out/manila-venv,
reused while its marker file names the pinned release. Each run gets a
manila.conf and an api-paste.ini in a temporary directory, its own
PostgreSQL database (`manila-manage db sync`), and one gunicorn process
(one gthread worker, as manila_locks is served beside it), started on a
free loopback port and stopped by PID.

Who the caller is. Manila's `noauth` filter makes every caller an
administrator (RequestContext(is_admin=True), and the context then adds the
'admin' role), whatever the token says; manila_locks' noauth makes
`alice:p1` a member of p1. To compare like with like, the API runs the
`keystone` pipeline with the token validation (keystonemiddleware's
authtoken filter) left out: ManilaKeystoneContext builds the context from
the X-User-Id / X-Project-Id / X-Roles headers that authtoken would have
set, which the client sends itself (auth_headers). `--manila-auth noauth`
serves Manila's own noauth pipeline instead (everybody admin).
"""
import contextlib
import os
import re
import subprocess
import sys
import uuid
import venv

import servers

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, 'out', 'manila-venv')
# The newest release on PyPI when this was written: API microversions up to
# 2.99 (resource locks 2.81, access rule locks 2.82), Python 3.10-3.13.
RELEASE = 'manila==23.0.1'
PACKAGES = (RELEASE, 'gunicorn', 'psycopg2-binary')
MARKER = os.path.join(VENV, 'bench-installed')
AUTH_MODES = ('headers', 'noauth')
ROLES = 'member,reader'


class Unavailable(Exception):
    """Manila cannot be installed or started here; the message says why."""


def _bin(name):
    return os.path.join(VENV, 'bin', name)


def ensure_installed():
    """Install the pinned release into VENV unless it is there; return the
    seconds the install took (0.0 when reused)."""
    if _installed() == RELEASE:
        return 0.0
    import time
    started = time.time()
    venv.create(VENV, clear=True, with_pip=True)
    command = [_bin('python'), '-m', 'pip', 'install', '-q',
               '--disable-pip-version-check', *PACKAGES]
    print('installing %s into %s ...' % (' '.join(PACKAGES), VENV),
          flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stdout.splitlines()
                 if 'WARNING: Location' not in line]
        raise Unavailable(
            'could not install %s from PyPI (pip exited %d); is PyPI '
            'reachable? pip said:\n  %s' % (
                RELEASE, done.returncode, '\n  '.join(lines[-8:])))
    with open(MARKER, 'w') as f:
        f.write(RELEASE + '\n')
    return time.time() - started


def _installed():
    try:
        with open(MARKER) as f:
            return f.read().strip()
    except OSError:
        return None


def ident(name):
    """Manila's id for a manila_locks user or project name: Manila's
    responses are validated against schemas that want user and project
    ids shaped like keystone's (32 hex digits), not 'alice' or 'p1'."""
    return uuid.uuid5(uuid.NAMESPACE_URL, 'bench:' + name).hex


def auth_headers(mode):
    """The headers that make a manila_locks noauth token (`user:project`)
    the same caller for Manila."""
    def headers(token):
        user_id, project_id = (ident(name) for name in token.split(':')[:2])
        if mode == 'noauth':
            return {'X-Auth-Token': '%s:%s' % (user_id, project_id)}
        return {'X-User-Id': user_id, 'X-Project-Id': project_id,
                'X-Roles': ROLES, 'X-Auth-Token': 'bench'}
    return headers


def write_config(directory, db_url, mode):
    """manila.conf and api-paste.ini in `directory`; the conf's path."""
    paste = os.path.join(directory, 'api-paste.ini')
    with open(os.path.join(VENV, 'etc', 'manila', 'api-paste.ini')) as f:
        text = f.read()
    # The keystone pipelines without authtoken: see the module docstring.
    text, count = re.subn(r'^(keystone(?:_nolimit)? = .*?) authtoken ',
                          r'\1 ', text, flags=re.M)
    if count != 2:
        raise Unavailable('unexpected api-paste.ini in %s: no keystone '
                          'pipelines with authtoken' % RELEASE)
    with open(paste, 'w') as f:
        f.write(text)
    path = os.path.join(directory, 'manila.conf')
    with open(path, 'w') as f:
        f.write('[DEFAULT]\n'
                'auth_strategy = %s\n'
                'api_paste_config = %s\n'
                'state_path = %s\n'
                # The measured calls cast no RPC; the API still builds a
                # transport at start-up.
                'transport_url = fake:/\n'
                'debug = false\n'
                '[database]\nconnection = %s\nmax_pool_size = 8\n'
                '[oslo_concurrency]\nlock_path = %s\n'
                % ('keystone' if mode == 'headers' else 'noauth', paste,
                   directory, db_url, directory))
    return path


def db_sync(config):
    done = subprocess.run([_bin('manila-manage'), '--config-file', config,
                           'db', 'sync'], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise Unavailable('manila-manage db sync failed:\n' +
                          done.stdout[-2000:])


@contextlib.contextmanager
def serving(config, mode, log_path):
    """servers.serving for Manila: gunicorn from Manila's venv, one gthread
    worker, the app from manila_wsgi.py (Manila's own entry point reads
    its options from sys.argv, which under gunicorn are gunicorn's).
    Yields a ServerUrl whose auth_headers load.py sends."""
    command = [_bin('gunicorn'), '--chdir', HERE, '--workers', '1',
               '--worker-class', 'gthread', '--threads', '2',
               '--bind', '127.0.0.1:0', '--log-level', 'info',
               'manila_wsgi:application']
    env = dict(os.environ, MANILA_BENCH_CONFIG=config, PYTHONUNBUFFERED='1')
    # Not this benchmark's venv: Manila's own packages only.
    env.pop('PYTHONPATH', None)
    with servers.serve_command(command, env, 1, log_path) as url:
        url.auth_headers = auth_headers(mode)
        # One worker: manila_wsgi.py's clock is all of Manila's CPU.
        url.cpu_clock = True
        yield url


def check():
    """Exit with a message, not a traceback, when Manila is unusable."""
    try:
        return ensure_installed()
    except Unavailable as e:
        sys.exit('--manila: %s' % e)
