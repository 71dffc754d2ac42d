"""The package's layers import downwards only: host -> api -> core -> db;
the OpenStack client plugin (osc) imports none of them.
The lock core and the database plumbing know nothing of HTTP or of the
reference host, so another host can mount them."""
import ast
import pathlib

import pytest

import manila_locks

PACKAGE = pathlib.Path(manila_locks.__file__).parent
# Layer -> the layers it must never import.
FORBIDDEN = {
    'db': ('core', 'api', 'host', 'policies', 'cmd'),
    'core': ('api', 'host', 'cmd'),
    'api': ('host', 'cmd'),
    # The OpenStack client plugin is a client: nothing of the service.
    'osc': ('core', 'api', 'host', 'db', 'policies', 'cmd', 'conf',
            'context', 'policy', 'notifier'),
}


def _imports(path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from ('%s.%s' % (node.module, alias.name)
                        for alias in node.names)


def _upward(layer):
    for path in sorted((PACKAGE / layer).rglob('*.py')):
        for name in _imports(path):
            parts = name.split('.')
            if parts[0] == 'manila_locks' and len(parts) > 1 and (
                    parts[1] in FORBIDDEN[layer]):
                yield '%s imports %s' % (path.relative_to(PACKAGE), name)


# Modules outside the layers that a layer must not import either: the lock
# core is handed an authorizer (core/authorization.py), never the enforcer.
FORBIDDEN_MODULES = {
    'core': ('manila_locks.policy',),
}


def _forbidden_modules(layer):
    for path in sorted((PACKAGE / layer).rglob('*.py')):
        for name in _imports(path):
            if name in FORBIDDEN_MODULES[layer]:
                yield '%s imports %s' % (path.relative_to(PACKAGE), name)


@pytest.mark.parametrize('layer', sorted(FORBIDDEN_MODULES))
def test_no_forbidden_modules(layer):
    assert list(_forbidden_modules(layer)) == []


def test_the_check_sees_the_policy_import(tmp_path, monkeypatch):
    (tmp_path / 'core').mkdir()
    (tmp_path / 'core' / 'bad.py').write_text(
        'from manila_locks import policy\n')
    monkeypatch.setattr(__import__(__name__, fromlist=['x']), 'PACKAGE',
                        tmp_path)
    assert list(_forbidden_modules('core')) == [
        'core/bad.py imports manila_locks.policy']


@pytest.mark.parametrize('layer', sorted(FORBIDDEN))
def test_no_upward_imports(layer):
    assert list(_upward(layer)) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    (tmp_path / 'db').mkdir()
    (tmp_path / 'db' / 'bad.py').write_text(
        'from manila_locks.host import models\n')
    monkeypatch.setattr(__import__(__name__, fromlist=['x']), 'PACKAGE',
                        tmp_path)
    assert list(_upward('db')) == [
        'db/bad.py imports manila_locks.host',
        'db/bad.py imports manila_locks.host.models']
