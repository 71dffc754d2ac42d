"""A regression guard for the CPU cost of the everyday lock-checked
requests, counted rather than timed so that a busy machine cannot move it:
SQL statements and Python function calls (sys.setprofile 'call' events)
inside the WSGI application, per request.

The budgets sit a little above what the requests cost when they were set
(tools/bench/README.md, "What changed"); a change that makes one of these
requests build ORM objects, re-read the policy file, ping the database or
add a middleware layer goes over and fails here. When a change lowers a
count, lower its budget with it.
"""
import gc
import json
import sys

import pytest
import sqlalchemy as sa
import webob

from manila_locks.host import deploy
from manila_locks import policy
from tests.api import access_rule_steps as steps
from tests import conftest as root_conftest
from tests import dbutils

# Python function calls per request, per backend (the drivers and their
# SQLAlchemy dialects differ), and SQL statements as the driver sees them
# (SQLite's BEGIN IMMEDIATE included). Every request here declares its
# length (webob's blank request says Content-Length: 0 for a GET): since
# middleware.BodySizeLimit passes a declared length within the limit
# straight on, 45 calls fewer each than through oslo's limiter, 67 for
# the lock create, whose body is read once now too. On SQLite the BEGIN
# (IMMEDIATE) that db/api sends itself goes on the driver's cursor
# (db/on_cursor.send): 7 to 9 calls fewer than through exec_driver_sql
# for a request that sends one (lock create 682 -> 675, rule show 590 ->
# 581, refused delete 576 -> 566, rule list 941 -> 932). The policy
# credentials are copied from oslo.context's two dicts, not read a key
# at a time (policy._as_dict: 30 calls fewer on every request), and a
# body of declared length is read straight from the input, not through
# webob's seekable copy (wsgi._body: 28 fewer for the lock create).
# Counts after both, SQLite / PostgreSQL / MariaDB: lock create 617 /
# 580 / 1044, lock list 394 / 432 / 1411, rule show 551 / 535 / 1352,
# refused delete 536 / 564 / 1739, rule list 902 / 913 / 7559.
BUDGETS = {
    # name: ({backend: calls}, {backend: statements})
    # The read, then the refusal's history, each on its own on PostgreSQL
    # (autocommit: no BEGIN or COMMIT either; the insert relaxes its own
    # commit) and on SQLite (the history's BEGIN IMMEDIATE after the
    # read; the PRAGMA that relaxes its commit is sent only to a
    # connection that syncs its commits, which the suite's engine does
    # not): db/api.core_refusal, refusal_insert; the read on the driver's
    # cursor (db/direct), as every hot select below (576 / 594 / 1769
    # calls; 621 / 639 / 1814 through oslo's limiter, 645 / 662 / 1830
    # through Connection.execute).
    'share delete refused': (
        {'sqlite': 555, 'postgresql': 585, 'mysql': 1760},
        {'sqlite': 3, 'postgresql': 2, 'mysql': 2}),
    # (590 / 565 / 1382 calls: the rule written as JSON text a field at a
    # time, as a list's are, 12 calls more than a dictionary; 645 / 619 /
    # 1423 before db/direct.)
    'rule show': (
        {'sqlite': 570, 'postgresql': 555, 'mysql': 1370},
        {'sqlite': 2, 'postgresql': 1, 'mysql': 1}),
    # The rules, the share's visibility locks and the metadata are three
    # reads by share after the share's, on a plain connection and one
    # snapshot (on SQLite a deferred BEGIN, no write lock; on MySQL a SET
    # TRANSACTION first), the timestamps read as text, the rules written
    # as JSON text a field at a time (941 / 943 / 7589 calls; 1075 / 1077
    # / 7723 through json.dumps, where the view and its two isotime were
    # three calls per rule).
    'rule list N=100': (
        {'sqlite': 920, 'postgresql': 930, 'mysql': 7580},
        {'sqlite': 5, 'postgresql': 4, 'mysql': 5}),
    # (422 / 460 / 1439 calls; 533 / 561 / 1538 before db/direct.)
    'lock list by resource_id': (
        {'sqlite': 410, 'postgresql': 450, 'mysql': 1430},
        {'sqlite': 1, 'postgresql': 1, 'mysql': 1}),
    # The share's row lock, then the lock and its event: on PostgreSQL
    # one statement (db/query.insert_each), elsewhere two; on PostgreSQL
    # the BEGIN and the COMMIT go with the two statements (db/api
    # .core_writer: 35 calls more, two round trips fewer), both prepared
    # statements, the insert's parameters named once per shape; the body
    # taken by api/quick_check without jsonschema (817 / 747 / 1234
    # calls; 935 / 865 / 1352 before it), the row lock read and
    # elsewhere than on PostgreSQL the inserts run on the driver's cursor
    # (db/direct: 746 / 728 / 1164 calls), and on PostgreSQL the insert's
    # EXECUTE with its carried COMMIT too (705 calls; now 682 / 636 /
    # 1100).
    'lock create': (
        {'sqlite': 635, 'postgresql': 600, 'mysql': 1065},
        {'sqlite': 4, 'postgresql': 2, 'mysql': 3}),
}


