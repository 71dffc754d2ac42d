"""/quota-sets/{project_id} (2.7 and later; the /os-quota-sets spelling of
older versions is not served). Every project's quotas are the [quota]
options, so a show and the defaults answer the same limits; the detail
(2.25) adds what the project uses, or one user of it (user_id), or its
shares of one type (share_type, 2.39). Quotas cannot be changed here: an
update answers 400 once the caller may update quotas (administrators).

A caller who is no administrator may only ask about their own project
(403, as Manila's authorize_project_context answers)."""
from manila_locks.api import microversion
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.db import share_types as types_db
from manila_locks.host.db import usage as usage_db
from manila_locks.host import quota
from manila_locks.host.views import quota_sets as view
from manila_locks import policy

MIN_VERSION = '2.7'
DETAIL_VERSION = '2.25'
SHARE_TYPE_VERSION = '2.39'
UPDATE_REFUSED = (
    'Quotas cannot be changed through the API of this service: every '
    'project, user and share type has the [quota] options of its '
    'configuration.')


def _project(req, rule):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, rule)
    project_id = req.urlvars['project_id']
    if not req.context.is_admin and project_id != req.context.project_id:
        raise exception.Forbidden('Access was denied to this resource.')
    return project_id


def _share_type_id(req):
    """The share type named by the share_type parameter (2.39), or None."""
    wanted = req.GET.get('share_type')
    if not wanted:
        return None
    if not req.at_least(SHARE_TYPE_VERSION):
        raise exception.Invalid(
            "'share_type' key is not supported by this microversion. Use "
            "2.39 or greater microversion to be able to use 'share_type' "
            "quotas.")
    if req.GET.get('user_id'):
        raise exception.Invalid("'user_id' and 'share_type' values are "
                                "mutually exclusive")
    return types_db.get_by_name_or_id(req.context, wanted, missing=(
        exception.NotFound("Share type with name or id '%s' not found."
                           % wanted))).id


def _show(req, detail):
    project_id = _project(req, 'quota_set:show')
    share_type_id = _share_type_id(req)
    usage = None
    if detail:
        usage = usage_db.of_project(req.context, project_id,
                                    user_id=req.GET.get('user_id') or None,
                                    share_type_id=share_type_id)
    return wsgi.json_response(req, view.quota_set(
        req, project_id, quota.limits(req.conf), usage,
        for_share_type=share_type_id is not None))


def show(req):
    return _show(req, detail=False)


def detail(req):
    microversion.require(req, DETAIL_VERSION)
    return _show(req, detail=True)


def defaults(req):
    project_id = _project(req, 'quota_set:show')
    return wsgi.json_response(req, view.quota_set(
        req, project_id, quota.limits(req.conf)))


def update(req):
    _project(req, 'quota_set:update')
    wsgi.read_json(req)
    raise exception.Invalid(UPDATE_REFUSED)


ROUTES = {
    '/quota-sets/{project_id}': {'GET': show, 'PUT': update},
    '/quota-sets/{project_id}/defaults': {'GET': defaults},
    '/quota-sets/{project_id}/detail': {'GET': detail},
}
