"""In-process API fixtures: the real WSGI app, driven with webtest.

`api` is a client bound to one identity; `api.as_(...)` returns a client for
another. Identities use the noauth token form user:project[:roles].
"""
import pytest
import webtest

from manila_locks import conf as ml_conf
from manila_locks.host import deploy
from manila_locks import policy

LATEST = '2.99'


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark the last selected request of each gabbi story (after -k and the
    other deselections): test_gabbits.py stops the story's fixture after
    it."""
    last = {}
    for item in items:
        story = item.get_closest_marker('story')
        if story:
            last[story.args[0]] = item
    for item in last.values():
        item.last_of_story = True


class Client:
    def __init__(self, app, token, version=LATEST, service=False):
        self.app = app
        self.token = token
        self.version = version
        self.service = service

    def as_(self, token=None, version=None, service=None):
        return Client(self.app, token or self.token, version or self.version,
                      self.service if service is None else service)

    def headers(self, extra=None):
        headers = {'X-Auth-Token': self.token,
                   'X-OpenStack-Manila-API-Version': self.version}
        if self.service:
            headers['X-Service-Roles'] = 'service'
        headers.update(extra or {})
        return headers

    def get(self, path, status=200, **kw):
        return self.app.get('/v2' + path, headers=self.headers(
            kw.pop('headers', None)), status=status, **kw)

    def post(self, path, body, status=200, **kw):
        return self.app.post_json('/v2' + path, body, headers=self.headers(
            kw.pop('headers', None)), status=status, **kw)

    def put(self, path, body, status=200, **kw):
        return self.app.put_json('/v2' + path, body, headers=self.headers(
            kw.pop('headers', None)), status=status, **kw)

    def delete(self, path, status=None, **kw):
        return self.app.delete('/v2' + path, headers=self.headers(
            kw.pop('headers', None)), status=status, **kw)

    def raw(self, method, path, body=b'', status='*', **kw):
        return self.app.request('/v2' + path, method=method, body=body,
                                headers=self.headers(kw.pop('headers', None)),
                                status=status, expect_errors=True, **kw)

    # Shortcuts used by many stories.
    def create_share(self, name='s1', size=1, proto='NFS', **extra):
        body = {'share': dict({'share_proto': proto, 'size': size,
                               'name': name}, **extra)}
        return self.post('/shares', body).json['share']

    def lock(self, resource_id, resource_type='share', action='delete',
             reason=None, status=200):
        body = {'resource_lock': {'resource_id': resource_id,
                                  'resource_type': resource_type,
                                  'resource_action': action,
                                  'lock_reason': reason}}
        response = self.post('/resource-locks', body, status=status)
        return response.json.get('resource_lock', response.json)


@pytest.fixture(scope='session')
def _conf_and_enforcer():
    """One ConfigOpts and its policy enforcer per worker: building them
    (the enforcer deep-copies every default rule) is most of an in-process
    test's set-up. `conf` hands them out with no override left over."""
    conf = ml_conf.build([])
    return conf, policy.init(conf)


class _Overrides:
    """Stands in for conf.set_override during one test: records each
    option overridden, so that teardown can clear it."""

    def __init__(self, conf):
        self.conf = conf
        self.options = []
        self.set_override = conf.set_override

    def __call__(self, name, override, group=None):
        self.options.append((name, group))
        self.set_override(name, override, group)

    def clear(self):
        for name, group in reversed(self.options):
            self.conf.clear_override(name, group)


@pytest.fixture
def conf(tmp_path, _conf_and_enforcer, monkeypatch):
    """The configuration of a service with state under tmp_path, its
    policy enforcer active: as ml_conf.build([]) and policy.init() make
    them, reused, with this test's overrides cleared afterwards (and an
    enforcer a test initialises itself replaced by the shared one)."""
    conf, enforcer = _conf_and_enforcer
    overrides = _Overrides(conf)
    monkeypatch.setattr(conf, 'set_override', overrides, raising=False)
    monkeypatch.setitem(policy._ACTIVE, 'enforcer', enforcer)
    conf.set_override('state_path', str(tmp_path))
    yield conf
    overrides.clear()


@pytest.fixture
def wsgi_app(db, conf):
    return webtest.TestApp(deploy.build_app(conf))


@pytest.fixture
def api(wsgi_app):
    """Member 'alice' of project 'p1'."""
    return Client(wsgi_app, 'alice:p1')


@pytest.fixture
def bob(api):
    """Another member of p1."""
    return api.as_('bob:p1')


@pytest.fixture
def reader(api):
    return api.as_('rita:p1:reader')


@pytest.fixture
def eve(api):
    """A member of another project."""
    return api.as_('eve:p2')


@pytest.fixture
def admin(api):
    return api.as_('admin:admin-project:admin,member,reader')


@pytest.fixture
def nova(api):
    """alice's token plus a valid service token (as keystonemiddleware
    reports it): locks placed so carry lock_context 'service'."""
    return api.as_('alice:p1', service=True)


@pytest.fixture
def share(api):
    """A share of alice (p1)."""
    return api.create_share()


@pytest.fixture
def lock(api, share):
    """Alice's deletion lock on `share`."""
    return api.lock(share['id'], reason='in use')
