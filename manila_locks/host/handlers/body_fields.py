"""Reading fields of a request body the way Manila reads them: an entity
object and a share size."""
import re

import webob.exc

from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host.schemas import shares as schema

_DIGITS = re.compile(r'^\s*\d{1,32}\s*$')


def entity(req, key):
    """body[key] as an object; Manila answers 422 when it is missing."""
    body = wsgi.read_json(req)
    if not isinstance(body.get(key), dict):
        raise webob.exc.HTTPUnprocessableEntity(
            explanation="Malformed request body: a '%s' object is required."
                        % key)
    return body[key]


def size_param(value, message):
    """A size in GiB from an int or a digit string, or a 400 saying
    `message` (formatted with the value)."""
    text = str(value)
    shown = text if len(text) <= 40 else text[:37] + '...'
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and _DIGITS.match(value):
        size = int(value)
    else:
        raise exception.Invalid(message % {'value': shown})
    if size < 1:
        raise exception.Invalid(message % {'value': shown})
    if size > schema.MAX_SIZE:
        raise exception.Invalid('Size %s is larger than the largest share, '
                                '%d GiB.' % (shown, schema.MAX_SIZE))
    return size
