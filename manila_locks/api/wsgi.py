"""Request class, the wsgify every handler uses, and JSON helpers."""
import io
import json

import webob
import webob.dec
import webob.exc

from manila_locks.api import faults
from manila_locks.api import microversion
from manila_locks.api import validation
from manila_locks.core import exception

CONTEXT_KEY = 'manila_locks.context'
# The core.service.LockService the host built (host/deploy.py).
LOCK_SERVICE_KEY = 'manila_locks.lock_service'
CONF_KEY = 'manila_locks.conf'
JSON = 'application/json'


class Request(webob.Request):
    @property
    def context(self):
        return self.environ[CONTEXT_KEY]

    @property
    def api_version(self):
        return self.environ[microversion.ENVIRON_KEY]

    def at_least(self, version):
        return self.api_version.at_least(version)

    @property
    def conf(self):
        return self.environ[CONF_KEY]


class wsgify(webob.dec.wsgify):
    """wsgify that renders HTTP and domain errors as JSON faults."""
    RequestClass = Request

    def __call__(self, req, *args, **kwargs):
        if self.func is None or not isinstance(req, dict):
            return super().__call__(req, *args, **kwargs)
        # Called as a WSGI app: webob's own path also builds a spare
        # Response per request (req.response) and merges its cookies into
        # the one returned. Handlers here always return their Response
        # and set no cookies.
        environ, start_response = req, args[0]
        response = self.call_func(self.RequestClass(environ),
                                  *self.args, **self.kwargs)
        return response(environ, start_response)

    def call_func(self, req, *args, **kwargs):
        try:
            return super().call_func(req, *args, **kwargs)
        except webob.exc.HTTPException as exc:
            if exc.status_int < 400:
                return exc
            return faults.render(req.environ, exc)
        except exception.ManilaLocksError as exc:
            return faults.render(req.environ, faults.from_domain(exc))


def json_response(req, body, status=200):
    # Bodies are built fresh per request and never refer to themselves:
    # the encoder's check for cycles (an id in a dict per list and dict
    # written) is work for nothing.
    return json_text_response(req, json.dumps(body, check_circular=False),
                              status)


def json_text_response(req, text, status=200):
    """A response whose body is `text`, JSON already written (json_text)."""
    response = webob.Response(status=status, content_type='application/json',
                              charset='utf-8')
    response.body = text.encode('utf-8')
    return response


def bare_response(status):
    """webob's default Response (text/html, no body), as Manila answers
    some actions that change nothing."""
    response = webob.Response(status=status)
    response.body = b''
    return response


def empty_response(status):
    response = webob.Response(status=status)
    response.headers.pop('Content-Type', None)
    response.body = b''
    return response


def read_json(req):
    """The request body as a JSON object, or 400; also 400 when any string
    in it is one the database cannot store. Every handler reads its body
    here, so the URL's strings are checked in middleware.UrlCheck and the
    body's here, once, before any handler touches the database."""
    data = _body(req.environ)
    if data is None:
        data = req.body
    if not data:
        raise webob.exc.HTTPBadRequest(
            explanation='The request body is empty; a JSON object is '
                        'required.')
    content_type = req.environ.get('CONTENT_TYPE')
    if content_type is not None and content_type.split(';', 1)[0] != JSON:
        # Manila's word for a body declared as anything but JSON.
        raise webob.exc.HTTPBadRequest(
            explanation='Unsupported Content-Type')
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise webob.exc.HTTPBadRequest(
            explanation='Malformed request body: it is not valid JSON.')
    if not isinstance(body, dict):
        raise webob.exc.HTTPBadRequest(
            explanation='Malformed request body: a JSON object is required.')
    validation.refuse_unstorable(body, 'the request body')
    return body


def _body(environ):
    """The body of a request that declares its length (one within the
    limit: middleware.BodySizeLimit answers any other with 413), read
    from the input as it is, without webob's seekable copy; None for any
    other, which webob reads (req.body: a body of unknown length,
    through the limiter's reader). What was read stays readable: the
    input is then the body, for a second reader. 400 for a body shorter
    than its length (the client went away, or misstated it): nothing is
    done with a part of one."""
    length = environ.get('CONTENT_LENGTH')
    if not (length and length.isascii() and length.isdigit()):
        return None
    size = int(length)
    data = environ['wsgi.input'].read(size)
    environ['wsgi.input'] = io.BytesIO(data)
    if len(data) != size:
        raise webob.exc.HTTPBadRequest(
            explanation='The request body is shorter than its '
                        'Content-Length (%s bytes).' % length)
    return data


def read_action(req, known):
    """(name, argument) of the one action a POST .../action body names;
    400 when it names none, several, or one not in `known`."""
    body = read_json(req)
    if len(body) != 1:
        raise bad_request('The action body must hold exactly one action; '
                          'got %d keys.' % len(body))
    name, argument = next(iter(body.items()))
    if name not in known:
        raise bad_request('There is no such action: %s' % name)
    return name, argument


def bad_request(message):
    return webob.exc.HTTPBadRequest(explanation=message)
