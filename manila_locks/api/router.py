"""Dispatch: a dict of path -> {METHOD: handler} becomes a routes.Mapper.

Paths are written without the ``/v2`` prefix. Both URL shapes clients use
are served: ``/v2/<resource>`` and ``/v2/{project_id}/<resource>``; the
project segment is recognised because it is not a known collection name,
and it must match the caller's project (Manila answers 400 otherwise).
"""
import routes
import webob.exc

from manila_locks.api import wsgi

PREFIX = '/v2'
PROJECT_KEY = 'manila_locks.url_project_id'


class Router:
    def __init__(self, route_table):
        self.mapper = routes.Mapper()
        self.table = dict(route_table)
        self.collections = set()
        for path in route_table:
            self.mapper.connect(path, route_path=path)
            self.collections.add(path.strip('/').split('/')[0])

    def _split_project(self, path):
        """(project_id or None, path below /v2) for a request path."""
        rest = path[len(PREFIX):]
        parts = rest.strip('/').split('/', 1)
        if parts[0] and parts[0] not in self.collections:
            return parts[0], '/' + (parts[1] if len(parts) > 1 else '')
        return None, rest or '/'

    @wsgi.wsgify
    def __call__(self, req):
        if not (req.path_info == PREFIX or
                req.path_info.startswith(PREFIX + '/')):
            raise webob.exc.HTTPNotFound(
                explanation='The resource could not be found.')
        project_id, path = self._split_project(req.path_info)
        match = self.mapper.match(path.rstrip('/') or '/')
        if match is None:
            raise webob.exc.HTTPNotFound(
                explanation='The resource could not be found.')
        if project_id is not None:
            context = req.environ.get(wsgi.CONTEXT_KEY)
            if (path != '/' and context is not None and
                    project_id != context.project_id):
                raise webob.exc.HTTPBadRequest(
                    explanation='Malformed request url: the project in the '
                                'URL is not the project of the token.')
            req.environ[PROJECT_KEY] = project_id
        methods = self.table[match.pop('route_path')]
        handler = methods.get(req.method)
        if handler is None:
            allowed = ', '.join(sorted(methods))
            raise webob.exc.HTTPMethodNotAllowed(
                explanation='The method %s is not allowed for this resource.'
                            % req.method, headers={'Allow': allowed})
        req.urlvars = match
        return handler(req)
