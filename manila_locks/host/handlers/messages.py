"""/messages (microversion 2.37 and later): the user messages of the
caller's project (every project's for an administrator); list with
Manila's filters, show, delete. created_since and created_before filter
from 2.52; before that they are ignored, as in Manila."""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.host.db import messages as messages_db
from manila_locks.host.views import messages as view
from manila_locks import policy

MIN_VERSION = '2.37'
TIMESTAMP_FILTERS_VERSION = '2.52'


def _query(req):
    params = req.GET
    query = messages_db.MessageQuery(
        filters={key: params[key] for key in messages_db.FILTERS
                 if key in params},
        sort_key=validation.one_of(params, 'sort_key',
                                   sorted(messages_db.SORT_KEYS),
                                   'created_at'),
        sort_dir=validation.one_of(params, 'sort_dir', ('asc', 'desc'),
                                   'desc'),
        limit=validation.non_negative_int(params, 'limit',
                                          req.conf.osapi_max_limit,
                                          req.conf.osapi_max_limit),
        offset=validation.non_negative_int(params, 'offset', 0))
    if req.at_least(TIMESTAMP_FILTERS_VERSION):
        query.created_since = validation.timestamp(params, 'created_since')
        query.created_before = validation.timestamp(params,
                                                    'created_before')
    return query


def index(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'message:get_all')
    query = _query(req)
    found = messages_db.find(req.context, query)
    return wsgi.json_response(req, view.many(req, found, query))


def show(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'message:get')
    message = messages_db.get(req.context, req.urlvars['message_id'])
    return wsgi.json_response(req, {'message': view.detail(req, message)})


def delete(req):
    microversion.require(req, MIN_VERSION)
    policy.authorize(req.context, 'message:delete')
    messages_db.delete(req.context, req.urlvars['message_id'])
    return wsgi.empty_response(204)


ROUTES = {
    '/messages': {'GET': index},
    '/messages/{message_id}': {'GET': show, 'DELETE': delete},
}
