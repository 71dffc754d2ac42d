"""GET /limits: the caller's project's absolute limits ([quota] options)
and what the project uses. Manila checks no policy here, and neither does
this service: every authenticated caller may read its own project's."""
from manila_locks.api import wsgi
from manila_locks.host.db import usage as usage_db
from manila_locks.host import quota
from manila_locks.host.views import limits as view


def index(req):
    context = req.context
    used = usage_db.of_project(context, context.project_id)
    return wsgi.json_response(req, view.limits(req, quota.limits(req.conf),
                                               used))
