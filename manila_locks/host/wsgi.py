"""Module-level WSGI application for uwsgi or gunicorn:

    gunicorn -w 4 'manila_locks.host.wsgi:application'

Configuration file from $MANILA_LOCKS_CONFIG.
"""
from manila_locks.host import deploy

application = deploy.init_application()
