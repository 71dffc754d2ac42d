"""GET / (300) and GET /v2 (200): the version discovery documents."""
from manila_locks.api import wsgi
from manila_locks.host.views import versions as view


@wsgi.wsgify
def root(req):
    return wsgi.json_response(req, view.versions(req), status=300)


@wsgi.wsgify
def v2(req):
    return wsgi.json_response(req, view.versions(req), status=200)
