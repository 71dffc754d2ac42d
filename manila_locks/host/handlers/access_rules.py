"""/share-access-rules (2.45 and later): list a share's rules, show, change
the access level (2.88), and the rules' metadata."""
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host import access_service
from manila_locks.host.db import access_rules as access_db
from manila_locks.host import drivers
from manila_locks.host import grantees
from manila_locks.host import metadata_limits
from manila_locks.host.schemas import access_rules as schema
from manila_locks.host.views import access_rules as view

MIN_VERSION = '2.45'
UPDATE_VERSION = '2.88'
FILTERS_VERSION = '2.82'


def _metadata_filter(text):
    value = validation.literal_dict(text)
    if value is None or not all(
            isinstance(k, str) and isinstance(item, str)
            for k, item in value.items()):
        raise exception.Invalid("Invalid metadata filter %r: a dictionary of "
                                "strings such as {'key': 'value'} is "
                                "required." % text)
    # Escapes such as '\x00' make characters the URL did not hold.
    validation.refuse_unstorable(value, "query parameter 'metadata'")
    return value


def _query(req):
    """The rule filters of a list request. The access_* filters exist from
    2.82 on, validated as Manila validates them; below, they are ignored."""
    params = req.GET
    query = access_db.RuleQuery()
    if 'metadata' in params:
        query.metadata = _metadata_filter(params['metadata'])
    if not req.at_least(FILTERS_VERSION):
        return query
    query.access_type = params.get('access_type')
    query.access_to = params.get('access_to')
    query.access_key = params.get('access_key')
    query.access_level = validation.one_of(params, 'access_level',
                                           schema.ACCESS_LEVELS)
    if query.access_type is not None:
        grantees.check_type(query.access_type, schema.access_types(req))
    if query.access_to is not None:
        if query.access_type is None:
            raise exception.Invalid("'access_type' must be given with "
                                    "'access_to'.")
        grantees.check(query.access_type, query.access_to,
                       schema.access_types(req), schema.ipv6(req))
    return query


def index(req):
    microversion.require(req, MIN_VERSION)
    if 'share_id' not in req.GET:
        raise exception.Invalid("The field 'share_id' has to be specified.")
    share_id = req.GET['share_id']
    query = _query(req)
    # Manila answers 400 here: the share is a parameter, not the path.
    details = access_service.list_rules(
        req.context, share_id, query,
        missing=exception.ReferenceNotFound('Share %s not found.' % share_id))
    return wsgi.json_text_response(req, view.many(req, details))


def show(req):
    microversion.require(req, MIN_VERSION)
    details = access_service.show(req.context, req.urlvars['rule_id'])
    return wsgi.json_text_response(req, view.one(req, details))


def update(req):
    microversion.require(req, UPDATE_VERSION)
    body = validation.validate(schema.update, wsgi.read_json(req))
    context = req.context
    updated = access_service.update_level(
        context, req.urlvars['rule_id'],
        body['update_access']['access_level'])
    access_service.apply_accepted(context, drivers.of_request(req),
                                  updated.rules[0].share_id)
    return wsgi.json_text_response(req, view.one(req, updated))


def set_metadata(req):
    microversion.require(req, MIN_VERSION)
    body = validation.validate(schema.set_metadata, wsgi.read_json(req))
    maximum = req.conf.max_metadata_items
    items = metadata_limits.check(body['metadata'], maximum)
    metadata = access_service.set_metadata(req.context, req.urlvars['rule_id'],
                                           items, maximum)
    return wsgi.json_response(req, {'metadata': metadata})


def delete_metadata(req):
    microversion.require(req, MIN_VERSION)
    access_service.delete_metadata(req.context, req.urlvars['rule_id'],
                                   req.urlvars['key'])
    return wsgi.empty_response(200)
