"""Typed query parameters and body validation: every failure is a 400 that
names the field."""
import datetime

import pytest
import webob.exc

from manila_locks.api.schemas import resource_lock as schema
from manila_locks.api import validation

UUID = '4f6a1c52-9a2e-4d8c-8a8e-0c7d3b1e2f90'


@pytest.mark.parametrize('text, expected', [
    ('2026-11-23 18:36:13.765432',
     datetime.datetime(2026, 11, 23, 18, 36, 13, 765432)),
    ('2026-11-23T18:36:13.765432',
     datetime.datetime(2026, 11, 23, 18, 36, 13, 765432)),
    ('2026-11-23T18:36:13Z', datetime.datetime(2026, 11, 23, 18, 36, 13)),
    ('2026-11-23T20:36:13+02:00',
     datetime.datetime(2026, 11, 23, 18, 36, 13)),
    ('2026-11-23', datetime.datetime(2026, 11, 23)),
])
def test_timestamp_accepts_manila_and_iso_forms(text, expected):
    assert validation.timestamp({'created_since': text},
                                'created_since') == expected


@pytest.mark.parametrize('text', ['None', '2222-22-22', 'a_year_ago',
                                  'epoch', 'december', ''])
def test_timestamp_rejects_the_rest(text):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.timestamp({'created_before': text}, 'created_before')
    assert caught.value.explanation == (
        "Invalid value '%s' for created_before: a date and time such as "
        "2026-11-23T18:36:13.765432 is required." % text)


def test_absent_timestamp_is_none():
    assert validation.timestamp({}, 'created_since') is None


@pytest.mark.parametrize('text, expected', [
    ('true', True), ('True', True), ('1', True), ('yes', True),
    ('false', False), ('0', False), ('off', False), ('FALSE', False)])
def test_boolean(text, expected):
    assert validation.boolean({'with_count': text}, 'with_count') is expected


@pytest.mark.parametrize('text', ['maybe', '', '2', 'truthy'])
def test_boolean_rejects_non_booleans(text):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.boolean({'all_projects': text}, 'all_projects')
    assert caught.value.explanation == (
        "Invalid value '%s' for all_projects: a boolean is required." % text)


@pytest.mark.parametrize('text', ['-1', 'ten', '1.5', '', '1e3'])
def test_non_negative_int_rejects(text):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.non_negative_int({'limit': text}, 'limit')
    assert caught.value.explanation == (
        "Invalid value '%s' for limit: a non-negative integer is required."
        % text)


def test_non_negative_int_caps_at_maximum():
    assert validation.non_negative_int({'limit': '5000'}, 'limit', None,
                                       1000) == 1000
    assert validation.non_negative_int({'offset': '0'}, 'offset') == 0


def test_one_of():
    assert validation.one_of({'sort_dir': 'asc'}, 'sort_dir',
                             ('asc', 'desc')) == 'asc'
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.one_of({'sort_dir': 'up'}, 'sort_dir', ('asc', 'desc'))
    assert caught.value.explanation == (
        "Invalid value 'up' for sort_dir. Allowed values: asc, desc.")


def test_lock_update_names_the_keys_it_takes_and_the_extra_ones():
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.validate(schema.update, {'resource_lock': {
            'lock_reason': 'x', 'resource_id': UUID, 'color': 'red'}})
    assert caught.value.explanation == (
        "Only 'resource_action' and 'lock_reason' can be set in "
        "resource_lock; not allowed: color, resource_id.")
    body = {'resource_lock': {'lock_reason': 'x'}}
    assert validation.validate(schema.update, body) is body


def test_other_closed_objects_keep_jsonschemas_message():
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.validate(schema.create, {'resource_lock': {
            'resource_id': UUID, 'color': 'red'}})
    assert caught.value.explanation == (
        "Invalid input for field/attribute resource_lock. Additional "
        "properties are not allowed ('color' is not allowed)")


@pytest.mark.parametrize('value, expected', [
    (UUID, True), (UUID.replace('-', ''), True), ('not-a-uuid', False),
    (UUID[:-1], False), (42, False)])
def test_is_uuid(value, expected):
    assert validation.is_uuid(value) is expected


