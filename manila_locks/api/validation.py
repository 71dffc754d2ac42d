"""Body validation with JSON schema, typed query parameters, and the one
check for characters no database backend can store.

Every failure is a 400 whose message names the offending field. A body
its schema certainly accepts is let through by the schema's quick check
(api/quick_check, compiled from the same schema) without asking
jsonschema; every other body is jsonschema's to decide and to word.
"""
import datetime
import re
import uuid

import jsonschema
import webob.exc

from manila_locks.api import quick_check
from manila_locks import literals

_FORMAT_CHECKER = jsonschema.FormatChecker()
# A key of an object schema with additionalProperties false: its value
# names the object, and a key outside its properties is refused with the
# list of the keys it may hold (_only_keys).
ONLY_KEYS_OF = 'x-only-keys-of'
# A key of any schema: {keyword: message} for the bodies Manila answers in
# its own words; a failure of that keyword right there answers with the
# message, VALUE in it replaced by the value refused. The schema still
# checks: it is the one check.
MESSAGES = 'x-messages'
VALUE = '{value}'
_DIGITS = re.compile(r'^\d{1,18}$')
# The longest Python literal a query parameter may hold.
_LITERAL_MAX = 4096
# NUL (PostgreSQL's text cannot hold it) and UTF-16 surrogates, which are
# not characters: no backend's driver can encode one. Python's str holds no
# other invalid code point.
_UNSTORABLE = re.compile('[\x00\ud800-\udfff]')
UNSTORABLE_MESSAGE = ('Invalid input received: %s contains characters the '
                      'service cannot store (NUL, or a UTF-16 surrogate '
                      'that is not part of a pair).')


@_FORMAT_CHECKER.checks('uuid')
def _is_uuid(value):
    if not isinstance(value, str):
        return True
    return is_uuid(value)


def is_uuid(value):
    """True for a UUID written as 36 characters (or 32 hex digits)."""
    if not isinstance(value, str) or len(value) not in (32, 36):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _describe(error):
    own = error.schema.get(MESSAGES, {}) if isinstance(
        error.schema, dict) else {}
    if error.validator in own:
        return own[error.validator].replace(VALUE, str(error.instance))
    path = '/'.join(str(p) for p in error.absolute_path)
    where = ("Invalid input for field/attribute %s. " % path) if path else (
        'Invalid input. ')
    if error.validator == 'additionalProperties':
        if ONLY_KEYS_OF in error.schema:
            return _only_keys(error)
        return where + error.message.replace(' were unexpected)',
                                             ' are not allowed)').replace(
            ' was unexpected)', ' is not allowed)')
    if error.validator == 'enum':
        # A nullable enum lists None among its values; null is not a
        # choice worth offering in the message.
        choices = [value for value in error.validator_value
                   if value is not None]
        return where + 'Value: %s. %r is not one of %r' % (
            _short(error.instance), error.instance, choices)
    if error.validator == 'maxLength':
        return where + ('Value is longer than %d characters.' %
                        error.validator_value)
    return where + 'Value: %s. %s' % (_short(error.instance), error.message)


