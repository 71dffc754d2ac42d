"""The gabbi stories' fixture: each YAML file gets the real WSGI app, built
by deploy.build_app as the service builds it, over a fresh, migrated SQLite
database and its own configuration.

The stories act as the noauth identities of tests/api/conftest.py: the
token `user:project[:roles]` in X-Auth-Token, plus `X-Service-Roles:
service` for a request that carries a service token.
"""
import shutil
import tempfile

from gabbi import fixture
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import engines

from manila_locks import conf as ml_conf
from manila_locks.db import api as db_api
from manila_locks.host import deploy
from manila_locks.host import migration
from manila_locks import policy

# The app of the running file's fixture.
_APP = {'app': None}


def _current_app(environ, start_response):
    return _APP['app'](environ, start_response)


def setup_app():
    # gabbi asks for the app when it builds the tests, before any fixture
    # has started; it gets one that calls the running file's app.
    return _current_app


class APIFixture(fixture.GabbiFixture):
    """A fresh database, configuration and app for one YAML file."""

    def start_fixture(self):
        self.state_path = tempfile.mkdtemp(prefix='manila_locks_gabbi_')
        url = 'sqlite:///%s/manila_locks.sqlite' % self.state_path
        migration.upgrade(url)
        self.engine = engines.create_engine(url, sqlite_synchronous=False,
                                            max_retries=0)
        db_api.tune_engine(self.engine)
        # patch_engine() needs a started factory; an unused in-memory
        # SQLite starts it (tests/conftest.py does the same).
        try:
            db_api.context_manager.configure(connection='sqlite://')
        except enginefacade.AlreadyStartedError:
            pass
        self.reset_engine = db_api.context_manager.patch_engine(self.engine)
        conf = ml_conf.build([])
        conf.set_override('state_path', self.state_path)
        policy.init(conf)
        _APP['app'] = deploy.build_app(conf)

    def stop_fixture(self):
        _APP['app'] = None
        self.reset_engine()
        self.engine.dispose()
        shutil.rmtree(self.state_path, ignore_errors=True)
