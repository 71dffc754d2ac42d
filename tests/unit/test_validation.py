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
    assert 'created_before' in caught.value.explanation


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
    assert 'all_projects' in caught.value.explanation


@pytest.mark.parametrize('text', ['-1', 'ten', '1.5', '', '1e3'])
def test_non_negative_int_rejects(text):
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.non_negative_int({'limit': text}, 'limit')
    assert 'limit' in caught.value.explanation


def test_non_negative_int_caps_at_maximum():
    assert validation.non_negative_int({'limit': '5000'}, 'limit', None,
                                       1000) == 1000
    assert validation.non_negative_int({'offset': '0'}, 'offset') == 0


def test_one_of():
    assert validation.one_of({'sort_dir': 'asc'}, 'sort_dir',
                             ('asc', 'desc')) == 'asc'
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.one_of({'sort_dir': 'up'}, 'sort_dir', ('asc', 'desc'))
    assert 'sort_dir' in caught.value.explanation


def test_only_keys_names_the_extra_keys():
    with pytest.raises(webob.exc.HTTPBadRequest) as caught:
        validation.only_keys({'lock_reason': 'x', 'resource_id': UUID},
                             ('resource_action', 'lock_reason'),
                             'resource_lock')
    assert 'resource_id' in caught.value.explanation
    validation.only_keys({'lock_reason': 'x'},
                         ('resource_action', 'lock_reason'), 'resource_lock')


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
