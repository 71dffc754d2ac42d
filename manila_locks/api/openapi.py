"""An OpenAPI 3.1 document from a route table.

Every route of the table must have an Operation saying what it answers; the
request body schemas in those Operations are the very objects the handlers
validate with (or, for versioned schemas, the very functions that build
them), so the document cannot drift from the validation. OpenAPI 3.1 is
used because its schema dialect accepts the JSON-schema the handlers use
(``"type": ["string", "null"]``, ``propertyNames``).

Each operation is described at the newest microversion it exists in; its
``X-OpenStack-Manila-API-Version`` header parameter names that version.
This module also describes the /resource-locks extension's own operations.
"""
import dataclasses
import re
import typing

from manila_locks.api.handlers import resource_lock
from manila_locks.api.handlers import resource_lock_event
from manila_locks.api.handlers import resource_lock_lifetime as lifetime
from manila_locks.api import microversion
from manila_locks.api.schemas import resource_lock as lock_schema
from manila_locks.api.schemas import responses
from manila_locks.core import lock_events
from manila_locks.core import store
from manila_locks.core import vocabulary as v

OPENAPI_VERSION = '3.1.0'
FAULT_REF = {'$ref': '#/components/schemas/Fault'}
# Every operation may answer these: bad input, no or bad token, policy,
# not found (also a version without the operation), bad microversion.
COMMON_ERRORS = (400, 401, 403, 404, 406)
# And every operation that takes a body: one over max_request_body_size.
BODY_ERRORS = (413,)
_PLACEHOLDER = re.compile(r'{([^}]+)}')


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    schema: dict = dataclasses.field(
        default_factory=lambda: {'type': 'string'})
    required: bool = False


@dataclasses.dataclass(frozen=True)
class Operation:
    """What one handler takes and answers.

    body: the JSON schema the handler validates the body with, or a
          function(req) returning it for the request's microversion.
    ok:   success status -> response schema, OrBare(schema), or None for
          an empty body.
    """
    summary: str
    ok: dict
    body: typing.Any = None
    query: tuple = ()
    errors: tuple = ()
    min_version: str = str(microversion.MIN_VERSION)
    max_version: typing.Optional[str] = None


class VersionedRequest:
    """Stands in for a request when a schema depends on the microversion."""

    def __init__(self, version):
        self.api_version = microversion.Version.parse(version)

    def at_least(self, version):
        return self.api_version.at_least(version)


def wrapped(key, schema):
    """The body {key: <schema>} of handlers that validate body[key]."""
    return {'type': 'object', 'properties': {key: schema},
            'required': [key]}


def _version_header(version):
    return {'name': microversion.MANILA_HEADER, 'in': 'header',
            'required': True, 'schema': {'type': 'string',
                                         'enum': [version]}}


@dataclasses.dataclass(frozen=True)
class OrBare:
    """A JSON body, or the bare answer Manila gives some actions that
    change nothing: webob's default Response, text/html with no body."""
    schema: dict


def _responses(op):
    answers = {}
    for status, schema in sorted(op.ok.items()):
        answer = {'description': 'Success.'}
        if isinstance(schema, OrBare):
            answer['content'] = {
                'application/json': {'schema': schema.schema},
                'text/html': {'schema': {'type': 'string', 'maxLength': 0}}}
        elif schema is not None:
            answer['content'] = {'application/json': {'schema': schema}}
        answers[str(status)] = answer
    errors = set(COMMON_ERRORS) | set(op.errors)
    if op.body is not None:
        errors.update(BODY_ERRORS)
    for status in sorted(errors):
        answers[str(status)] = {
            'description': 'Fault.',
            'content': {'application/json': {'schema': FAULT_REF}}}
    return answers


def _operation(path, handler, op, default_version):
    version = op.max_version or default_version
    body = op.body(VersionedRequest(version)) if callable(op.body) else (
        op.body)
    params = [{'name': name, 'in': 'path', 'required': True,
               'schema': {'type': 'string'}}
              for name in _PLACEHOLDER.findall(path)]
    params.append(_version_header(version))
    params += [{'name': p.name, 'in': 'query', 'required': p.required,
                'schema': p.schema} for p in op.query]
    document = {
        'operationId': '%s.%s' % (handler.__module__.rsplit('.', 1)[-1],
                                  handler.__name__),
        'summary': op.summary,
        'parameters': params,
        'responses': _responses(op),
        'x-openstack-microversion': {'min': op.min_version, 'max': version},
    }
    if op.max_version is not None:
        document['deprecated'] = True
    if body is not None:
        document['requestBody'] = {'required': True, 'content': {
            'application/json': {'schema': body}}}
    return document


