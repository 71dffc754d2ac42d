"""GET / (300) and GET /v2, /v2/, /v2/{project_id} (200): the version
discovery documents."""
from manila_locks.api import wsgi
from manila_locks.host.views import versions as view


@wsgi.wsgify
def root(req):
    return wsgi.json_response(req, view.versions(req), status=300)


def document(req):
    return wsgi.json_response(req, view.versions(req), status=200)


v2 = wsgi.wsgify(document)
