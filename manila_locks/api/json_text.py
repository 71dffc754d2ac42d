"""JSON written as text, for the one body where json.dumps' work per object
is a large part of the request: a share's rule list (1000 rules, ~235 kB).

The encoder's C code makes a list of (key, value) pairs of every object
and encodes every key again: over a quarter of a rule list's CPU on
SQLite. Here an object whose keys are known in advance is one
%-template, its keys encoded once, and each value is encoded by the
function json.dumps uses for strings. The text is byte for byte what
json.dumps(body, check_circular=False) writes ('{"k": v, "l": w}', ASCII
with \\u escapes): tests/unit/test_json_text.py compares the two.

What it writes is strings and null only (string_dict: strings to
strings): a value of another type is an error here (TypeError), where
json.dumps would have written it. The rule views hold no other.
"""
from json import encoder

# json.dumps' own string encoder (C where the interpreter has it).
string = encoder.encode_basestring_ascii
NULL = 'null'


def string_dict(strings):
    """A JSON object of string keys and string values (metadata), written
    without the encoder's per-call set-up, which costs more than the
    writing at this size."""
    return '{%s}' % ', '.join([string(key) + ': ' + string(item)
                               for key, item in strings.items()])


def object_template(keys):
    """A %-template of a JSON object with `keys` in this order: % a tuple of
    the values' JSON texts into it."""
    return '{%s}' % ', '.join('%s: %%s' % string(key).replace('%', '%%')
                              for key in keys)


def array(texts):
    """A JSON array of the JSON texts `texts`."""
    return '[%s]' % ', '.join(texts)
