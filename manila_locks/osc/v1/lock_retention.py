"""The lifetime of a lock from the OpenStack client:

    openstack share lock retention show <lock>
    openstack share lock retention set <lock> (--expires-at <time> |
        --duration <seconds>) [--mode governance|compliance]
    openstack share lock retention unset <lock>
    openstack share lock hold show <lock>
    openstack share lock hold set <lock> [--reason <reason>]
    openstack share lock hold unset <lock>

They speak to /resource-locks/{id}/retention and /legal-hold (see the
api-ref, "Lock lifetimes"); python-manilaclient's `share lock` commands
keep working on the same locks, since the lock itself is unchanged.
"""
from osc_lib.command import command
from osc_lib import exceptions

from manila_locks.osc import client as lock_client

MODES = ('governance', 'compliance')
RETENTION = '/resource-locks/%s/retention'
HOLD = '/resource-locks/%s/legal-hold'
RETENTION_FIELDS = (('Lock ID', 'lock_id'), ('Expires At', 'expires_at'),
                    ('Mode', 'mode'), ('Binding From', 'binding_from'))
HOLD_FIELDS = (('Lock ID', 'lock_id'), ('Held', 'held'),
               ('Held Since', 'held_since'), ('Reason', 'reason'),
               ('User ID', 'user_id'))


def _shown(fields, body):
    return (tuple(name for name, _ in fields),
            tuple(body.get(key) for _, key in fields))


def _call(function, *args):
    try:
        return function(*args)
    except lock_client.ApiError as error:
        raise exceptions.CommandError(str(error))


def _lock_argument(parser):
    parser.add_argument('lock', metavar='<lock>',
                        help='ID of the resource lock.')
    return parser


class ShowRetention(command.ShowOne):
    """Show the expiry and retention mode of a resource lock."""

    def get_parser(self, prog_name):
        return _lock_argument(super().get_parser(prog_name))

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        body = _call(api.get, RETENTION % parsed_args.lock)
        return _shown(RETENTION_FIELDS, body['retention'])


class SetRetention(command.ShowOne):
    """Set, extend or shorten the expiry of a resource lock, or change its
    retention mode (a compliance lock can only be extended, by anyone)."""

    def get_parser(self, prog_name):
        parser = _lock_argument(super().get_parser(prog_name))
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument(
            '--expires-at', metavar='<time>',
            help='When the lock stops guarding (ISO 8601; UTC unless it '
                 'names a zone).')
        when.add_argument(
            '--duration', metavar='<seconds>', type=int,
            help='Seconds from now until the lock stops guarding.')
        parser.add_argument(
            '--mode', choices=MODES,
            help='governance (whoever may update the lock may remove it) '
                 'or compliance (nobody, administrators included, until '
                 'it expires). Default: the lock\'s current mode, '
                 'governance for a lock without one.')
        return parser

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        body = {}
        if parsed_args.expires_at is not None:
            body['expires_at'] = parsed_args.expires_at
        else:
            body['duration'] = parsed_args.duration
        if parsed_args.mode is not None:
            body['mode'] = parsed_args.mode
        answer = _call(api.put, RETENTION % parsed_args.lock,
                       {'retention': body})
        return _shown(RETENTION_FIELDS, answer['retention'])


class UnsetRetention(command.Command):
    """Remove the expiry and retention mode of a resource lock: it guards
    until it is removed."""

    def get_parser(self, prog_name):
        return _lock_argument(super().get_parser(prog_name))

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        _call(api.delete, RETENTION % parsed_args.lock)


class ShowHold(command.ShowOne):
    """Show the legal hold of a resource lock."""

    def get_parser(self, prog_name):
        return _lock_argument(super().get_parser(prog_name))

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        body = _call(api.get, HOLD % parsed_args.lock)
        return _shown(HOLD_FIELDS, body['legal_hold'])


class SetHold(command.ShowOne):
    """Place a legal hold on a resource lock (policy
    resource_lock:legal_hold, administrators by default): it does not
    expire and nobody can remove it until the hold is released."""

    def get_parser(self, prog_name):
        parser = _lock_argument(super().get_parser(prog_name))
        parser.add_argument('--reason', metavar='<reason>',
                            help='Why the lock is held.')
        return parser

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        hold = {}
        if parsed_args.reason is not None:
            hold['reason'] = parsed_args.reason
        answer = _call(api.put, HOLD % parsed_args.lock, {'legal_hold': hold})
        return _shown(HOLD_FIELDS, answer['legal_hold'])


class UnsetHold(command.Command):
    """Release the legal hold of a resource lock."""

    def get_parser(self, prog_name):
        return _lock_argument(super().get_parser(prog_name))

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        _call(api.delete, HOLD % parsed_args.lock)
