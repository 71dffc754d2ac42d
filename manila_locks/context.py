"""The request context: who is calling, and the DB transaction they hold."""
from oslo_context import context as oslo_context
from oslo_db.sqlalchemy import enginefacade


@enginefacade.transaction_context_provider
class RequestContext(oslo_context.RequestContext):
    """oslo.context's context, plus the enginefacade session slot.

    ``is_admin`` is decided by the ``context_is_admin`` policy when the
    context is built (see ``manila_locks.policy.make_context``).
    ``service_roles`` is non-empty only when a valid service token came with
    the request (keystonemiddleware sets X-Service-Roles after validating it).
    """

    # The manila_locks.notifier.Notifier lock events go to once committed
    # (set by the host for each request; None: no notifications).
    notifier = None

    @property
    def is_service(self):
        return bool(self.service_roles)


def get_admin_context():
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          overwrite=False)
