"""The migration_start share action (experimental from 2.22, graduated in
2.96 as in Manila), answered as a Manila whose backend cannot migrate
(manila_locks.host.share_migration_service). migration_complete,
migration_cancel and migration_get_progress are not served: with no
migration ever in progress here, there is nothing for them to act on."""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.host import drivers
from manila_locks.host.schemas import shares as schema
from manila_locks.host import share_migration_service

GRADUATED = '2.96'


def migration_start(req, share, body):
    if not req.at_least(GRADUATED) and not microversion.experimental(
            req.headers):
        microversion.require(req, GRADUATED)
    validation.validate(schema.migration_start, body)
    status = share_migration_service.start(
        req.context, drivers.of_request(req), share.id, body['host'],
        new_share_type_id=body.get('new_share_type_id'),
        new_share_network_id=body.get('new_share_network_id'))
    # Manila answers a share already at its destination with a bare 200.
    return (wsgi.bare_response(200) if status == 200
            else wsgi.empty_response(202))


# action name -> (handler, minimum version, maximum version or None)
ACTIONS = {'migration_start': (migration_start, '2.22', None)}
