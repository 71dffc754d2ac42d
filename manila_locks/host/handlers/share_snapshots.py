"""/snapshots, answered as Manila answers when no share type has
snapshot_support: this service's back end takes no snapshots, so there
never is one. Lists are empty, a snapshot id is not found, and creating
one is refused for the share's lack of the capability (422, Manila's
words), after the share itself is found.

Policy comes first, as in every handler here; Manila finds the share
first, so a project reader gets 403 here where Manila answers 422.
"""
import webob.exc

from manila_locks.api import router
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.handlers import body_fields
from manila_locks.host.handlers import share_lookup
from manila_locks import policy

WITH_COUNT_VERSION = '2.79'


def _list(req):
    policy.authorize(req.context, 'share_snapshot:get_all_snapshots')
    body = {'snapshots': []}
    if req.at_least(WITH_COUNT_VERSION) and validation.boolean(
            req.GET, 'with_count'):
        body['count'] = 0
    return wsgi.json_response(req, body)


def index(req):
    return _list(req)


def detail(req):
    return _list(req)


def show(req):
    policy.authorize(req.context, 'share_snapshot:get_snapshot')
    # Manila's bare HTTPNotFound: its words name no snapshot.
    raise webob.exc.HTTPNotFound(explanation=router.NOT_FOUND)


def create(req):
    policy.authorize(req.context, 'share:create_snapshot')
    data = body_fields.entity(req, 'snapshot')
    share_id = data.get('share_id')
    if not isinstance(share_id, str) or not share_id:
        raise exception.Invalid("Required parameter share_id not found.")
    share = share_lookup.get_visible(req, share_id)
    raise webob.exc.HTTPUnprocessableEntity(
        explanation="Snapshots cannot be created for share '%s' since it "
                    "does not have that capability." % share.id)


ROUTES = {
    '/snapshots': {'GET': index, 'POST': create},
    '/snapshots/detail': {'GET': detail},
    '/snapshots/{snapshot_id}': {'GET': show},
}
