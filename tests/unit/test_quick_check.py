"""api/quick_check: a quick yes only where jsonschema says yes.

| what                                        | checked                      |
|---------------------------------------------|------------------------------|
| every module-level schema of the API        | compiles, or None for a      |
|                                             | keyword it leaves alone      |
| bodies shaped by each schema (hypothesis),  | quick True => jsonschema     |
| valid or a step away from valid             | valid (never the other way   |
|                                             | round)                       |
| the same bodies                             | the quick yes is given for   |
|                                             | most valid ones (it is used) |
| keywords by hand: type (bool is no integer),| as Draft 7 with the service's|
| enum with its types, required, additional-  | format checker               |
| Properties, bounds, pattern, format, items  |                              |
| a keyword it does not decide                | None: jsonschema decides     |
| validation.validate                         | the quick path answers the   |
|                                             | body; a refused body still   |
|                                             | gets jsonschema's 400 wording|
"""
import importlib
import pkgutil
import uuid

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import jsonschema
import pytest
import webob.exc

from manila_locks.api import quick_check
from manila_locks.api import schemas as api_schemas
from manila_locks.api import validation
from manila_locks.host import schemas as host_schemas

CHECKER = validation._FORMAT_CHECKER


def _module_schemas():
    found = {}
    for package in (api_schemas, host_schemas):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(
                '%s.%s' % (package.__name__, info.name))
            for name, value in vars(module).items():
                if (isinstance(value, dict) and 'type' in value and
                        not name.startswith('__')):
                    found['%s.%s' % (info.name, name)] = value
    return found


SCHEMAS = _module_schemas()
COMPILED = {name: quick_check.compile_schema(schema, CHECKER)
            for name, schema in SCHEMAS.items()}


def test_the_hot_bodies_compile():
    from manila_locks.api.schemas import resource_lock
    assert quick_check.compile_schema(resource_lock.create, CHECKER)
    # Most of the service's schemas use only what the quick check decides.
    assert sum(check is not None for check in COMPILED.values()) >= (
        len(COMPILED) // 2), sorted(name for name, check in COMPILED.items()
                                    if check is None)


_ODD_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3),
    st.integers(-2 ** 70, 2 ** 70), st.floats(allow_nan=True),
    st.just(1.0), st.text(max_size=8), st.just(''), st.just('x' * 300),
    st.just(str(uuid.uuid4())), st.just(uuid.uuid4().hex),
    st.just('not-a-uuid-but-36-characters-long-xx'))


def _near(schema):
    """Bodies shaped by `schema`: mostly valid ones (their leaves of the
    schema's own kinds), and ones a value or a key away from valid (a
    wrong type, an extra key, a missing one)."""
    return st.one_of(_shaped(schema, odd=False), _shaped(schema, odd=True))


def _shaped(schema, odd, depth=0):
    """`odd`: leaves may be any odd scalar too, objects any keys."""
    if not isinstance(schema, dict) or depth > 6:
        return _ODD_SCALARS
    options = []
    if 'enum' in schema:
        options.append(st.sampled_from(schema['enum']))
    types = schema.get('type', [])
    types = [types] if isinstance(types, str) else types
    if 'object' in types or 'properties' in schema:
        properties = schema.get('properties', {})
        required = [key for key in schema.get('required', [])
                    if key in properties]
        optional = {key: _shaped(sub, odd, depth + 1)
                    for key, sub in properties.items()
                    if key not in required}
        options.append(st.fixed_dictionaries(
            {key: _shaped(properties[key], odd, depth + 1)
             for key in required}, optional=optional))
        if odd:
            options.append(st.dictionaries(
                st.sampled_from(list(properties) + ['extra']) if properties
                else st.just('extra'), _ODD_SCALARS, max_size=3))
    if 'array' in types:
        options.append(st.lists(_shaped(schema.get('items', {}), odd,
                                        depth + 1), max_size=3))
    if 'string' in types:
        if schema.get('format') == 'uuid':
            options.append(st.builds(lambda: str(uuid.uuid4())))
        options.append(st.text(min_size=schema.get('minLength', 0),
                               max_size=schema.get('maxLength', 20) + 2))
    if 'integer' in types or 'number' in types:
        options.append(st.integers(schema.get('minimum', -5) - 1,
                                   schema.get('maximum', 5) + 1))
    if 'boolean' in types:
        options.append(st.booleans())
    if 'null' in types:
        options.append(st.none())
    if odd or not options:
        options.append(_ODD_SCALARS)
    return st.one_of(options)


_COMPILED_NAMES = sorted(name for name, check in COMPILED.items()
                         if check is not None)


@pytest.mark.parametrize('name', _COMPILED_NAMES)
def test_a_quick_yes_is_always_jsonschema_s_yes(name):
    schema, check = SCHEMAS[name], COMPILED[name]
    validator = jsonschema.Draft7Validator(schema, format_checker=CHECKER)
    answers = []

    @settings(max_examples=100, deadline=None, database=None,
              derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_near(schema))
    def agree(body):
        valid = validator.is_valid(body)
        quick = check(body)
        answers.append((body, quick, valid))
        assert not quick or valid, body
    agree()
    # Where hypothesis found valid bodies, the quick check said yes to
    # them (a quick check that never says yes is no quicker), but for
    # those with a float where an integer goes (1.0): Draft 7 takes it,
    # the quick check leaves it to jsonschema.
    said_yes = [quick for body, quick, valid in answers
                if valid and not _has_float(body)]
    assert all(said_yes), name
    if name in _HOT:
        assert len(said_yes) >= 5, (name, len(said_yes))


