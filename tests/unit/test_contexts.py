"""The lock-context table (spec 3.1, 3.2), cell by cell."""
import pytest

from manila_locks import context as ml_context
from manila_locks.core import contexts
from manila_locks.core import vocabulary as v


def _caller(admin=False, service_token=False):
    return ml_context.RequestContext(
        user_id='u1', project_id='p1', is_admin=admin,
        service_roles=['service'] if service_token else [])


CALLERS = {
    v.USER: _caller(),
    v.SERVICE: _caller(service_token=True),
    v.ADMIN: _caller(admin=True),
}


@pytest.mark.parametrize('admin, service_token, expected', [
    (False, False, v.USER),
    (True, False, v.ADMIN),
    # A service token outranks the admin role (Manila test_api.py:47-51).
    (True, True, v.SERVICE),
    (False, True, v.SERVICE),
])
def test_requester_context(admin, service_token, expected):
    caller = _caller(admin=admin, service_token=service_token)
    assert contexts.requester_context(caller) == expected


@pytest.mark.parametrize('requester, lock_context, allowed', [
    (v.USER, v.USER, True),
    (v.USER, v.SERVICE, False),
    (v.USER, v.ADMIN, False),
    (v.SERVICE, v.USER, True),
    (v.SERVICE, v.SERVICE, True),
    (v.SERVICE, v.ADMIN, False),
    (v.ADMIN, v.USER, True),
    (v.ADMIN, v.SERVICE, True),
    (v.ADMIN, v.ADMIN, True),
])
def test_may_manipulate(requester, lock_context, allowed):
    assert contexts.may_manipulate(CALLERS[requester], lock_context) is allowed


def test_admin_with_service_token_cannot_touch_admin_locks():
    assert not contexts.may_manipulate(
        _caller(admin=True, service_token=True), v.ADMIN)


def test_table_covers_every_pair():
    assert set(contexts.MAY_MANIPULATE) == set(v.LOCK_CONTEXTS)
    for row in contexts.MAY_MANIPULATE.values():
        assert set(row) == set(v.LOCK_CONTEXTS)
