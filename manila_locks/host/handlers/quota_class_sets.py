"""/quota-class-sets/{class_name} (2.7 and later; the /os-quota-class-sets
spelling of older versions is not served, as for quota sets). Every quota
class, like every project, has the [quota] options: a show answers them
under the class's name, and an update is refused (400) once the caller
may update quota classes (administrators).

Manila shows a class only to administrators and to a request context
that belongs to that class, which a Keystone token never gives: anyone
else passing the show policy is answered 403."""
from manila_locks.api import microversion
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host import quota
from manila_locks.host.views import quota_sets as view
from manila_locks import policy

MIN_VERSION = '2.7'
UPDATE_REFUSED = (
    'Quota classes cannot be changed through the API of this service: '
    'every class, project and user has the [quota] options of its '
    'configuration.')


def show(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'quota_class_set:show')
    if not req.context.is_admin:
        raise exception.Forbidden('Access was denied to this resource.')
    return wsgi.json_response(req, view.quota_class_set(
        req, req.urlvars['class_name'], quota.limits(req.conf)))


def update(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'quota_class_set:update')
    wsgi.read_json(req)
    raise exception.Invalid(UPDATE_REFUSED)


ROUTES = {
    '/quota-class-sets/{class_name}': {'GET': show, 'PUT': update},
}
