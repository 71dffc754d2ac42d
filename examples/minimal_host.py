"""manila_locks mounted into a host of your own: a minimal example.

The host here keeps "volumes" in a table of its own. It mounts the lock
API (``/v2/resource-locks``, microversion 2.81+) beside its own route, and
its delete path asks the lock core's precondition checker first, inside the
transaction that row-locks the volume. The lock core never imports the
host: it reaches the volume through the ``ResourceLookup`` below.

Run it (SQLite in memory, callers named by ``X-User-Id``/``X-Project-Id``)::

    python examples/minimal_host.py      # serves on 127.0.0.1:8790

tests/api/test_mounting_example.py drives this file through a lock, a
refused delete and a delete once the lock is gone.
"""
import sys
from wsgiref import simple_server

import sqlalchemy as sa
from sqlalchemy import orm
import webob.dec

from manila_locks.api.handlers import resource_lock
from manila_locks.api import middleware
from manila_locks.api import router
from manila_locks.api import wsgi
from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import checker
from manila_locks.core import exception
from manila_locks.core import lookup
from manila_locks.core import models
from manila_locks.core import service
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks import policy


class HostBase(orm.DeclarativeBase):
    """The host's own tables; the lock core's are in manila_locks.db.base."""


class Volume(HostBase):
    """The host's own resource."""
    __tablename__ = 'example_volumes'
    id = sa.Column(sa.String(36), primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    status = sa.Column(sa.String(32), nullable=False, default='available')


class VolumeLookup:
    """What the lock core asks of the host: the resource, row-locked."""

    def get_for_update(self, context, resource_type, resource_id):
        volume = _locked_volume(context, resource_id)
        if resource_type != v.SHARE or volume is None:
            raise exception.LockedResourceNotFound()
        return lookup.LockableResource(
            id=volume.id, type=v.SHARE, project_id=volume.project_id,
            state=volume.status, share_state=volume.status)


def _locked_volume(context, volume_id):
    found = context.session.execute(
        sa.select(Volume).where(Volume.id == volume_id)
        .with_for_update()).scalar_one_or_none()
    if found is None or (not context.is_admin and
                         found.project_id != context.project_id):
        return None
    return found


@db_api.writer
def delete_volume(context, volume_id):
    """The host's delete path: row-lock, ask the checker, then delete, all
    in one transaction, so a lock placed concurrently is either seen here
    or waits for this delete and then finds no volume."""
    volume = _locked_volume(context, volume_id)
    if volume is None:
        raise exception.NotFound()
    checker.ensure_not_locked(context, volume.id)
    context.session.delete(volume)


@wsgi.wsgify
def delete_volume_handler(req):
    delete_volume(req.context, req.urlvars['volume_id'])
    return wsgi.empty_response(204)


class Caller:
    """The host's authentication, reduced to two headers. A real host puts
    keystonemiddleware in front; the lock core needs only a RequestContext
    in the environ, with is_admin decided by policy."""

    def __init__(self, app, conf):
        self.app = app
        self.services = {wsgi.CONF_KEY: conf,
                         wsgi.LOCK_SERVICE_KEY: service.LockService(
                             VolumeLookup(), policy)}

    @webob.dec.wsgify
    def __call__(self, req):
        context = ml_context.RequestContext(
            user_id=req.headers.get('X-User-Id'),
            project_id=req.headers.get('X-Project-Id'),
            roles=req.headers.get('X-Roles', 'member,reader').split(','),
            request_id=req.environ.get(middleware.REQUEST_ID_KEY))
        context.is_admin = policy.is_admin(context)
        req.environ[wsgi.CONTEXT_KEY] = context
        req.environ.update(self.services)
        return req.get_response(self.app)


def create_tables(engine):
    """The host's table and the lock core's two (a real host would run
    them in its own migrations)."""
    HostBase.metadata.create_all(engine)
    base.Base.metadata.create_all(engine, tables=[
        models.ResourceLock.__table__, models.ResourceLockEvent.__table__])


def build_app(conf):
    """The host's WSGI app, for a database configured in db_api."""
    policy.init(conf)
    routes = dict(resource_lock.ROUTES)
    routes['/volumes/{volume_id}'] = {'DELETE': delete_volume_handler}
    app = router.Router(routes, conf.project_id_regex)
    app = middleware.Microversion(app)
    app = Caller(app, conf)
    return middleware.RequestId(middleware.FaultWrapper(app))


def main(port=8790):
    db_api.configure('sqlite://')
    create_tables(db_api.context_manager.writer.get_engine())
    app = build_app(ml_conf.build([]))
    simple_server.make_server('127.0.0.1', port, app).serve_forever()


if __name__ == '__main__':
    main(*[int(arg) for arg in sys.argv[1:2]])