@pytest.mark.parametrize('lock, field', [
    ({'resource_id': 'abc'}, 'resource_id'),
    ({'resource_id': UUID, 'resource_type': 'volume'}, 'resource_type'),
    ({'resource_id': UUID, 'resource_action': 'extend'}, 'resource_action'),
    ({'resource_id': UUID, 'lock_reason': 'x' * 1024}, 'lock_reason'),
    ({'resource_id': UUID, 'color': 'red'}, 'color'),
    ({}, 'resource_id'),
])
def test_create_schema_rejects(lock, field):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.validate(schema.create, {'resource_lock': lock})
    assert field in caught.value.explanation


def test_create_schema_accepts_nulls_and_extra_outer_keys():
    body = {'resource_lock': {'resource_id': UUID, 'resource_type': None,
                              'resource_action': None, 'lock_reason': None},
            'something_else': 1}
    assert validation.validate(schema.create, body) is body


def test_reason_of_1023_characters_is_accepted():
    validation.validate(schema.update,
                        {'resource_lock': {'lock_reason': 'x' * 1023}})


@pytest.mark.parametrize('text', ['0001-01-01T00:00:00+01:00',
                                  '9999-12-31T23:59:59-01:00',
                                  '0001-01-01T00:59:59+01:00'])
def test_timestamp_outside_the_years_in_utc_is_a_400(text):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.timestamp({'created_since': text}, 'created_since')
    assert caught.value.explanation == (
        "Invalid value '%s' for created_since: in UTC it falls outside the "
        "years 1 to 9999." % text)


@pytest.mark.parametrize('text, expected', [
    ('0001-01-01T01:00:00+01:00', datetime.datetime(1, 1, 1)),
    ('9999-12-31T22:59:59-01:00', datetime.datetime(9999, 12, 31, 23, 59,
                                                    59)),
])
def test_timestamp_at_the_edges_in_utc(text, expected):
    assert validation.timestamp({'created_since': text},
                                'created_since') == expected


@pytest.mark.parametrize('text', ['a\x00b', '\x00', '\ud800', 'x\udfff',
                                  '\ud83d'])
def test_unstorable_characters(text):
    assert not validation.storable(text)


@pytest.mark.parametrize('text', ['', 'plain', '\U0001F600', '\uffff',
                                  '\x01\x1f', 'caf\u00e9'])
def test_storable_characters(text):
    assert validation.storable(text)


@pytest.mark.parametrize('value, where', [
    ('\x00', 'the URL path'),
    ({'share': {'name': '\ud800'}},
     "field 'share/name' of the request body"),
    ({'a': [1, {'b': ['ok', 'x\x00']}]},
     "field 'a/1/b/1' of the request body"),
    ({'metadata': {'\x00': 'v'}},
     "a key of field 'metadata' of the request body"),
    ({'\ud800': 1}, 'a key of the request body'),
    ({'k' * 100: '\x00'}, "field '%s...' of the request body" % ('k' * 77)),
])
def test_refuse_unstorable_names_where(value, where):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.refuse_unstorable(
            value, 'the URL path' if isinstance(value, str) else
            'the request body')
    assert caught.value.explanation == (
        'Invalid input received: %s contains characters the service cannot '
        'store (NUL, or a UTF-16 surrogate that is not part of a pair).'
        % where)


def test_refuse_unstorable_accepts_every_json_type():
    validation.refuse_unstorable(
        {'a': [None, True, 1, 1.5, float('inf'), 'x', {'b': '\U0001F600'}]},
        'the request body')


def test_refuse_unstorable_walks_deeper_than_the_stack():
    value = 'x\x00'
    for _ in range(100000):
        value = [value]
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.refuse_unstorable({'deep': value}, 'the request body')
    assert "field 'deep/0/0/0/" in caught.value.explanation


@pytest.mark.parametrize('text', [
    'true', ' TRUE ', 'Yes', 'y', 'on', '1', 't', '\u2003off\n', 'no',
    'False', 'F', '0', 'n', 'nO', '', ' ', 'maybe', 'truee', '01',
    'yes no', 'ye\u017f', 'true\nx', 'null', '\ttrue\t',
])
def test_lenient_bool_schema_takes_what_to_bool_reads(text):
    schema = {'type': 'object', 'properties': {
        'flag': validation.lenient_bool(['boolean', 'string'], 'flag')}}
    if validation.to_bool(text) is None:
        with pytest.raises(webob.exc.HTTPBadRequest) as refused:
            validation.validate(schema, {'flag': text})
        assert refused.value.explanation == (
            "Invalid value '%s' for flag: a boolean is required." % text)
    else:
        validation.validate(schema, {'flag': text})
        assert validation.to_bool_value(text) is validation.to_bool(text)


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), (None, False), ('YES', True),
    ('off', False)])
