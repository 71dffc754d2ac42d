"""A quick yes for request bodies their JSON schema certainly accepts.

jsonschema decides every body (api/validation.validate) and words every
400. For a body it accepts, its answer costs a lock create about 0.07 ms
of CPU in the server (7 % of the request in process): it walks the schema
with a validator object per level. ``compile_schema(schema)`` turns the
schema into a predicate, once, that answers True only where Draft 7 with
the same format checker accepts the body, with the keywords' own meaning:
the type of a JSON value as json.loads builds it, properties, required,
additionalProperties (true or false), enum (of scalars, compared with
their type), the string, number, array and object bounds, pattern and
format. Anything else it answers False, and jsonschema decides as always.

A schema using a keyword not listed here (anyOf, not, if, $ref, ...),
or one it cannot build (a pattern Python's re refuses, say), compiles to
None: its bodies all go to jsonschema. Annotations (description, title,
``x-`` keys: validation.MESSAGES, ONLY_KEYS_OF) are ignored, as
jsonschema ignores them.

The predicate copies what it needs of the schema when it is built, where
jsonschema reads the schema at every validation: a schema must not change
once used (the service's are built once, at import or per variant, and
never changed; validation caches by the schema object).

A keyword that applies to one kind of value (properties to objects,
maxLength to strings) applies here to that kind and its subclasses, as in
jsonschema; a type matches only the exact type json.loads builds, which
can only make the quick yes rarer.
"""
import re

# What json.loads builds for each JSON type, the type itself (type() is,
# not isinstance: True is no integer here, and no number).
_TYPES = {
    'object': (dict,), 'array': (list,), 'string': (str,),
    'integer': (int,), 'number': (int, float), 'boolean': (bool,),
    'null': (type(None),),
}
_ANNOTATIONS = frozenset(['description', 'title', '$comment', 'default',
                          'examples', '$schema'])
_SCALARS = (str, int, float, bool, type(None))


class Unsupported(Exception):
    """The schema uses a keyword this module does not decide."""


def compile_schema(schema, format_checker):
    """A predicate for `schema` (True: certainly valid), or None when the
    schema uses a keyword this module leaves to jsonschema."""
    try:
        return _node(schema, format_checker)
    except Exception:
        # Unsupported, or anything else the schema holds that this module
        # cannot build: jsonschema will judge it, and its bodies.
        return None


def _node(schema, format_checker):
    if not isinstance(schema, dict):
        raise Unsupported(schema)
    checks = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or keyword.startswith('x-'):
            continue
        build = _KEYWORDS.get(keyword)
        if build is None:
            raise Unsupported(keyword)
        check = build(value, schema, format_checker)
        if check is not None:
            checks.append(check)
    if not checks:
        return _anything
    if len(checks) == 1:
        return checks[0]

    def all_of(value):
        for check in checks:
            if not check(value):
                return False
        return True
    return all_of


def _anything(value):
    return True


def _type(names, schema, format_checker):
    names = [names] if isinstance(names, str) else list(names)
    if not all(name in _TYPES for name in names):
        raise Unsupported(names)
    allowed = frozenset(kind for name in names for kind in _TYPES[name])
    return lambda value: type(value) in allowed


def _enum(choices, schema, format_checker):
    if not all(type(choice) in _SCALARS for choice in choices):
        raise Unsupported(choices)
    typed = frozenset((type(choice), choice) for choice in choices)
    return lambda value: type(value) in _SCALARS and (
        (type(value), value) in typed)


def _properties(properties, schema, format_checker):
    compiled = tuple((key, _node(sub, format_checker))
                     for key, sub in properties.items())

    def check(value):
        if not isinstance(value, dict):
            return True
        for key, sub in compiled:
            if key in value and not sub(value[key]):
                return False
        return True
    return check


def _required(keys, schema, format_checker):
    keys = tuple(keys)
    return lambda value: not isinstance(value, dict) or all(
        key in value for key in keys)


def _additional(allowed, schema, format_checker):
    if allowed is True:
        return None
    if allowed is not False or 'patternProperties' in schema:
        raise Unsupported(allowed)
    known = frozenset(schema.get('properties', ()))
    return lambda value: not isinstance(value, dict) or (
        known.issuperset(value))


def _bound(kind, measure, compare):
    def build(limit, schema, format_checker):
        if type(limit) not in (int, float):
            raise Unsupported(limit)
        return lambda value: not isinstance(value, kind) or compare(
            measure(value), limit)
    return build


def _pattern(pattern, schema, format_checker):
    compiled = re.compile(pattern)
    return lambda value: not isinstance(value, str) or (
        compiled.search(value) is not None)


def _format(name, schema, format_checker):
    if format_checker is None:
        return None
    return lambda value: format_checker.conforms(value, name)


def _items(items, schema, format_checker):
    if not isinstance(items, dict):
        raise Unsupported(items)    # a list: one schema per position
    each = _node(items, format_checker)
    return lambda value: not isinstance(value, list) or all(
        each(item) for item in value)


def _identity(value):
    return value


_KEYWORDS = {
    'type': _type,
    'enum': _enum,
    'properties': _properties,
    'required': _required,
    'additionalProperties': _additional,
    'maxLength': _bound((str,), len, lambda size, limit: size <= limit),
    'minLength': _bound((str,), len, lambda size, limit: size >= limit),
    'maximum': _bound((int, float), _identity,
                      lambda number, limit: number <= limit),
    'minimum': _bound((int, float), _identity,
                      lambda number, limit: number >= limit),
    'exclusiveMaximum': _bound((int, float), _identity,
                               lambda number, limit: number < limit),
    'exclusiveMinimum': _bound((int, float), _identity,
                               lambda number, limit: number > limit),
    'maxItems': _bound((list,), len, lambda size, limit: size <= limit),
    'minItems': _bound((list,), len, lambda size, limit: size >= limit),
    'maxProperties': _bound((dict,), len, lambda size, limit: size <= limit),
    'minProperties': _bound((dict,), len, lambda size, limit: size >= limit),
    'pattern': _pattern,
    'format': _format,
    'items': _items,
}
