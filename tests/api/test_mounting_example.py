"""The README's mounting example (examples/minimal_host.py), driven as a
client would: the lock API mounted into a foreign host guards that host's
delete path, and only the lock's holder context can lift it."""
import datetime
import importlib.util
import json
import pathlib
import uuid

import pytest
import webob

EXAMPLE = pathlib.Path(__file__).parents[2] / 'examples' / 'minimal_host.py'
ALICE = {'X-User-Id': 'alice', 'X-Project-Id': 'p1'}
ADMIN = {'X-User-Id': 'root', 'X-Project-Id': 'ops', 'X-Roles': 'admin'}


@pytest.fixture(scope='module')
def example():
    spec = importlib.util.spec_from_file_location('minimal_host', EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def host(example, db, conf):
    """The example's app on the test's database, its own table dropped
    afterwards (the lock tables are the suite's)."""
    example.create_tables(db.engine)
    try:
        yield example, example.build_app(conf)
    finally:
        example.HostBase.metadata.drop_all(db.engine)


def call(app, method, path, who, body=None, version='2.81'):
    req = webob.Request.blank(path, method=method, headers=dict(
        who, **{'X-OpenStack-Manila-API-Version': version}))
    if body is not None:
        req.body = json.dumps(body).encode()
        req.content_type = 'application/json'
    resp = req.get_response(app)
    return resp.status_int, (resp.json if resp.body and
                             resp.content_type == 'application/json'
                             else None)


def add_volume(module, project_id):
    from manila_locks import context
    from manila_locks.db import api as db_api
    volume_id = str(uuid.uuid4())
    with db_api.context_manager.writer.using(
            context.get_admin_context()) as session:
        session.add(module.Volume(id=volume_id, project_id=project_id))
    return volume_id


def test_a_lock_guards_the_hosts_delete_path(host):
    module, app = host
    volume_id = add_volume(module, 'p1')
    status, body = call(app, 'POST', '/v2/resource-locks', ALICE, {
        'resource_lock': {'resource_id': volume_id,
                          'lock_reason': 'in use by app1'}})
    assert status == 200, body
    lock = body['resource_lock']
    assert (lock['resource_id'], lock['lock_context'], lock['user_id']) == (
        volume_id, 'user', 'alice')

    status, body = call(app, 'DELETE', '/v2/volumes/%s' % volume_id, ADMIN)
    assert status == 403
    assert lock['id'] in body['forbidden']['message']

    # The lock API answers as mounted: list by resource, then remove.
    status, body = call(app, 'GET', '/v2/resource-locks?resource_id=%s'
                        % volume_id, ALICE)
    assert [found['id'] for found in body['resource_locks']] == [lock['id']]
    assert call(app, 'DELETE', '/v2/resource-locks/%s' % lock['id'],
                ALICE)[0] == 204

    assert call(app, 'DELETE', '/v2/volumes/%s' % volume_id, ALICE)[0] == 204
    assert call(app, 'DELETE', '/v2/volumes/%s' % volume_id, ALICE)[0] == 404


def test_another_project_cannot_lock_the_hosts_volume(host):
    module, app = host
    volume_id = add_volume(module, 'p1')
    status, body = call(app, 'POST', '/v2/resource-locks',
                        {'X-User-Id': 'eve', 'X-Project-Id': 'p2'},
                        {'resource_lock': {'resource_id': volume_id}})
    # Manila's answer for a resource the caller cannot see.
    assert (status, body['badRequest']['message']) == (
        400, 'No such resource found.')


def test_below_2_81_the_mounted_lock_api_is_not_there(host):
    _, app = host
    status, _ = call(app, 'GET', '/v2/resource-locks', ALICE, version='2.80')
    assert status == 404


def test_a_mounted_host_gets_lock_lifetimes_too(host, monkeypatch):
    """The retention sub-resource comes with resource_lock.ROUTES: a
    compliance lock refuses the host's delete for the admin, and from the
    instant it expires (the core's clock) guards nothing."""
    from manila_locks.core import clock
    module, app = host
    volume_id = add_volume(module, 'p1')
    lock_id = call(app, 'POST', '/v2/resource-locks', ALICE, {
        'resource_lock': {'resource_id': volume_id}})[1]['resource_lock'][
        'id']
    status, body = call(app, 'PUT', '/v2/resource-locks/%s/retention'
                        % lock_id, ALICE, {'retention': {
                            'duration': 60, 'mode': 'compliance'}})
    assert (status, body['retention']['mode']) == (200, 'compliance')
    assert call(app, 'DELETE', '/v2/resource-locks/%s' % lock_id,
                ADMIN)[0] == 403
    assert call(app, 'DELETE', '/v2/volumes/%s' % volume_id, ADMIN)[0] == 403
    expiry = clock.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(clock, 'now', lambda: expiry)
    assert call(app, 'DELETE', '/v2/volumes/%s' % volume_id, ALICE)[0] == 204
