"""The OpenAPI document: complete, built from the handlers' own schemas,
served without a token, and shipped current in doc/openapi.json."""
import importlib.util
import json
import os

import webtest

from manila_locks import conf as ml_conf

from manila_locks.api.schemas import resource_lock as lock_schema
from manila_locks.host import deploy
from manila_locks.host import openapi
from manila_locks.host import routes
from manila_locks.host.schemas import access_rules as access_schema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _generator():
    spec = importlib.util.spec_from_file_location(
        'gen_openapi', os.path.join(ROOT, 'tools', 'gen_openapi.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_copy_is_current():
    with open(os.path.join(ROOT, 'doc', 'openapi.json')) as handle:
        shipped = handle.read()
    assert shipped == _generator().render(), (
        'doc/openapi.json is stale: run python tools/gen_openapi.py')


def test_every_route_and_method_is_documented():
    paths = openapi.document()['paths']
    for path, methods in routes.ROUTES.items():
        assert sorted(paths[path]) == sorted(m.lower() for m in methods)


def test_operation_ids_are_unique():
    ids = [op['operationId'] for item in openapi.document()['paths'].values()
           for op in item.values()]
    assert len(ids) == len(set(ids))


def _body(path, method):
    operation = openapi.document()['paths'][path][method]
    return operation['requestBody']['content']['application/json']['schema']


def test_request_schemas_are_the_handlers_own():
    assert _body('/resource-locks', 'post') == lock_schema.create
    assert _body('/resource-locks/{lock_id}', 'put') == lock_schema.update
    assert _body('/share-access-rules/{rule_id}', 'put') == (
        access_schema.update)
    actions = _body('/shares/{share_id}/action', 'post')['oneOf']
    allow = next(choice['properties']['allow_access'] for choice in actions
                 if 'allow_access' in choice['properties'])
    assert allow == access_schema.allow(openapi.openapi.VersionedRequest(
        openapi.document()['info']['version']))
    assert 'lock_visibility' in allow['properties']


def test_actions_outside_the_version_are_not_offered():
    actions = _body('/shares/{share_id}/action', 'post')['oneOf']
    names = {name for choice in actions for name in choice['properties']}
    assert 'allow_access' in names and 'soft_delete' in names
    assert not {name for name in names if name.startswith('os-')}
    assert 'access_list' not in names   # gone after 2.44


def test_document_loads_as_openapi():
    # Imported here: schemathesis (and hypothesis with it) takes a second
    # or two to import, in every pytest worker that collects this file.
    import schemathesis
    schema = schemathesis.openapi.from_dict(openapi.document())
    assert len(list(schema.get_all_operations())) == sum(
        len(methods) for methods in routes.ROUTES.values())


def test_served_without_a_token(tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    app = webtest.TestApp(deploy.build_app(conf))
    response = app.get('/v2/openapi.json', status=200)
    assert response.content_type == 'application/json'
    assert json.loads(response.body) == openapi.document()
