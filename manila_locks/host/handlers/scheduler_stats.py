"""/scheduler-stats/pools[/detail]: the storage pools a scheduler knows,
for administrators. This host has one backend with one pool
(manila_locks.host.capabilities).

Filters as Manila's scheduler applies them: every query parameter must
name a field of the pool and its value is a regular expression the field
must match from its start (an unknown parameter matches no pool); from
2.23 ``share_type`` (name or id) keeps the pools whose capabilities
satisfy the type's extra specs, and an unknown type is 400.
"""
import re

from manila_locks.api import wsgi
from manila_locks.core import exception
from manila_locks.host import capabilities
from manila_locks.host.db import share_types as types_db
from manila_locks.host import drivers
from manila_locks import policy

SHARE_TYPE_VERSION = '2.23'


def _share_type_specs(req, wanted):
    share_type = types_db.get_by_name_or_id(
        req.context, wanted,
        missing=exception.ReferenceNotFound('Share type %s not found.'
                                            % wanted))
    return types_db.extra_specs(req.context, [share_type.id])[share_type.id]


def _passes(pool, filters):
    for key, wanted in filters.items():
        if key == 'capabilities':
            if not capabilities.satisfied(pool['capabilities'], wanted):
                return False
            continue
        if not isinstance(pool.get(key), str):
            return False
        try:
            if not re.match(wanted, pool[key]):
                return False
        except re.error as exc:
            raise exception.Invalid('Invalid regular expression for %s: %s'
                                    % (key, exc))
    return True


def _pools(req, detail):
    policy.authorize(req.context, 'scheduler_stats:pools:%s'
                     % ('detail' if detail else 'index'))
    filters = dict(req.GET.items())
    if 'capabilities' in filters:
        # Manila fails on it (500); the share type's specs are the way.
        raise exception.Invalid("Pools cannot be filtered by 'capabilities' "
                                "given in the query; use 'share_type'.")
    if req.at_least(SHARE_TYPE_VERSION) and filters.get('share_type'):
        filters['capabilities'] = _share_type_specs(
            req, filters.pop('share_type'))
    pool = capabilities.pool(drivers.of_request(req))
    pools = [pool] if _passes(pool, filters) else []
    fields = ('name', 'host', 'backend', 'pool') + (
        ('capabilities',) if detail else ())
    return wsgi.json_response(req, {'pools': [
        {field: p[field] for field in fields} for p in pools]})


def index(req):
    return _pools(req, detail=False)


def detail(req):
    return _pools(req, detail=True)
