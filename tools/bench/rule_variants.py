"""Two ways to list a share's access rules with visibility locks applied,
for the benchmark only: ``batched`` asks the lock table once for all rules
(core.checker.restricted_ids), ``naive`` once per rule, as Manila does.
Both read the share and its rules the same way and render the same body, so
the difference between them is the lock lookups alone.

GET /v2/bench-rules?share_id=<id>&mode=batched|naive
"""
import sqlalchemy as sa

from manila_locks.api import wsgi
from manila_locks.core import checker
from manila_locks.core import locks
from manila_locks.core import store
from manila_locks.core import vocabulary as v
from manila_locks.db import api as db_api
from manila_locks.db import base
from manila_locks.host.db import shares as shares_db
from manila_locks.host import models

REDACTED = '******'


def _restricted_one_by_one(context, rule_ids):
    restricted = set()
    for rule_id in rule_ids:
        for lock in store.live_locks(context, [rule_id], v.SHOW):
            if not locks.may_bypass_visibility(context, lock):
                restricted.add(rule_id)
    return restricted


@db_api.reader
def _rules_and_restricted(context, share_id, naive):
    share = shares_db.get(context, share_id)
    rules = list(context.session.execute(
        sa.select(models.AccessRule).where(
            models.AccessRule.share_id == share.id,
            models.AccessRule.deleted == base.LIVE)
        .order_by(models.AccessRule.created_at, models.AccessRule.id)
    ).scalars())
    rule_ids = [rule.id for rule in rules]
    if naive:
        return rules, _restricted_one_by_one(context, rule_ids)
    return rules, checker.restricted_ids(context, rule_ids)


def _view(rule, restricted):
    return {'id': rule.id, 'access_level': rule.access_level,
            'state': rule.state, 'access_type': rule.access_type,
            'access_to': REDACTED if restricted else rule.access_to,
            'access_key': REDACTED if restricted else rule.access_key,
            'created_at': rule.created_at.isoformat()}


def index(req):
    naive = req.GET.get('mode') == 'naive'
    rules, restricted = _rules_and_restricted(
        req.context, req.GET['share_id'], naive)
    return wsgi.json_response(req, {'access_list': [
        _view(rule, rule.id in restricted) for rule in rules]})


ROUTES = {'/bench-rules': {'GET': index}}
