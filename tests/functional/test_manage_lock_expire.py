"""`manila-locks-manage locks expire`: what an operator runs from cron to
mark the locks past their expiry deleted, each with an `expired` event in
the lock history and a resource_lock.expire.end notification. A database
of its own, made by `db sync`; no API process."""
import datetime
import json
import uuid

import sqlalchemy as sa

from manila_locks.core import models
from tests.functional import test_manage_lock_events as manage_steps

LOCKS = models.ResourceLock.__table__
EVENTS = models.ResourceLockEvent.__table__


def _lock(expires_in=None, held=False):
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    share_id = str(uuid.uuid4())
    return {'id': str(uuid.uuid4()), 'created_at': now, 'deleted': 'False',
            'user_id': 'alice', 'project_id': 'p1',
            'resource_project_id': 'p1', 'lock_context': 'user',
            'resource_id': share_id, 'resource_type': 'share',
            'container_id': share_id, 'resource_action': 'delete',
            'expires_at': None if expires_in is None else now + expires_in,
            'retention_mode': None if expires_in is None else 'compliance',
            'legal_hold_at': now if held else None}


def test_expire_marks_only_expired_unheld_locks(tmp_path):
    config, engine = manage_steps._setup(tmp_path, retention_days=30)
    with open(config, 'a') as conf:
        conf.write('[oslo_messaging_notifications]\ndriver = log\n')
    past, future = -datetime.timedelta(minutes=5), datetime.timedelta(days=1)
    expired, ahead, forever, held = (_lock(past), _lock(future), _lock(),
                                     _lock(past, held=True))
    with engine.begin() as connection:
        connection.execute(LOCKS.insert(), [expired, ahead, forever, held])
    result = manage_steps._manage(config, 'locks', 'expire')
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expired['id']]
    assert 'resource_lock.expire.end' in result.stderr
    with engine.connect() as connection:
        deleted = dict(connection.execute(sa.select(LOCKS.c.id,
                                                    LOCKS.c.deleted)).all())
        events = connection.execute(sa.select(EVENTS)).all()
    assert deleted == {expired['id']: expired['id'], ahead['id']: 'False',
                       forever['id']: 'False', held['id']: 'False'}
    assert [(event.event, event.lock_id, event.operation)
            for event in events] == [('expired', expired['id'], 'expire')]
    assert json.loads(events[0].before)['resource_action'] == 'delete'
    # Nothing left to do: a second run prints nothing.
    again = manage_steps._manage(config, 'locks', 'expire')
    assert (again.returncode, again.stdout) == (0, '')