def _short(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'


def _only_keys(error):
    """For an object schema marked with ONLY_KEYS_OF: the keys it may hold
    and those it was sent outside them, a clearer message than
    jsonschema's for bodies that accept only a few keys."""
    allowed = list(error.schema['properties'])
    extra = sorted(set(error.instance) - set(allowed))
    return 'Only %s can be set in %s; not allowed: %s.' % (
        ' and '.join("'%s'" % key for key in allowed),
        error.schema[ONLY_KEYS_OF], ', '.join(extra))


def storable(text):
    """True unless `text` holds a character no backend can store."""
    return not _UNSTORABLE.search(text)


def refuse_unstorable(value, where):
    """400 unless every string in `value` (a str, or parsed JSON: keys and
    values at any depth) is storable. `where` names `value` in the message
    ('the request body', "query parameter 'name'")."""
    # A loop, not recursion: a body may nest deeper than the stack. Each
    # item carries its trail (parent trail, key) to name it in a refusal.
    pending = [(value, None)]
    while pending:
        item, trail = pending.pop()
        if isinstance(item, str):
            if not storable(item):
                raise _unstorable(_field(where, trail))
        elif isinstance(item, dict):
            for key, child in item.items():
                if not storable(key):
                    raise _unstorable('a key of ' + _field(where, trail))
                pending.append((child, (trail, key)))
        elif isinstance(item, list):
            pending.extend((child, (trail, index))
                           for index, child in enumerate(item))


def _unstorable(what):
    return webob.exc.HTTPBadRequest(explanation=UNSTORABLE_MESSAGE % what)


def _field(where, trail):
    keys = []
    while trail is not None:
        trail, key = trail
        keys.append(str(key))
    if not keys:
        return where
    name = '/'.join(reversed(keys))
    if len(name) > 80:
        name = name[:77] + '...'
    return "field '%s' of %s" % (name, where)


# Each schema's validator, built on its first use: building one cost a
# fifth of a validation. Keyed by the schema's id, the entry holding the
# schema itself, so that the id cannot be reused by another dict while the
# entry lives. Request schemas are module-level, or built once per variant
# (schemas.access_rules.allow) or per recent key (an extra spec's), so the
# cache stays small; should schemas built per request fill it, it starts
# again empty rather than grow or stop caching.
_VALIDATORS = {}
_MAX_VALIDATORS = 256


def _validator(schema):
    """(jsonschema's validator of `schema`, its quick_check predicate or
    None), built once."""
    entry = _VALIDATORS.get(id(schema))
    if entry is not None and entry[0] is schema:
        return entry[1]
    validator = jsonschema.Draft7Validator(schema,
                                           format_checker=_FORMAT_CHECKER)
    built = (validator, quick_check.compile_schema(schema, _FORMAT_CHECKER))
    if len(_VALIDATORS) >= _MAX_VALIDATORS:
        _VALIDATORS.clear()
    _VALIDATORS[id(schema)] = (schema, built)
    return built


def validate(schema, body):
    validator, certainly_valid = _validator(schema)
    # jsonschema decides, and words the 400, unless the quick check is
    # sure it would accept the body.
    if certainly_valid is not None and certainly_valid(body):
        return body
    errors = sorted(validator.iter_errors(body),
                    key=lambda e: e.path)
    if errors:
        raise webob.exc.HTTPBadRequest(explanation=_describe(errors[0]))
    return body


TRUE_STRINGS = ('1', 't', 'true', 'on', 'y', 'yes')
FALSE_STRINGS = ('0', 'f', 'false', 'off', 'n', 'no')


def _any_case(word):
    return ''.join('[%s%s]' % (c.lower(), c.upper()) if c.isalpha() else c
                   for c in word)


# A JSON schema pattern for the strings to_bool reads: one of the words
# in any case, with whitespace around it.
BOOL_STRING = r'^\s*(%s)\s*$' % '|'.join(
    _any_case(word) for word in TRUE_STRINGS + FALSE_STRINGS)
BOOL_MESSAGE = "Invalid value '%s' for %%s: a boolean is required." % VALUE


def lenient_bool(types, name):
    """The schema of a boolean a body may also give as a string oslo
    reads as one; a string it does not read is refused as boolean()
    refuses a query parameter's."""
    return {'type': types, 'pattern': BOOL_STRING,
            MESSAGES: {'pattern': BOOL_MESSAGE % name}}


OSLO_BOOL = 'x-oslo-bool'


@_FORMAT_CHECKER.checks(OSLO_BOOL)
def _is_oslo_bool(value):
    """A value of any JSON type that reads as a boolean: true, false,
    null (false), or anything whose text to_bool reads, as Manila reads
    flags whose schema gives no type (1 and '1' are true; 1.0 is not)."""
    if value is None or isinstance(value, bool):
        return True
    return to_bool(str(value)) is not None


def any_bool(name):
    """The schema of such a flag, refused as lenient_bool refuses."""
    return {'format': OSLO_BOOL,
            MESSAGES: {'format': BOOL_MESSAGE % name}}


def to_bool_value(value):
    """The boolean of a body value lenient_bool's or any_bool's schema
    accepted (null is False)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    return to_bool(str(value))


def to_bool(text):
    """True or False for a string oslo's bool_from_string takes strictly,
    else None."""
    value = text.strip().lower()
    if value in TRUE_STRINGS:
        return True
    if value in FALSE_STRINGS:
        return False
    return None


def boolean(params, name, default=False):
    if name not in params:
        return default
    value = to_bool(params[name])
    if value is not None:
        return value
    raise webob.exc.HTTPBadRequest(
        explanation=(BOOL_MESSAGE % name).replace(VALUE, params[name]))


def all_projects(params):
    """The all_projects flag of a list (all_tenants: the older spelling
    clients still send)."""
    return boolean(params, 'all_projects') or boolean(params, 'all_tenants')


def non_negative_int(params, name, default=None, maximum=None):
    if name not in params:
        return default
    text = params[name].strip()
    if not _DIGITS.match(text):
        raise webob.exc.HTTPBadRequest(
            explanation="Invalid value '%s' for %s: a non-negative integer "
                        "is required." % (params[name], name))
    value = int(text)
    if maximum is not None:
        value = min(value, maximum)
    return value


def timestamp(params, name):
    """Parse '2026-11-23 18:36:13.765432' or ISO 8601 into naive UTC."""
    if name not in params:
        return None
    text = params[name].strip()
    try:
        value = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation="Invalid value '%s' for %s: a date and time such as "
                        "2026-11-23T18:36:13.765432 is required."
                        % (text, name))
    if value.tzinfo is not None:
        try:
            value = value.astimezone(datetime.timezone.utc).replace(
                tzinfo=None)
        except OverflowError:
            # 0001-01-01T00:00:00+01:00 is in year 0 in UTC.
            raise webob.exc.HTTPBadRequest(
                explanation="Invalid value '%s' for %s: in UTC it falls "
                            "outside the years 1 to 9999." % (text, name))
    return value


def one_of(params, name, allowed, default=None):
    if name not in params:
        return default
    value = params[name]
    if value not in allowed:
        raise webob.exc.HTTPBadRequest(
            explanation="Invalid value '%s' for %s. Allowed values: %s."
                        % (value, name, ', '.join(allowed)))
    return value


def literal_dict(text):
    """The dict a query parameter writes as a Python literal, as Manila
    takes dict filters ({'key': 'value'}), or None when it is not one.
    literal_eval evaluates literals only, never code."""
    if len(text) > _LITERAL_MAX:
        return None
    try:
        value = literals.evaluate(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
