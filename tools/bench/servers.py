"""Start and stop the servers under test as subprocesses.

Two server kinds: ``1w`` is serve.py's threaded single process (the server
manila-locks-api runs); ``4w`` is gunicorn with 4 gthread workers. The same
kind serves manila_locks and the floor.
"""
import contextlib
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
WORKERS = 4
KINDS = ('1w', '%dw' % WORKERS)
_LISTENING = re.compile(r'(?:listening on|Listening at:) (http://[\d.]+:\d+)')
READY_TIMEOUT = 120
PID_HEADER = 'X-Bench-Pid'


class ServerUrl(str):
    """The base URL (ending in /v2), and the server's process id;
    cpu_clock: whether the server is one process answering
    cpu.CLOCK_PATH (serve.py's 1w, gunicorn's 1g)."""
    pid = None
    cpu_clock = False


def write_config(directory, db_url, database_options=()):
    """`database_options`: more [database] lines, e.g.
    'mysql_wsrep_sync_wait = 1'."""
    path = os.path.join(directory, 'manila_locks.conf')
    with open(path, 'w') as f:
        f.write('[DEFAULT]\nauth_strategy = noauth\nstate_path = %s\n'
                '[database]\nconnection = %s\nmax_pool_size = 8\n'
                % (directory, db_url))
        f.writelines(line + '\n' for line in database_options)
    return path


def _command(kind, app, config):
    if kind == '1w':
        return [sys.executable, os.path.join(HERE, 'serve.py'),
                '--app', app, '--config-file', config]
    # '<n>w': gunicorn with n workers.
    gunicorn = os.path.join(os.path.dirname(sys.executable), 'gunicorn')
    return [gunicorn, '--chdir', HERE, '--workers', kind[:-1],
            '--worker-class', 'gthread', '--threads', '2',
            '--bind', '127.0.0.1:0', '--log-level', 'info',
            'serve:from_environment()']


@contextlib.contextmanager
def serving(kind, app, config, log_path):
    """Yield the server's base URL (a ServerUrl ending in /v2) once every
    worker answers; what the server prints goes to `log_path`."""
    env = dict(os.environ, BENCH_APP=app, MANILA_LOCKS_CONFIG=config,
               MANILA_LOCKS_COUNT_SQL='1', PYTHONUNBUFFERED='1')
    with serve_command(_command(kind, app, config), env,
                       1 if kind == '1w' else int(kind[:-1]),
                       log_path) as url:
        # Several gunicorn workers are processes of their own: any one of
        # them would answer the clock; theirs is read from /proc. One
        # worker answers every request, the clock's too.
        url.cpu_clock = kind in ('1w', '1g')
        yield url


@contextlib.contextmanager
def serve_command(command, env, workers, log_path):
    """serving() for any server command that prints gunicorn's "Listening
    at:" (upstream Manila's, manila_upstream.py)."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        url = _wait_listening(process)
        # Keep reading so a chatty server never blocks on a full pipe.
        threading.Thread(target=_copy, args=(process.stdout, log_path),
                         daemon=True).start()
        _wait_ready(url, workers)
        served = ServerUrl(url + '/v2')
        served.pid = process.pid
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(url, workers):
    """Until `workers` distinct processes have answered a request.

    gunicorn prints "Listening at:" before its workers have loaded the
    app; a run started then measured workers booting. Any HTTP answer
    (a 404 from the floor, the version document from manila_locks) means
    the app is loaded in the process that gave it (X-Bench-Pid says which).
    """
    parsed = urllib.parse.urlsplit(url)
    seen = set()
    deadline = time.monotonic() + READY_TIMEOUT
    while len(seen) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError('%s: %d of %d workers answered in %d s' % (
                url, len(seen), workers, READY_TIMEOUT))
        answered = []
        threads = [threading.Thread(target=_probe, args=(parsed, answered))
                   for _ in range(2 * workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seen.update(answered)
        if len(seen) < workers:
            time.sleep(0.2)


def _probe(parsed, answered):
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port,
                                      timeout=10)
    try:
        conn.request('GET', '/v2/', headers={'Connection': 'close'})
        response = conn.getresponse()
        response.read()
        answered.append(response.getheader(PID_HEADER) or 'single')
    except OSError:
        pass
    finally:
        conn.close()


def _wait_listening(process):
    seen = []
    for line in process.stdout:
        seen.append(line)
        match = _LISTENING.search(line)
        if match:
            return match.group(1)
    raise RuntimeError('server exited before listening:\n' + ''.join(seen))


def _copy(lines, path):
    with open(path, 'a') as log:
        for line in lines:
            log.write(line)
            log.flush()