# Bodies of the requests the benchmark measures, and others often sent:
# hypothesis must find valid ones for them, or the quick yes goes untested.
_HOT = {'resource_lock.create', 'resource_lock.update',
        'transfers.create', 'shares.extend', 'shares.create'}


def _has_float(body):
    if isinstance(body, dict):
        return any(_has_float(value) for value in body.values())
    if isinstance(body, list):
        return any(_has_float(value) for value in body)
    return type(body) is float


@pytest.mark.parametrize('schema,body,expected', [
    ({'type': 'integer'}, 1, True),
    ({'type': 'integer'}, True, False),         # a bool is no integer
    ({'type': 'number'}, 1.5, True),
    ({'type': 'number'}, False, False),
    ({'type': ['string', 'null']}, None, True),
    ({'enum': ['a', None]}, None, True),
    ({'enum': [1]}, True, False),               # True == 1, but not here
    ({'enum': [1]}, 1.0, False),                # jsonschema decides
    ({'type': 'object', 'required': ['a']}, {}, False),
    ({'type': 'object', 'properties': {'a': {}},
      'additionalProperties': False}, {'b': 1}, False),
    ({'type': 'object', 'properties': {'a': {'type': 'string'}}},
     {'a': 1}, False),
    ({'type': 'string', 'maxLength': 2}, 'abc', False),
    ({'type': 'string', 'minLength': 1}, '', False),
    ({'type': 'string', 'pattern': '^a'}, 'ba', False),
    ({'type': 'string', 'format': 'uuid'}, 'nope', False),
    ({'type': 'string', 'format': 'uuid'}, str(uuid.UUID(int=1)), True),
    ({'type': 'integer', 'minimum': 1, 'maximum': 3}, 4, False),
    ({'type': 'array', 'items': {'type': 'integer'}, 'maxItems': 2},
     [1, 2], True),
    ({'type': 'array', 'items': {'type': 'integer'}}, [1, 'a'], False),
    ({'maxLength': 2}, 12345, True),            # a bound of another type
    ({'type': 'object', 'minProperties': 1}, {}, False),
    ({'description': 'x', 'x-messages': {}, 'type': 'null'}, None, True),
])
def test_keywords_as_draft_7_reads_them(schema, body, expected):
    check = quick_check.compile_schema(schema, CHECKER)
    assert check(body) is expected
    if expected:
        jsonschema.Draft7Validator(schema, format_checker=CHECKER).validate(
            body)


class _Dict(dict):
    pass


def test_a_subclass_of_a_json_type_gets_its_keywords_applied():
    # json.loads builds none, but jsonschema applies object keywords to
    # any dict: so does the quick check, or it would say yes wrongly.
    schema = {'properties': {'a': {'required': ['z']}}}
    assert quick_check.compile_schema(schema, CHECKER)(
        _Dict(a=_Dict())) is False
    assert quick_check.compile_schema({'type': 'object'}, CHECKER)(
        _Dict()) is False           # no exact type: jsonschema decides


def test_a_schema_it_cannot_build_is_left_to_jsonschema(monkeypatch):
    # A lookbehind of variable width: Python's re refuses it.
    bad = {'type': 'string', 'pattern': '(?<=a+)b'}
    assert quick_check.compile_schema(bad, CHECKER) is None


@pytest.mark.parametrize('schema', [
    {'anyOf': [{'type': 'string'}]},
    {'type': 'object', 'properties': {'a': {'not': {'type': 'null'}}}},
    {'type': 'array', 'items': [{'type': 'string'}]},
    {'type': 'object', 'additionalProperties': {'type': 'string'}},
    {'enum': [[1]]},
    {'$ref': '#/definitions/x'},
])
def test_a_keyword_it_does_not_decide_leaves_the_schema_to_jsonschema(
        schema):
    assert quick_check.compile_schema(schema, CHECKER) is None


def test_validate_takes_the_quick_yes_and_words_a_refusal_as_before(
        monkeypatch):
    from manila_locks.api.schemas import resource_lock
    monkeypatch.setattr(validation, '_VALIDATORS', {})
    body = {'resource_lock': {'resource_id': str(uuid.uuid4())}}

    def not_asked(*args, **kwargs):
        raise AssertionError('jsonschema was asked about a valid body')
    validation.validate(resource_lock.create, {'resource_lock': {
        'resource_id': str(uuid.uuid4())}})     # built and cached
    validator, _ = validation._VALIDATORS[id(resource_lock.create)][1]
    monkeypatch.setattr(type(validator), 'iter_errors', not_asked)
    assert validation.validate(resource_lock.create, body) is body
    monkeypatch.undo()
    with pytest.raises(webob.exc.HTTPBadRequest) as refused:
        validation.validate(resource_lock.create, {'resource_lock': {
            'resource_id': 'nope'}})
    assert 'resource_lock/resource_id' in refused.value.explanation
