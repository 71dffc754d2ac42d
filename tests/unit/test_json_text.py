"""api/json_text and the rule views written with it: byte for byte what
json.dumps writes.

| what                                      | checked against                |
|-------------------------------------------|--------------------------------|
| json_text.string of any string (lone      | json.dumps of the same string  |
| surrogates too)                           |                                |
| string_dict of any strings                | json.dumps of the dict         |
| object_template with keys holding quotes, | json.dumps of the dict, any    |
| backslashes, '%', non-ASCII               | JSON values in it              |
| array of texts, empty or not              | json.dumps of the list         |
| a rule view (one, many) on each side of   | json.dumps of the rule as      |
| 2.21, 2.28, 2.33, 2.45 and at the newest, | Manila shows it: the fields of |
| with                                      |                                |
| rules redacted or not, timestamps as      | the version in Manila's order, |
| datetimes, wire text or None, access_key  | ****** for a restricted rule's |
| None or text, metadata or none, every     | access_to and access_key,      |
| state (transitional ones before 2.28)     | 'new' for a transitional state |
|                                           | before 2.28                    |
"""
import datetime
import json
import types

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from manila_locks.api import json_text
from manila_locks.api import microversion
from manila_locks.host.views import access_rules as view

ANY_TEXT = st.text(st.characters(), max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT |
    st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        ANY_TEXT, inner, max_size=3), max_leaves=8)
STATES = ['new', 'active', 'error', 'queued_to_apply', 'applying',
          'queued_to_deny', 'denying', 'queued_to_update', 'updating']
TRANSITIONAL = {'queued_to_apply', 'applying', 'queued_to_deny', 'denying',
                'queued_to_update', 'updating'}


@given(ANY_TEXT)
def test_a_string_is_written_as_json_dumps_writes_it(text):
    assert json_text.string(text) == json.dumps(text)


@given(st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=4))
def test_a_dict_of_strings_is_written_as_json_dumps_writes_it(strings):
    assert json_text.string_dict(strings) == json.dumps(strings)


@given(st.dictionaries(ANY_TEXT | st.sampled_from(['%s', '%', '"%d"', '\\']),
                       JSON_VALUES, max_size=5))
def test_an_object_template_holds_its_keys_as_json_dumps_writes_them(body):
    template = json_text.object_template(list(body))
    texts = tuple(json.dumps(item) for item in body.values())
    assert template % texts == json.dumps(body)


@given(st.lists(JSON_VALUES, max_size=5))
def test_an_array_of_texts_is_the_list_json_dumps_writes(items):
    assert json_text.array([json.dumps(item) for item in items]) == (
        json.dumps(items))


def _timestamp(draw_value):
    if isinstance(draw_value, datetime.datetime):
        return draw_value.strftime('%Y-%m-%dT%H:%M:%S.%f')
    return draw_value


TIMESTAMPS = (st.none() | st.datetimes(min_value=datetime.datetime(1, 1, 1)) |
              st.just('2026-12-05T03:17:29.430328'))
RULES = st.builds(
    types.SimpleNamespace, id=ANY_TEXT, share_id=ANY_TEXT,
    access_level=st.sampled_from(['rw', 'ro']), access_to=ANY_TEXT,
    access_type=st.sampled_from(['ip', 'user', 'cert', 'cephx']),
    state=st.sampled_from(STATES), access_key=st.none() | ANY_TEXT,
    created_at=TIMESTAMPS, updated_at=TIMESTAMPS)


def _as_manila_shows(version, rule, restricted, metadata, with_share_id):
    """The rule's dictionary, written out field by field as the api-ref
    lists them per version (not from the view's code)."""
    hidden = rule.id in restricted
    state = rule.state
    if not version.at_least('2.28') and state in TRANSITIONAL:
        state = 'new'
    body = {'id': rule.id}
    if with_share_id:
        body['share_id'] = rule.share_id
    body.update(access_level=rule.access_level,
                access_to='******' if hidden else rule.access_to,
                access_type=rule.access_type, state=state)
    if version.at_least('2.21'):
        body['access_key'] = '******' if hidden else rule.access_key
    if version.at_least('2.33'):
        body['created_at'] = _timestamp(rule.created_at)
        body['updated_at'] = _timestamp(rule.updated_at)
    if version.at_least('2.45'):
        body['metadata'] = metadata.get(rule.id, {})
    return body


# Each side of every version at which a rule's fields change, and the
# newest.
VERSIONS = ['2.0', '2.20', '2.21', '2.27', '2.28', '2.32', '2.33', '2.44',
            '2.45', microversion.VERSIONS[-1]]


@settings(max_examples=300)
@given(version=st.sampled_from(VERSIONS),
       rules=st.lists(RULES, max_size=4, unique_by=lambda rule: rule.id),
       data=st.data())
def test_rule_views_write_what_json_dumps_writes(version, rules, data):
    version = microversion.Version.parse(version)
    ids = [rule.id for rule in rules]
    restricted = set(data.draw(st.lists(st.sampled_from(ids)) if ids else
                               st.just([])))
    metadata = {rule_id: data.draw(st.dictionaries(ANY_TEXT, ANY_TEXT,
                                                   max_size=2))
                for rule_id in ids if data.draw(st.booleans())}
    details = types.SimpleNamespace(rules=rules, metadata=metadata,
                                    restricted=restricted)
    listed = view.many(version, details)
    assert listed == json.dumps({'access_list': [
        _as_manila_shows(version, rule, restricted, metadata, False)
        for rule in rules]})
    for rule in rules:
        alone = types.SimpleNamespace(rules=[rule], metadata=metadata,
                                      restricted=restricted)
        assert view.one(version, alone) == json.dumps({
            'access': _as_manila_shows(version, rule, restricted, metadata,
                                       True)})