def build(route_table, operations, title, version=None):
    """The OpenAPI document of `route_table` (path -> {METHOD: handler},
    paths below /v2); `operations` maps each handler to its Operation."""
    version = version or str(microversion.MAX_VERSION)
    paths = {}
    for path, methods in route_table.items():
        paths[path] = {
            method.lower(): _operation(path, handler, operations[handler],
                                       version)
            for method, handler in sorted(methods.items())}
    return {
        'openapi': OPENAPI_VERSION,
        'info': {'title': title, 'version': version},
        'servers': [{'url': '/v2'}],
        'paths': paths,
        'components': {
            'schemas': {'Fault': responses.FAULT},
            'securitySchemes': {'token': {
                'type': 'apiKey', 'in': 'header', 'name': 'X-Auth-Token'}},
        },
        'security': [{'token': []}],
    }


_ENUM_FILTERS = {name: Param(name, {'type': 'string', 'enum': list(values)})
                 for name, values in resource_lock.ENUM_FILTERS.items()}
_LOCK_LIST_QUERY = tuple(
    [_ENUM_FILTERS.get(name, Param(name)) for name in resource_lock.FILTERS]
    + [Param('lock_reason~'), Param('created_since'),
       Param('created_before'),
       Param('sort_key', {'type': 'string', 'enum': list(store.SORT_KEYS)}),
       Param('sort_dir', {'type': 'string', 'enum': list(store.SORT_DIRS)}),
       Param('limit', {'type': 'integer', 'minimum': 0}),
       Param('offset', {'type': 'integer', 'minimum': 0}),
       Param('with_count', {'type': 'boolean'}),
       Param('all_projects', {'type': 'boolean'}),
       Param('all_tenants', {'type': 'boolean'})])

_LOCKS = dict(min_version=resource_lock.MIN_VERSION, errors=(409,))

_EVENT_LIST_QUERY = tuple(
    [Param(name, {'type': 'string',
                  'enum': list(resource_lock_event.ENUM_FILTERS[name])})
     if name in resource_lock_event.ENUM_FILTERS else Param(name)
     for name in lock_events.FILTERS]
    + [Param('created_since'), Param('created_before'),
       Param('sort_dir', {'type': 'string',
                          'enum': list(lock_events.SORT_DIRS)}),
       Param('limit', {'type': 'integer', 'minimum': 0}),
       Param('marker'),
       Param('all_projects', {'type': 'boolean'}),
       Param('all_tenants', {'type': 'boolean'})])
_EVENTS = dict(min_version=resource_lock_event.MIN_VERSION)

# The /resource-locks extension's handlers.
OPERATIONS = {
    resource_lock.index: Operation(
        'List resource locks', {200: responses.RESOURCE_LOCKS},
        query=_LOCK_LIST_QUERY, **_LOCKS),
    resource_lock.create: Operation(
        'Lock a resource (%s)' % ', '.join(v.RESOURCE_TYPES),
        {200: responses.RESOURCE_LOCK}, body=lock_schema.create, **_LOCKS),
    resource_lock.show: Operation(
        'Show a resource lock', {200: responses.RESOURCE_LOCK}, **_LOCKS),
    resource_lock.update: Operation(
        'Change the action or reason of a lock',
        {200: responses.RESOURCE_LOCK}, body=lock_schema.update, **_LOCKS),
    resource_lock.delete: Operation(
        'Delete a resource lock', {204: None}, **_LOCKS),
    lifetime.show_retention: Operation(
        'Show the expiry and retention mode of a lock',
        {200: responses.RETENTION}, **_LOCKS),
    lifetime.set_retention: Operation(
        'Set, extend or shorten the expiry of a lock, or change its '
        'retention mode', {200: responses.RETENTION},
        body=lock_schema.retention, **_LOCKS),
    lifetime.unset_retention: Operation(
        'Remove the expiry and retention mode of a lock', {204: None},
        **_LOCKS),
    lifetime.show_legal_hold: Operation(
        'Show the legal hold of a lock', {200: responses.LEGAL_HOLD},
        **_LOCKS),
    lifetime.place_legal_hold: Operation(
        'Place a legal hold on a lock', {200: responses.LEGAL_HOLD},
        body=lock_schema.legal_hold, **_LOCKS),
    lifetime.release_legal_hold: Operation(
        'Release the legal hold of a lock', {204: None}, **_LOCKS),
    resource_lock_event.index: Operation(
        'List the lock history (events of resource locks)',
        {200: responses.RESOURCE_LOCK_EVENTS}, query=_EVENT_LIST_QUERY,
        **_EVENTS),
    resource_lock_event.show: Operation(
        'Show one event of a resource lock',
        {200: responses.RESOURCE_LOCK_EVENT}, **_EVENTS),
}
