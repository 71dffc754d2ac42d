"""Self and bookmark links, as Manila writes them."""
from urllib import parse

from manila_locks.api import router


# Where a request keeps the prefixes of its resources' links.
_PREFIXES = 'manila_locks.link_prefixes'


def _project(req):
    return req.environ.get(router.PROJECT_KEY) or req.context.project_id or ''


def _base(req):
    return req.host_url + req.script_name


def _scope(project):
    return project + '/' if project else ''


def _prefixes(req):
    """The self and bookmark links' text before the collection, worked out
    once per request: webob parses the environ again on every read of
    host_url, and a page of 50 locks has 50 pairs of links. The host, the
    script name and the project in the path are settled by then (the
    router sets the project before any handler runs)."""
    prefixes = req.environ.get(_PREFIXES)
    if prefixes is None:
        base, scope = _base(req), _scope(_project(req))
        prefixes = req.environ[_PREFIXES] = ('%s/v2/%s' % (base, scope),
                                             '%s/%s' % (base, scope))
    return prefixes


def resource_links(req, collection, resource_id):
    self_prefix, bookmark_prefix = _prefixes(req)
    path = '%s/%s' % (collection, resource_id) if resource_id else collection
    return [
        {'rel': 'self', 'href': self_prefix + path},
        {'rel': 'bookmark', 'href': bookmark_prefix + path},
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
    # (The project as the URL names it, if it does: not the caller's.)
    prefix = '%s/v2/%s' % (_base(req),
                           _scope(req.environ.get(router.PROJECT_KEY)))
    query = parse.urlencode(params)
    return [{'rel': 'next',
             'href': '%s%s?%s' % (prefix, collection, query)}]
