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


def _texts(shape, rule, details):
    """The rule as JSON text, its fields in shape.template's order. The
    fields are encoded here, not by a function each (a list of 1000
    rules writes 8000), the metadata by json_text.string_dict. What a
    rule holds (the columns' types): strings, None for access_key and
    the timestamps, the timestamps text already on a list
    (db.base.timestamp_text) or datetimes, metadata string to string."""
    state = rule.state
    if not shape.all_states and state in _TRANSITIONAL:
        state = 'new'
    hidden = rule.id in details.restricted
    texts = [_string(rule.id)]
    if shape.with_share_id:
        texts.append(_string(rule.share_id))
    texts += (_string(rule.access_level),
              _REDACTED if hidden else _string(rule.access_to),
              _string(rule.access_type), _string(state))
    if shape.access_key:
        key = rule.access_key
        texts.append(_REDACTED if hidden else
                     _NULL if key is None else _string(key))
    if shape.timestamps:
        for value in (rule.created_at, rule.updated_at):
            texts.append(_string(value) if value.__class__ is str else
                         _NULL if value is None else _string(isotime(value)))
    if shape.metadata:
        metadata = details.metadata.get(rule.id)
        texts.append(json_text.string_dict(metadata) if metadata else
                     _NO_METADATA)
    return shape.template % tuple(texts)


def one(req, details):
    """{"access": rule} for the single rule in `details`, as JSON text."""
    (rule,) = details.rules
    return '{"access": %s}' % _texts(_Shape(req, with_share_id=True), rule,
                                     details)


def many(req, details):
    """{"access_list": [rule, ...]} as JSON text, without share_id as
    Manila lists."""
    shape = _Shape(req, with_share_id=False)
    return '{"access_list": %s}' % json_text.array(
        [_texts(shape, rule, details) for rule in details.rules])
