"""`manila-locks-manage lock-events prune`: what an operator runs from
cron to keep the lock history to [DEFAULT] lock_event_retention_days (or
--days). A database of its own, made by `db sync`; no API process."""
import datetime
import subprocess
import uuid

import sqlalchemy as sa

from manila_locks.core import models
from tests.functional import server as server_process

EVENTS = models.ResourceLockEvent.__table__


def _event(age_days):
    when = datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None) - datetime.timedelta(days=age_days)
    return {'id': str(uuid.uuid4()), 'created_at': when, 'event': 'placed',
            'lock_id': str(uuid.uuid4()), 'lock_user_id': 'alice',
            'lock_project_id': 'p1', 'lock_context': 'user',
            'resource_project_id': 'p1', 'resource_id': str(uuid.uuid4()),
            'resource_type': 'share', 'resource_action': 'delete'}


def _manage(config, *args):
    manage = server_process.console_script('manila-locks-manage')
    return subprocess.run([manage, '--config-file', str(config), *args],
                          capture_output=True, text=True, timeout=120)


def _setup(tmp_path, retention_days):
    db_path = tmp_path / 'locks.sqlite'
    config = tmp_path / 'manage.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n'
                      'lock_event_retention_days = %d\n'
                      '[database]\nconnection = sqlite:///%s\n'
                      % (tmp_path, retention_days, db_path))
    result = _manage(config, 'db', 'sync')
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine('sqlite:///%s' % db_path)
    return config, engine


def _ages(engine):
    with engine.connect() as connection:
        return sorted(round((datetime.datetime.utcnow() - row.created_at)
                            .total_seconds() / 86400)
                      for row in connection.execute(sa.select(EVENTS)))


def test_prune_keeps_the_retention_days(tmp_path):
    config, engine = _setup(tmp_path, retention_days=30)
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), [
            _event(age) for age in (1, 29, 31, 400)])
    result = _manage(config, 'lock-events', 'prune')
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['2']
    assert _ages(engine) == [1, 29]

    result = _manage(config, 'lock-events', 'prune', '--days', '7')
    assert result.stdout.split() == ['1']
    assert _ages(engine) == [1]
    engine.dispose()


def test_prune_refuses_a_retention_under_a_day(tmp_path):
    config, engine = _setup(tmp_path, retention_days=30)
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), [_event(1)])
    result = _manage(config, 'lock-events', 'prune', '--days', '0')
    assert result.returncode == 2
    assert _ages(engine) == [1]
    engine.dispose()