# A connection's one-time PREPARE, with or without the BEGIN that
# core_writer carries (dbutils.counted).
_PREPARES = ('PREPARE ', dbutils.CARRIED_BEGIN + 'PREPARE ')


class Cost:
    def __init__(self):
        self.calls = 0
        self.statements = 0
        self.prepares = 0       # a connection's one-time PREPAREs


class Counting:
    """The app, counting what one request costs inside it."""

    def __init__(self, app, engine):
        self.app = app
        self.cost = Cost()
        sa.event.listen(engine, 'before_cursor_execute', self._statement)
        self.engine = engine

    def _statement(self, conn, cursor, statement, *args):
        self.cost.statements += 1
        # (No Python call here: it would count in the request's calls.)
        self.cost.prepares += statement.startswith(_PREPARES)

    def _profile(self, frame, event, arg):
        if event == 'call':
            self.cost.calls += 1

    def request(self, method, path, token, body=None):
        headers = {'X-Auth-Token': token,
                   'X-OpenStack-Manila-API-Version': '2.99',
                   'Accept': 'application/json'}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        req = webob.Request.blank('/v2' + path, method=method,
                                  headers=headers, body=data)
        self.cost = Cost()
        status = []

        def start_response(code, response_headers, exc_info=None):
            status.append(int(code.split()[0]))
        # No garbage collection inside: the weakref callbacks and
        # finalizers of whatever earlier tests left are not this
        # request's calls, and a collection's moment is chance.
        gc.collect()
        gc.disable()
        sys.setprofile(self._profile)
        try:
            b''.join(self.app(req.environ, start_response))
        finally:
            sys.setprofile(None)
            gc.enable()
        return status[0], self.cost

    def close(self):
        sa.event.remove(self.engine, 'before_cursor_execute',
                        self._statement)


@pytest.fixture
def counting(db, conf, monkeypatch):
    # A policy file check falling inside one request would count its calls.
    monkeypatch.setattr(policy, 'RELOAD_CHECK_INTERVAL', 3600, raising=False)
    # One pooled connection, which the warm-up requests make prepare their
    # statements (PostgreSQL, db/prepared): the pool hands its connections
    # out in turn, and a measured request on one that had not would count
    # its PREPAREs.
    db.engine.dispose()
    counting = Counting(deploy.build_app(conf), db.engine)
    yield counting
    counting.close()


# Per database: the requests and a copy of every table's rows once their
# fixtures were made (a hundred rules with their locks are 1 to 5 s of
# requests, on MariaDB the most). The first test on a database makes them
# through the API; the others put those rows back (conftest.restore_rows).
_MADE = {}


@pytest.fixture
def requests(db, api):
    """name -> (method, path, token, body, expected status): the
    benchmark's operations (tools/bench/ops.py) on fresh fixtures."""
    if db.url not in _MADE:
        made = _make_requests(api)
        _MADE[db.url] = (made, root_conftest.read_rows(db.engine))
    else:
        root_conftest.restore_rows(db.engine, _MADE[db.url][1])
    return _MADE[db.url][0]


def _make_requests(api):
    locked = api.create_share(name='locked')
    api.lock(locked['id'])
    lockable = api.create_share(name='lockable')
    ruled = api.create_share(name='ruled')
    for number in range(100):
        steps.allow(api, ruled['id'], '10.0.%d.%d' % divmod(number, 250),
                    lock_visibility=number % 2 == 0,
                    metadata={'n': str(number)})
    rule_id = steps.rules(api, ruled['id'])[0]['id']
    create = {'resource_lock': {'resource_id': lockable['id'],
                                'resource_type': 'share',
                                'resource_action': 'delete',
                                'lock_reason': 'bench'}}
    return {
        'share delete refused': ('DELETE', '/shares/%s' % locked['id'],
                                 'alice:p1', None, 403),
        'rule show': ('GET', '/share-access-rules/%s' % rule_id, 'bob:p1',
                      None, 200),
        'rule list N=100': ('GET', '/share-access-rules?share_id=%s'
                            % ruled['id'], 'bob:p1', None, 200),
        'lock list by resource_id': ('GET', '/resource-locks?resource_id=%s'
                                     % locked['id'], 'alice:p1', None, 200),
        'lock create': ('POST', '/resource-locks', 'alice:p1', create, 200),
    }


def _measure(counting, request):
    method, path, token, body, expected = request
    for _ in range(2):      # warm: compiled statements, caches
        counting.request(method, path, token, body)
    status, cost = counting.request(method, path, token, body)
    assert status == expected
    assert not cost.prepares, (
        'the measured request prepared its statements (PostgreSQL): it ran '
        'on a pooled connection the warm-up requests had not used')
    return cost


@pytest.mark.parametrize('name', sorted(BUDGETS))
def test_request_cost_within_budget(db, counting, requests, name):
    calls, statements = BUDGETS[name]
    cost = _measure(counting, requests[name])
    print('%s on %s: %d calls, %d statements' % (
        name, db.name, cost.calls, cost.statements))
    assert cost.statements <= statements[db.name], cost.statements
    assert cost.calls <= calls[db.name], cost.calls
