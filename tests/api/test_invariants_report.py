"""The invariants an operator checks with `manila-locks-manage locks
check`: quiet on a healthy database, naming each offending row otherwise
(here a share deleted behind the service's back, leaving its locks as
Nova's failed detach can, and a rule lock with no companion)."""
import io
import uuid

import sqlalchemy as sa

from manila_locks.core import models as core_models
from manila_locks.db import base
from manila_locks.host import invariants
from tests.api import access_rule_steps as steps


def _report(db):
    out = io.StringIO()
    with db.engine.connect() as connection:
        offending = invariants.report(connection, out)
    return offending, out.getvalue()


def test_a_healthy_database_reports_every_check_ok(db, api, share):
    steps.allow_locked(api, share['id'])
    api.lock(share['id'])
    offending, text = _report(db)
    assert offending == 0
    assert text.count(' ok\n') == len(invariants.CHECKS)


def test_each_broken_guarantee_is_named_with_its_rows(db, api, share):
    rule = steps.allow_locked(api, share['id'])
    share_lock = api.lock(share['id'])
    orphan_rule_lock = str(uuid.uuid4())
    with db.engine.begin() as connection:
        connection.execute(sa.update(core_models.ResourceLock).where(
            core_models.ResourceLock.id == share_lock['id']).values(
            lock_reason='gone'))
        connection.execute(sa.text(
            "UPDATE shares SET deleted = id WHERE id = :id"),
            {'id': share['id']})
        connection.execute(sa.insert(core_models.ResourceLock).values(
            id=orphan_rule_lock, user_id='alice', project_id='p1',
            resource_project_id='p1', lock_context='user',
            resource_id=rule['id'], resource_type='access_rule',
            container_id=share['id'], resource_action='delete',
            created_at=base.utcnow(), deleted=base.LIVE))
    offending, text = _report(db)
    assert 'gone shares with live locks' in text
    failed = {line.split('  ')[0] for line in text.splitlines()
              if 'FAILED' in line}
    assert failed == {'gone shares with live locks',
                      'live locks on missing resources',
                      'rule deletion locks without one companion'}
    assert share_lock['id'] in text and orphan_rule_lock in text
    assert offending > 0
