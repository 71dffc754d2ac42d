"""Who is calling: noauth or keystone, then one RequestContext.

noauth (development and tests): ``X-Auth-Token: <user_id>:<project_id>``
optionally followed by ``:<role>,<role>``; roles default to member,reader
and ``X-Roles`` is honoured. Any other token (the CLI's ``notused``) is the
demo user of the demo project. ``X-Service-Roles`` is honoured as
keystonemiddleware would set it after validating a service token.

keystone: keystonemiddleware's auth_token filter validates the token (and an
``X-Service-Token``) and sets the X-User-Id/X-Project-Id/X-Roles/
X-Service-Roles headers, stripping any the client sent.
"""
from keystonemiddleware import auth_token
import webob.exc

from manila_locks.api import faults
from manila_locks.api import middleware
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks import context as ml_context
from manila_locks import policy

DEMO_USER = 'demo'
DEMO_PROJECT = 'demo'
DEFAULT_ROLES = 'member,reader'
# The user_id and project_id columns of everything a caller creates.
MAX_ID_LENGTH = 255


class NoAuth:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        token = environ.get('HTTP_X_AUTH_TOKEN')
        if not token:
            return faults.render(environ, webob.exc.HTTPUnauthorized(
                explanation='Authentication required: send X-Auth-Token.'))(
                environ, start_response)
        parts = token.split(':')
        if len(parts) in (2, 3) and all(parts[:2]):
            user_id, project_id = parts[0], parts[1]
            roles = parts[2] if len(parts) == 3 else None
        else:
            user_id, project_id, roles = DEMO_USER, DEMO_PROJECT, None
        roles = environ.get('HTTP_X_ROLES') or roles or DEFAULT_ROLES
        # What keystonemiddleware would set (webob's headers are these
        # environ keys).
        environ['HTTP_X_USER_ID'] = user_id
        environ['HTTP_X_PROJECT_ID'] = project_id
        environ['HTTP_X_ROLES'] = roles
        environ['HTTP_X_IDENTITY_STATUS'] = 'Confirmed'
        return self.app(environ, start_response)


class ContextMiddleware:
    """Build the RequestContext once; decide is_admin by policy."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        problem = _refusal(environ)
        if problem is not None:
            return faults.render(environ, webob.exc.HTTPUnauthorized(
                explanation=problem))(environ, start_response)
        return self.app(environ, start_response)


def _refusal(environ):
    """Why the caller is not authenticated, or None once the request
    carries its RequestContext."""
    if environ.get('HTTP_X_IDENTITY_STATUS', 'Confirmed') != 'Confirmed':
        return 'The request you have made requires authentication.'
    context = ml_context.RequestContext.from_environ(
        environ, request_id=environ.get(middleware.REQUEST_ID_KEY))
    problem = _identity_problem(context)
    if problem:
        return 'Authentication failed: %s' % problem
    context.is_admin = policy.is_admin(context)
    environ[wsgi.CONTEXT_KEY] = context
    return None


def _identity_problem(context):
    """Why the caller's ids cannot be recorded on what they create (the
    user_id and project_id columns), or None. noauth takes them from the
    token as sent; keystone ids are never this long, but are checked
    alike."""
    for label, value in (('user ID', context.user_id),
                         ('project ID', context.project_id)):
        if value is None:
            continue
        if len(value) > MAX_ID_LENGTH:
            return ('the %s is longer than %d characters.'
                    % (label, MAX_ID_LENGTH))
        if not validation.storable(value):
            return 'the %s contains characters that cannot be stored.' % (
                label)
    return None


def keystone(app, conf):
    """Wrap `app` in keystonemiddleware's auth_token, configured by conf."""
    # delay_auth_decision: a bad token reaches ContextMiddleware, which
    # answers 401 in Manila's fault shape instead of keystonemiddleware's.
    return auth_token.AuthProtocol(app, {'oslo_config_config': conf,
                                         'delay_auth_decision': 'true'})


def authenticate(app, conf):
    if conf.auth_strategy == 'keystone':
        return keystone(ContextMiddleware(app), conf)
    return NoAuth(ContextMiddleware(app))
