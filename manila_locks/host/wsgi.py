"""Module-level WSGI application for uwsgi or gunicorn:

    gunicorn -w 4 'manila_locks.host.wsgi:application'

Configuration file from $MANILA_LOCKS_CONFIG.
"""
import logging

from manila_locks.host import deploy

# WSGI servers leave Python logging unconfigured, which drops every INFO
# line, the lock audit trail (core/audit.py) among them. Log to stderr as
# manila-locks-api does; a no-op if the server configured logging already.
logging.basicConfig(level=logging.INFO,
                    format='%(asctime)s %(levelname)s %(name)s %(message)s')

application = deploy.init_application()
