"""The CPU clock a server under test answers: GET PATH gives its
process's CPU time (every thread's, those that have exited included) in
nanoseconds, as text.

Wrapped around manila_locks and the floor (serve.py) and around upstream
Manila (manila_wsgi.py, in Manila's own venv): it imports nothing but the
standard library. cpu.Clock reads it before and after each run of a
server that is one process (serve.py's threaded server, or gunicorn with
one worker, whose requests all reach that worker).
"""
import time

PATH = '/bench-cpu'


class CpuClock:
    """GET PATH answers the clock; all else goes to `app`."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO') != PATH:
            return self.app(environ, start_response)
        body = str(time.process_time_ns()).encode()
        start_response('200 OK', [('Content-Type', 'text/plain'),
                                  ('Content-Length', str(len(body)))])
        return [body]
