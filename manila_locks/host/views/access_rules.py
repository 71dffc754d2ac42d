"""Access rule representation, per microversion (Manila's share access
views), written as JSON text (api/json_text): a list of 1000 rules is the
largest body the service sends, and building its dictionaries and
json.dumps of them took 40% of its CPU on SQLite.

``_texts`` writes every rule that leaves the service, on every endpoint and
at every version, and is the only place that applies redaction: a rule whose
id is in ``details.restricted`` shows ``******`` for access_to and
access_key.
"""
import functools
import operator

from manila_locks.api import json_text
from manila_locks.api.views.timestamps import isotime
from manila_locks.core import vocabulary as v

# Rule states before 2.28 knew nothing of: shown there as 'new'.
_TRANSITIONAL = frozenset(['queued_to_apply', 'applying', 'queued_to_deny',
                           'denying', 'queued_to_update', 'updating'])
_string = json_text.string
_REDACTED = _string(v.REDACTED)
_NULL = json_text.NULL
_NO_METADATA = '{}'


@functools.lru_cache(maxsize=None)
def _template(with_share_id, access_key, timestamps, metadata):
    keys = ['id']
    if with_share_id:
        keys.append('share_id')
    keys += ['access_level', 'access_to', 'access_type', 'state']
    if access_key:
        keys.append('access_key')
    if timestamps:
        keys += ['created_at', 'updated_at']
    if metadata:
        keys.append('metadata')
    return json_text.object_template(keys)


class _Shape:
    """What the request's microversion shows of a rule, decided once per
    response rather than once per field of every rule."""

    def __init__(self, req, with_share_id):
        self.with_share_id = with_share_id
        self.all_states = req.at_least('2.28')
        self.access_key = req.at_least('2.21')
        self.timestamps = req.at_least('2.33')
        self.metadata = req.at_least('2.45')
        self.template = _template(with_share_id, self.access_key,
                                  self.timestamps, self.metadata)


# A field of each rule (map them over the rules).
(_SHARE_ID, _ACCESS_LEVEL, _ACCESS_TO, _ACCESS_TYPE, _STATE, _ACCESS_KEY,
 _CREATED_AT, _UPDATED_AT) = map(operator.attrgetter, (
     'share_id', 'access_level', 'access_to', 'access_type', 'state',
     'access_key', 'created_at', 'updated_at'))


def _nullable(values):
    return [_NULL if value is None else _string(value) for value in values]


def _timestamps(values):
    # Text already on a rule list (db.base.timestamp_text), a datetime
    # from a rule read alone.
    return [_string(value) if value.__class__ is str else
            _NULL if value is None else _string(isotime(value))
            for value in values]


def _redacted(hidden, texts):
    return [_REDACTED if secret else text
            for secret, text in zip(hidden, texts)]


def _texts(shape, rules, details):
    """Each of `rules` (a list: it is read once per field) as JSON text,
    its fields in shape.template's order.

    Written a field at a time across the rules: a column of plain strings
    (id, share_id, access_level, access_type, state) is one map of json's
    C encoder over it, with no Python call per value; the others are a
    comprehension each (redaction, None, timestamps, metadata, whose
    non-empty dicts take a call each). What a rule holds (the columns'
    types): strings; None for access_key and the timestamps, which are
    text on a list and datetimes on a rule read alone; metadata string to
    string. Redaction is here, and only here: a rule whose id is in
    details.restricted shows ****** for access_to and access_key."""
    ids = [rule.id for rule in rules]
    hidden = [rule_id in details.restricted for rule_id in ids]
    columns = [map(_string, ids)]
    if shape.with_share_id:
        columns.append(map(_string, map(_SHARE_ID, rules)))
    states = map(_STATE, rules)
    if not shape.all_states:
        states = ['new' if state in _TRANSITIONAL else state
                  for state in states]
    columns += [map(_string, map(_ACCESS_LEVEL, rules)),
                _redacted(hidden, map(_string, map(_ACCESS_TO, rules))),
                map(_string, map(_ACCESS_TYPE, rules)),
                map(_string, states)]
    if shape.access_key:
        columns.append(_redacted(hidden,
                                 _nullable(map(_ACCESS_KEY, rules))))
    if shape.timestamps:
        columns += [_timestamps(map(_CREATED_AT, rules)),
                    _timestamps(map(_UPDATED_AT, rules))]
    if shape.metadata:
        columns.append([json_text.string_dict(metadata) if metadata else
                        _NO_METADATA
                        for metadata in map(details.metadata.get, ids)])
    template = shape.template
    # strict: a column shorter than the rules (an iterator for `rules`)
    # is an error, not rules left out.
    return [template % fields for fields in zip(*columns, strict=True)]


def one(req, details):
    """{"access": rule} for the single rule in `details`, as JSON text."""
    (rule,) = details.rules
    (text,) = _texts(_Shape(req, with_share_id=True), [rule], details)
    return '{"access": %s}' % text


def many(req, details):
    """{"access_list": [rule, ...]} as JSON text, without share_id as
    Manila lists."""
    shape = _Shape(req, with_share_id=False)
    return '{"access_list": %s}' % json_text.array(
        _texts(shape, details.rules, details))
