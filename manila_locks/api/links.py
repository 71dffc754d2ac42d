"""Self and bookmark links, as Manila writes them."""
from urllib import parse

from manila_locks.api import router


def _project(req):
    return req.environ.get(router.PROJECT_KEY) or req.context.project_id or ''


def resource_links(req, collection, resource_id):
    base = req.host_url + req.script_name
    project = _project(req)
    path = '/'.join(p for p in (project, collection, resource_id) if p)
    return [
        {'rel': 'self', 'href': '%s/v2/%s' % (base, path)},
        {'rel': 'bookmark', 'href': '%s/%s' % (base, path)},
    ]


def next_link(req, collection, offset, limit):
    """A link to the page after this one: same query, offset moved on."""
    return _next(req, collection, 'offset', str(offset + limit))


def marker_link(req, collection, marker):
    """A link to the page after this one: same query, after `marker`."""
    return _next(req, collection, 'marker', marker)


def _next(req, collection, key, value):
    params = [(k, v) for k, v in req.GET.items()
              if k not in ('offset', 'marker')]
    params.append((key, value))
    base = req.host_url + req.script_name
    project = req.environ.get(router.PROJECT_KEY)
    prefix = '%s/v2/%s' % (base, project + '/' if project else '')
    query = parse.urlencode(params)
    return [{'rel': 'next',
             'href': '%s%s?%s' % (prefix, collection, query)}]
