"""The versions document clients read for discovery."""
from manila_locks.api import microversion

UPDATED = '2015-08-27T11:33:21Z'


def version_entry(req):
    base = req.host_url + req.script_name
    return {
        'id': 'v2.0',
        'status': 'CURRENT',
        'version': str(microversion.MAX_VERSION),
        'min_version': str(microversion.MIN_VERSION),
        'updated': UPDATED,
        'links': [
            {'rel': 'describedby', 'type': 'text/html',
             'href': 'https://docs.openstack.org/'},
            {'rel': 'self', 'href': base + '/v2/'},
        ],
        'media-types': [
            {'base': 'application/json',
             'type': 'application/vnd.openstack.share+json;version=1'},
        ],
    }


def versions(req):
    return {'versions': [version_entry(req)]}
