"""Lock contexts: who placed a lock, and who may change or remove it.

A caller's lock context is ``service`` when its request carried a valid
service token (oslo.context fills ``service_roles`` from the X-Service-Roles
header that keystonemiddleware sets after validating X-Service-Token),
otherwise ``admin`` when the ``context_is_admin`` policy passes, otherwise
``user``. A service token therefore outranks an admin role: an admin calling
through a service is recorded as ``service``, as Manila does.
"""
from manila_locks.core import vocabulary as v

# requester context -> lock contexts it may update or delete.
MAY_MANIPULATE = {
    v.USER: frozenset([v.USER]),
    v.SERVICE: frozenset([v.USER, v.SERVICE]),
    v.ADMIN: frozenset([v.USER, v.SERVICE, v.ADMIN]),
}


def requester_context(context):
    if context.is_service:
        return v.SERVICE
    if context.is_admin:
        return v.ADMIN
    return v.USER


def may_manipulate(context, lock_context):
    return lock_context in MAY_MANIPULATE[requester_context(context)]
