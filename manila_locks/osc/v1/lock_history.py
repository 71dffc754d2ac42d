"""`openstack share lock history <lock-or-resource>`: the trail of a lock,
or of every lock a share or access rule has had, oldest first.

The id may name a lock or a resource: the history answers which (an event
of that lock, else of that resource); a lock or resource without events
in view (all pruned, or excluded by the filters) still answers with an
empty trail when the caller can see it, and anything else is an error.
"""
from cliff import columns
from osc_lib.command import command
from osc_lib import exceptions

from manila_locks.osc import client as lock_client

COLUMNS = ('ID', 'Time', 'Event', 'Action', 'Lock ID', 'Resource Type',
           'Resource Action', 'User', 'Project', 'Lock Context',
           'Service User', 'Service Project', 'Request ID',
           'Global Request ID', 'Changes')
FIELDS = ('id', 'created_at', 'event', 'operation', 'lock_id', 'resource_type',
          'resource_action', 'user_id', 'project_id', 'lock_context',
          'service_user_id', 'service_project_id', 'request_id',
          'global_request_id')
# Where a lock's or resource's existence can be asked when it has no
# events in view.
LOCK_PATHS = ('/resource-locks/%s',)
RESOURCE_PATHS = ('/shares/%s', '/share-access-rules/%s')


class ChangesColumn(columns.FormattableColumn):
    """What an event changed: {'before': {...}, 'after': {...}} for
    machine formats, `field: old -> new` for people (`-` for none)."""

    def human_readable(self):
        before = self._value['before'] or {}
        after = self._value['after'] or {}
        return '\n'.join(
            '%s: %s -> %s' % (key, _shown(before, key), _shown(after, key))
            for key in sorted(set(before) | set(after)))

    def machine_readable(self):
        return dict(self._value)


def _shown(values, key):
    if key not in values:
        return '-'
    return 'None' if values[key] is None else str(values[key])


def row(event):
    return tuple(event.get(field) for field in FIELDS) + (ChangesColumn(
        {'before': event.get('before'), 'after': event.get('after')}),)


class ShowLockHistory(command.Lister):
    """Show the history of a resource lock, or of a resource's locks."""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'lock_or_resource', metavar='<lock-or-resource>',
            help='ID of a resource lock, or of a share or access rule '
                 '(every lock it has had).')
        parser.add_argument(
            '--all-projects', action='store_true', default=False,
            help='Events of every project (administrators; by default '
                 'those of locks in, or on resources of, your project).')
        parser.add_argument(
            '--request-id', metavar='<request-id>',
            help='Only the events of this request (the id the service '
                 'gave it, x-openstack-request-id).')
        parser.add_argument(
            '--global-request-id', metavar='<global-request-id>',
            help='Only the events of requests that carried this global '
                 'request id (X-OpenStack-Request-ID, e.g. Nova\'s).')
        parser.add_argument(
            '--since', metavar='<time>',
            help='Only events at or after this time (ISO 8601).')
        parser.add_argument(
            '--before', metavar='<time>',
            help='Only events at or before this time (ISO 8601).')
        parser.add_argument(
            '--limit', metavar='<num-events>', type=int,
            help='At most this many events (one page); default: all.')
        parser.add_argument(
            '--marker', metavar='<event-id>',
            help='Start after this event (the last one of a page).')
        return parser

    def take_action(self, parsed_args):
        api = self.app.client_manager.resource_locks
        scope = {'all_projects': 'true'} if parsed_args.all_projects else {}
        try:
            key = _kind(api, parsed_args.lock_or_resource, scope)
            events = _events(api, {key: parsed_args.lock_or_resource,
                                   **scope, **_filters(parsed_args)},
                             parsed_args.limit)
        except lock_client.ApiError as error:
            raise exceptions.CommandError(str(error))
        return COLUMNS, [row(event) for event in events]


def _filters(parsed_args):
    given = {'request_id': parsed_args.request_id,
             'global_request_id': parsed_args.global_request_id,
             'created_since': parsed_args.since,
             'created_before': parsed_args.before,
             'marker': parsed_args.marker}
    return dict({key: value for key, value in given.items()
                 if value is not None}, sort_dir='asc')


def _kind(api, identifier, scope):
    """'lock_id' or 'resource_id': which filter names `identifier`."""
    for key in ('lock_id', 'resource_id'):
        events, _ = api.lock_events(**{key: identifier, 'limit': 1},
                                    **scope)
        if events:
            return key
    if any(api.exists(path % identifier) for path in LOCK_PATHS):
        return 'lock_id'
    if any(api.exists(path % identifier) for path in RESOURCE_PATHS):
        return 'resource_id'
    raise exceptions.CommandError(
        'No resource lock, share or access rule with ID %s was found '
        '(or it is not visible to you).' % identifier)


def _events(api, params, limit):
    """One page of `limit` events, or every page when limit is None."""
    if limit is not None:
        return api.lock_events(limit=limit, **params)[0]
    found = []
    while True:
        events, marker = api.lock_events(**params)
        found.extend(events)
        if marker is None:
            return found
        params = dict(params, marker=marker)
