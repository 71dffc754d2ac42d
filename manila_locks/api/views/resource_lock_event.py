"""The lock history representation: one event of one lock."""
from manila_locks.api import links
from manila_locks.api.views.timestamps import isotime
from manila_locks.core import history

COLLECTION = 'resource-lock-events'


def _fields(req, event):
    fields = history.as_dict(event)
    fields['created_at'] = isotime(fields['created_at'])
    fields['links'] = links.resource_links(req, COLLECTION, event.id)
    return fields


def one(req, event):
    return {'resource_lock_event': _fields(req, event)}


def page(req, events, query):
    """A list response, with a next link (marker: this page's last event)
    whenever the page is full."""
    body = {'resource_lock_events': [_fields(req, event)
                                     for event in events]}
    if query.limit and len(events) == query.limit:
        body['resource_lock_events_links'] = links.marker_link(
            req, COLLECTION, events[-1].id)
    return body
