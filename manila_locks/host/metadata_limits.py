"""Limits on the metadata of shares and access rules, one check for both.

Keys are 1 to 255 characters and values 1 to 1023, the sizes of their
columns and Manila's limits, with Manila's messages. The item count is
capped by ``[DEFAULT] max_metadata_items``: each item is a row written
while the share (or rule) is row-locked, so an unbounded count would let
one request hold that lock for seconds.
"""
from manila_locks.core import exception

KEY_MAX = 255
VALUE_MAX = 1023


class KeysCollide(exception.Invalid):
    message = ('Invalid input received: metadata keys that differ only in '
               'characters outside the Basic Multilingual Plane are one key '
               'to the database.')


class TooManyItems(exception.Invalid):
    message = ('Invalid input received: a share or access rule can have '
               'at most %(maximum)d metadata items; this request would give '
               'it %(count)d.')


def check_count(count, maximum):
    if count > maximum:
        raise TooManyItems(maximum=maximum, count=count)


def check(metadata, maximum):
    """`metadata` (a dict or None) as a dict, or Invalid."""
    metadata = metadata or {}
    check_count(len(metadata), maximum)
    for key, value in metadata.items():
        if not key:
            raise exception.Invalid('Metadata property key is blank.')
        if len(key) > KEY_MAX:
            raise exception.Invalid('Metadata property key is greater '
                                    'than %d characters.' % KEY_MAX)
        if not isinstance(value, str):
            raise exception.Invalid('Metadata property value of %s must '
                                    'be a string.' % key)
        if not value:
            raise exception.Invalid('Metadata property value is blank.')
        if len(value) > VALUE_MAX:
            raise exception.Invalid('Metadata property value is greater '
                                    'than %d characters.' % VALUE_MAX)
    return metadata
