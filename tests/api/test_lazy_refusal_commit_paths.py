"""Which requests let their commit skip the wait for the disk: only those
that write nothing but a refusal's history (db/api.refusal_insert on the
quick refusal, begin_refusal_write on the row-locked path). Every change
to a lock, a share or a rule commits as the database is configured.

PostgreSQL is where the request itself says so: the quick refusal's
INSERT turns synchronous_commit off in its RETURNING, the row-locked
path sends SET LOCAL synchronous_commit TO OFF; that either takes effect
is proven in tests/db/test_lazy_refusal_commit.py, which also covers
SQLite's relaxed commit, a connection setting. MySQL and MariaDB have no
such setting: there no request sends anything of the kind.
"""
import pytest
import sqlalchemy as sa

from tests.api import access_rule_steps as steps
from tests.api import transfer_steps

LAZY = 'synchronous_commit'


def _refused_delete(api, admin, share):
    api.lock(share['id'])
    return admin.delete('/shares/%s' % share['id'], status=403)


def _refused_soft_delete(api, admin, share):
    api.lock(share['id'])
    return admin.post(steps.action_path(share['id']), {'soft_delete': None},
                      status=403)


def _refused_unmanage(api, admin, share):
    api.lock(share['id'])
    return admin.post(steps.action_path(share['id']), {'unmanage': None},
                      status=403)


def _refused_by_a_rule_lock(api, admin, share):
    steps.allow(api, share['id'], lock_deletion=True)
    return admin.delete('/shares/%s' % share['id'], status=403)


def _refused_transfer(api, admin, share):
    api.lock(share['id'])
    return transfer_steps.offer(api, share['id'], status=403)


def _refused_deny(api, admin, share):
    # Not on the quick refusal: refused on the row-locked path, its
    # history written after the rollback (core/history.keep_refusal).
    rule = steps.allow(api, share['id'], lock_deletion=True)
    return steps.deny(admin, share['id'], rule['id'], status=403)


def _lock_create(api, admin, share):
    return api.lock(share['id'])


def _lock_delete(api, admin, share):
    lock = api.lock(share['id'])
    return api.delete('/resource-locks/%s' % lock['id'], status=204)


def _allowed_delete(api, admin, share):
    return api.delete('/shares/%s' % share['id'], status=202)


def _allow_with_locks(api, admin, share):
    return steps.allow(api, share['id'], lock_deletion=True,
                       lock_visibility=True)


# request -> whether its commit may skip the wait (on PostgreSQL)
PATHS = {
    _refused_delete: True,
    _refused_soft_delete: True,
    _refused_unmanage: True,
    _refused_by_a_rule_lock: True,
    _refused_transfer: True,
    _refused_deny: True,
    _lock_create: False,
    _lock_delete: False,
    _allowed_delete: False,
    _allow_with_locks: False,
}


class Statements:
    def __init__(self, engine):
        self.engine = engine
        self.seen = []
        sa.event.listen(engine, 'before_cursor_execute', self._seen)

    def _seen(self, conn, cursor, statement, *args):
        self.seen.append(statement)

    def close(self):
        sa.event.remove(self.engine, 'before_cursor_execute', self._seen)


@pytest.mark.parametrize('request_', list(PATHS), ids=lambda f: f.__name__)
def test_only_a_refusal_commits_lazily(db, api, admin, share, request_):
    statements = Statements(db.engine)
    try:
        request_(api, admin, share)
    finally:
        statements.close()
    # The requests that set the scene (a lock, a rule) are of the
    # durable kind: the one under test alone may ask for a lazy commit.
    lazy = [s for s in statements.seen if LAZY in s]
    expected = PATHS[request_] and db.name == 'postgresql'
    assert len(lazy) == (1 if expected else 0), statements.seen
