"""Bounded concurrent HTTP clients for the race tests.

Every call has a timeout; every race runs a fixed number of threads that
start together behind a barrier and must all finish within RACE_TIMEOUT.
Calls return a Reply and never raise on an HTTP status, so a test can
assert that every status is one it expects (a 500 never is).
"""
import collections
import contextlib
import dataclasses
import itertools
import threading
import uuid

import requests

REQUEST_TIMEOUT = 30
RACE_TIMEOUT = 90
VERSION = '2.82'


@dataclasses.dataclass
class Reply:
    status: int
    body: dict
    request_id: str


class Client:
    """One identity (noauth token user:project:roles) against a service."""

    def __init__(self, base_url, user, project, roles='member,reader'):
        # One service, or several (one per Galera node): each call then
        # goes to the next, round robin, so calls racing one another
        # arrive at different nodes.
        self.base_urls = ([base_url] if isinstance(base_url, str)
                          else list(base_url))
        self._urls = itertools.cycle(self.base_urls)
        self.user = user
        self.project = project
        self.token = '%s:%s:%s' % (user, project, roles)

    def call(self, method, path, body=None, version=VERSION):
        response = requests.request(
            method, next(self._urls) + path, json=body,
            timeout=REQUEST_TIMEOUT,
            headers={'X-Auth-Token': self.token,
                     'X-OpenStack-Manila-API-Version': version})
        try:
            payload = response.json() if response.content else {}
        except ValueError:
            payload = {'raw': response.text[:500]}
        return Reply(response.status_code, payload,
                     response.headers.get('x-openstack-request-id', ''))

    # What the tests do, each one HTTP call.
    def create_share(self):
        reply = self.call('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 1,
            'name': 'rel-' + uuid.uuid4().hex[:8]}})
        assert reply.status == 200, reply
        return reply.body['share']['id']

    def lock(self, resource_id, resource_type='share', action='delete'):
        return self.call('POST', '/resource-locks', {'resource_lock': {
            'resource_id': resource_id, 'resource_type': resource_type,
            'resource_action': action}})

    def offer(self, share_id):
        """A share transfer (2.77)."""
        return self.call('POST', '/share-transfers', {'transfer': {
            'share_id': share_id, 'name': None}})

    def accept(self, transfer_id, auth_key):
        return self.call('POST', '/share-transfers/%s/accept' % transfer_id,
                         {'accept': {'auth_key': auth_key,
                                     'clear_access_rules': False}})

    def delete_lock(self, lock_id):
        return self.call('DELETE', '/resource-locks/%s' % lock_id)

    def delete_share(self, share_id):
        return self.call('DELETE', '/shares/%s' % share_id)

    def action(self, share_id, name, value=None):
        return self.call('POST', '/shares/%s/action' % share_id,
                         {name: value})

    def allow(self, share_id, access_to, lock_deletion=False,
              lock_visibility=False, metadata=None):
        body = {'access_type': 'ip', 'access_to': access_to,
                'access_level': 'rw', 'lock_deletion': lock_deletion,
                'lock_visibility': lock_visibility}
        if metadata is not None:
            body['metadata'] = metadata
        return self.action(share_id, 'allow_access', body)

    def deny(self, share_id, rule_id, unrestrict=False):
        return self.action(share_id, 'deny_access', {
            'access_id': rule_id, 'unrestrict': unrestrict})


def race(calls):
    """Run the zero-argument callables at once, one thread each; return
    their results in order. Fails if any thread raised or did not finish
    within RACE_TIMEOUT."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait(RACE_TIMEOUT)
            results[index] = call()
        except Exception as exc:   # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, call), daemon=True)
               for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RACE_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), (
        'race did not finish within %ss' % RACE_TIMEOUT)
    assert not errors, errors
    return results


@contextlib.contextmanager
def looping(step, arguments):
    """Call step(*args) over and over, one thread per args in `arguments`,
    while the with-block runs; afterwards each thread ends within
    REQUEST_TIMEOUT (its last call) or the test fails."""
    stop = threading.Event()

    def loop(args):
        while not stop.is_set():
            step(*args)

    threads = [threading.Thread(target=loop, args=(args,), daemon=True)
               for args in arguments]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT + 5)
    assert not any(thread.is_alive() for thread in threads)


class Tally:
    """Counts of (what, status) over a run, checked against allowed sets."""

    def __init__(self, name):
        self.name = name
        self.counts = collections.Counter()
        self.unexpected = []

    def add(self, what, reply, allowed):
        self.counts[(what, reply.status)] += 1
        if reply.status not in allowed:
            self.unexpected.append((what, reply))

    def total(self, what=None, statuses=None):
        return sum(n for (w, s), n in self.counts.items()
                   if (what is None or w == what) and
                   (statuses is None or s in statuses))

    def summary(self, **extra):
        parts = ['%s %s=%d' % (what, status, n) for (what, status), n in
                 sorted(self.counts.items())]
        parts += ['%s=%s' % item for item in extra.items()]
        return '%s: attempts=%d %s' % (self.name, self.total(),
                                       ' '.join(parts))
