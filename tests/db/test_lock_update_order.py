"""PUT /resource-locks/{id} takes row locks in the order share writers do.

Every share writer takes the share's row lock first (access_db.get says
so). Were locks.update to take the lock's row first and the share's only
then, a share delete running in between would hold the share and wait for
the lock row (purge soft-deletes the rule's visibility lock), and the two
would deadlock; the retry at the outermost call would hide it, at the
price of a deadlock per such pair (and Busy/409 under load). Run here
without the outer retry, so a deadlock would show.
"""
import threading
import time

from oslo_db import exception as db_exc
import pytest

from manila_locks import conf as ml_conf
from manila_locks import context as ml_context
from manila_locks.core import locks
from manila_locks.db import api as db_api
from manila_locks.host import lock_lookup
from manila_locks.host import share_service
from manila_locks import policy
from tests.db import test_stale_share_reads as world


class NullDriver(world.NullDriver):
    def delete_share(self, share):
        pass


@pytest.fixture(autouse=True)
def _policy(tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    policy.init(conf)


def _ctx():
    return ml_context.RequestContext(user_id='u1', project_id='p1',
                                     roles=['member', 'reader', 'admin'])


class _DeleteMeanwhile(lock_lookup.HostLookup):
    """Starts a share delete once update holds the lock row, and lets it
    reach the lock row before going on to take the share's."""

    def __init__(self, share_id, outcome):
        self.share_id, self.outcome, self.thread = share_id, outcome, None

    def get_for_update(self, context, resource_type, resource_id):
        if self.thread is None:
            self.thread = threading.Thread(target=self._delete)
            self.thread.start()
            time.sleep(1.5)
        return super().get_for_update(context, resource_type, resource_id)

    def _delete(self):
        context = _ctx()
        try:
            with db_api.writer.using(context):
                share_service.delete(context, NullDriver(), self.share_id)
            self.outcome['delete'] = 'done'
        except Exception as error:
            self.outcome['delete'] = type(error).__name__


def test_put_and_share_delete_take_rows_in_one_order(db):
    if db.name == 'sqlite':
        pytest.skip('SQLite has no row locks')
    share_id, rule_id = world._share_with_rule()
    show = locks.create(_ctx(), lock_lookup.HostLookup(), 'access_rule',
                        rule_id, 'show')
    outcome = {}
    lookup = _DeleteMeanwhile(share_id, outcome)
    context = _ctx()
    try:
        with db_api.writer.using(context):
            locks.update(context, lookup, show.id,
                         {'resource_action': 'delete'})
        outcome['put'] = 'done'
    except Exception as error:
        outcome['put'] = type(error).__name__
    lookup.thread.join(60)
    assert db_exc.DBDeadlock.__name__ not in outcome.values(), outcome
