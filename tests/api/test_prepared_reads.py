"""The hot reads as prepared statements (db/prepared.py): what each
request answers is the same, prepared or not, on every backend; on
PostgreSQL its read goes to the database as an EXECUTE.

| request                                 | read prepared           |
|-----------------------------------------|-------------------------|
| share delete refused by a lock          | the share and its locks |
| rule show, the owner (access_to shown)  | rule, lock, metadata    |
| rule show, another member (redacted)    | rule, lock, metadata    |
| rule show of a rule never created (404) | rule, lock, metadata    |
| lock list ?resource_id=                 | the resource's locks    |

A share's lock (core/locks._create_on_share) runs prepared too: its row
lock of the share and its insert (tests/api/test_core_write_paths
.test_a_share_lock_on_the_wire for what goes over the wire).
"""
from urllib import parse
import uuid

import pytest

from manila_locks.db import prepared
from manila_locks.db import query as db_query
from tests.api import access_rule_steps as steps
from tests import dbutils


def _refused_delete(api, world):
    return api.delete('/shares/%s' % world['share'], status=403)


def _rule_show(client):
    def show(api, world):
        return client(api).get('/share-access-rules/%s' % world['rule'])
    return show


def _missing_rule(api, world):
    return api.get('/share-access-rules/%s' % world['missing'], status=404)


def _lock_list(api, world):
    return api.get('/resource-locks?resource_id=%s' % world['share'])


REQUESTS = {
    'share delete refused': _refused_delete,
    'rule show (owner)': _rule_show(lambda api: api),
    'rule show (another member)': _rule_show(lambda api: api.as_('bob:p1')),
    'rule show (no such rule)': _missing_rule,
    'lock list by resource_id': _lock_list,
}


@pytest.fixture
def world(api):
    share = api.create_share()
    api.lock(share['id'], reason='in use')
    rule = steps.allow(api, share['id'], '10.1.2.3', lock_visibility=True,
                       metadata={'k': 'v'})
    return {'share': share['id'], 'rule': rule['id'],
            'missing': str(uuid.uuid4())}


def _executed(engine, call):
    """`call`'s response, and the first word of each statement it sent."""
    responses = []
    seen = dbutils.sent_while(engine, lambda: responses.append(call()))
    return responses[0], [text.split(None, 1)[0].upper() for text in seen]


@pytest.mark.parametrize('name', sorted(REQUESTS))
def test_prepared_or_not_the_answer_is_the_same(db, api, world, name,
                                                monkeypatch):
    request = REQUESTS[name]
    monkeypatch.setitem(prepared._STATE, 'enabled', True)
    first, statements = _executed(db.engine, lambda: request(api, world))
    again, _ = _executed(db.engine, lambda: request(api, world))
    monkeypatch.setitem(prepared._STATE, 'enabled', False)
    plain, plain_statements = _executed(db.engine,
                                        lambda: request(api, world))
    assert (first.status_int, first.json) == (plain.status_int, plain.json)
    assert again.json == plain.json
    assert 'EXECUTE' not in plain_statements
    assert ('EXECUTE' in statements) == (db.name == 'postgresql')


def test_a_connection_prepares_only_the_hot_statements(db, api, world,
                                                       monkeypatch):
    """However many shapes of lock list callers ask for, a database
    connection holds the hot statements (the reads, and a share's lock:
    the share's row lock, the lock's insert with its event) and no
    others."""
    monkeypatch.setitem(prepared._STATE, 'enabled', True)
    for request in REQUESTS.values():
        request(api, world)
    for query in ('resource_id=%s&limit=5', 'resource_id=%s&sort_key=id',
                  'resource_id=%s&sort_dir=asc', 'resource_type=share',
                  'resource_id=%s&lock_reason~=in', 'resource_id=%s&offset=1',
                  'all_projects=1&resource_id=%s'):
        api.get('/resource-locks?' + query.replace('%s', world['share']))
    names = set()
    for record in _pooled_records(db.engine):
        names |= record.info.get(prepared._NAMES, set())
    hot = {prepared._plan(statement).name for statement in _hot_reads()}
    # A share's lock and its event (core/locks._create_on_share).
    hot |= {prepared._plan(statement).name for statement
            in _lock_inserts(api, world, monkeypatch)}
    assert names <= hot
    assert bool(names) == (db.name == 'postgresql')


def _pooled_records(engine):
    pool = engine.pool
    return [record for record in list(pool._pool.queue)]


def _hot_reads():
    from manila_locks.core import store
    from manila_locks.host.db import access_rules
    from manila_locks.host.db import shares
    shapes = [store._shape(store.Scope(project), store.LockQuery(
        filters={'resource_id': 'x'})) for project in (None, 'p1')]
    return [shares._GUARDED, shares._LOCKABLE,
            *access_rules._SHOWN.values()] + [
        store._find_statements(shape)[0] for shape in shapes]


def _lock_inserts(api, world, monkeypatch):
    """The statements a share's lock is inserted with (with its event:
    db/query.insert_each), as placing one builds them."""
    built = []
    real = db_query._inserts_in_one

    def recording(shape):
        built.append(real(shape))
        return built[-1]
    monkeypatch.setattr(db_query, '_inserts_in_one', recording)
    api.lock(world['share'], reason='prepared')
    return built


# Ids no row has, that a prepared statement's parameters must take as a
# plain statement's do: long, outside the BMP, quotes, SQL, a number.
HOSTILE_IDS = ['x' * 5000, '\U0001f4a5' * 40, "' OR '1'='1", '$1',
               '1e308', '-' * 36]
HOSTILE_READS = {
    'share delete': lambda api, id_: api.delete(
        '/shares/%s' % parse.quote(id_), status='*'),
    'rule show': lambda api, id_: api.get(
        '/share-access-rules/%s' % parse.quote(id_), status='*'),
    'lock list': lambda api, id_: api.get(
        '/resource-locks', params={'resource_id': id_}, status='*'),
}


@pytest.mark.parametrize('read', sorted(HOSTILE_READS))
@pytest.mark.parametrize('hostile', HOSTILE_IDS, ids=range(6))
def test_a_hostile_id_is_answered_alike_prepared_or_not(db, api, read,
                                                        hostile,
                                                        monkeypatch):
    answers = []
    for enabled in (True, False):
        monkeypatch.setitem(prepared._STATE, 'enabled', enabled)
        response = HOSTILE_READS[read](api, hostile)
        answers.append((response.status_int, response.json))
    assert answers[0] == answers[1]
    assert answers[0][0] < 500, answers[0]