def test_to_bool_value(value, expected):
    assert validation.to_bool_value(value) is expected


def test_a_message_names_the_refused_value():
    schema = {'type': 'object', 'properties': {'size': {
        'type': 'integer', validation.MESSAGES: {
            'type': "Size '{value}' is not a number of GiB."}}}}
    with pytest.raises(webob.exc.HTTPBadRequest) as refused:
        validation.validate(schema, {'size': 'big'})
    assert refused.value.explanation == "Size 'big' is not a number of GiB."


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), (None, False), (1, True), (0, False),
    (' Yes ', True), ('off', False), (1.0, None), (2, None), ([1], None),
    ({}, None), ('maybe', None), ('', None),
])
def test_any_bool_reads_every_json_type_as_text(value, expected):
    schema = {'type': 'object',
              'properties': {'force': validation.any_bool('force')}}
    if expected is None:
        with pytest.raises(webob.exc.HTTPBadRequest) as refused:
            validation.validate(schema, {'force': value})
        assert refused.value.explanation == (
            "Invalid value '%s' for force: a boolean is required." % value)
    else:
        validation.validate(schema, {'force': value})
        assert validation.to_bool_value(value) is expected


def test_a_schema_validator_is_built_once(monkeypatch):
    built = []
    real = validation.jsonschema.Draft7Validator

    def counting(*args, **kwargs):
        built.append(args[0])
        return real(*args, **kwargs)
    monkeypatch.setattr(validation.jsonschema, 'Draft7Validator', counting)
    monkeypatch.setattr(validation, '_VALIDATORS', {})
    body = {'resource_lock': {'resource_id': UUID}}
    for _ in range(3):
        validation.validate(schema.create, body)
    assert built == [schema.create]


def test_an_equal_schema_of_its_own_gets_its_own_validator(monkeypatch):
    # Cached by the schema object, never by its content or a reused id:
    # a second schema, mutated after the first was cached, is its own.
    monkeypatch.setattr(validation, '_VALIDATORS', {})
    first = {'type': 'object', 'properties': {'n': {'type': 'integer'}}}
    second = {'type': 'object', 'properties': {'n': {'type': 'integer'}}}
    validation.validate(first, {'n': 1})
    second['properties']['n']['type'] = 'string'
    validation.validate(second, {'n': 'one'})
    with pytest.raises(webob.exc.HTTPBadRequest):
        validation.validate(second, {'n': 1})
    validation.validate(first, {'n': 1})


def test_the_cache_never_grows_past_its_bound(monkeypatch):
    monkeypatch.setattr(validation, '_VALIDATORS', {})
    monkeypatch.setattr(validation, '_MAX_VALIDATORS', 2)
    schemas = [{'type': 'object', 'required': ['k%d' % n]}
               for n in range(5)]
    for number, each in enumerate(schemas):
        validation.validate(each, {'k%d' % number: 1})
        with pytest.raises(webob.exc.HTTPBadRequest):
            validation.validate(each, {})
        assert len(validation._VALIDATORS) <= 2
    # Started again when full: the last schema is cached.
    assert validation._VALIDATORS[id(schemas[-1])][0] is schemas[-1]


def test_a_versioned_schema_is_one_object_per_variant():
    from manila_locks.api import openapi
    from manila_locks.host.schemas import access_rules
    at = openapi.VersionedRequest
    assert access_rules.allow(at('2.82')) is access_rules.allow(at('2.90'))
    assert access_rules.allow(at('2.82')) is not access_rules.allow(
        at('2.44'))
    assert 'lock_reason' not in access_rules.allow(at('2.81'))['properties']
    assert access_rules.deny(at('2.82')) is access_rules.deny(at('2.99'))
    assert 'unrestrict' not in access_rules.deny(at('2.81'))['properties']
