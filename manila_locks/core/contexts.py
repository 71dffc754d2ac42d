"""Lock contexts: who placed a lock, and who may change or remove it.

A caller's lock context is ``service`` when its request carried a valid
service token (oslo.context fills ``service_roles`` from the X-Service-Roles
header that keystonemiddleware sets after validating X-Service-Token),
otherwise ``admin`` when the ``context_is_admin`` policy passes (the host
sets ``context.is_admin`` from it), otherwise ``user``. A service token
therefore outranks an admin role: an admin calling through a service is
recorded as ``service``, as Manila does.

Note the two meanings of "service": the lock context keys off the service
*token*, while the policy persona ``admin_or_service_api`` keys off the
``service`` *role* of the user token. Nova attaching a share for alice sends
alice's token plus its own service token: the lock is a ``service`` lock,
and policy treats the caller as alice.
"""
from manila_locks.core import vocabulary as v

# Whether a requester (row) may update or delete a lock placed in a lock
# context (column). Policy must also pass; this table never widens it.
#                   lock placed by:  user   service  admin
MAY_MANIPULATE = {
    v.USER:    {v.USER: True, v.SERVICE: False, v.ADMIN: False},  # noqa
    v.SERVICE: {v.USER: True, v.SERVICE: True, v.ADMIN: False},
    v.ADMIN:   {v.USER: True, v.SERVICE: True, v.ADMIN: True},  # noqa
}


def requester_context(context):
    if context.is_service:
        return v.SERVICE
    if context.is_admin:
        return v.ADMIN
    return v.USER


def may_manipulate(context, lock_context):
    return MAY_MANIPULATE[requester_context(context)][lock_context]
