"""Nothing a caller may not see leaks: not through a status (403 vs 404), an
error message, a count, a link, nor any spelling of a cross-project query.

alice (p1) owns share S with rule R; admin places a deletion lock on S and
Nova grants rule V on S with deletion and visibility locks. eve (p2) owns a
share of her own. Every probe eve makes about a p1 thing must answer as it
does for an id that does not exist at all, and do the same database work
(the deterministic stand-in for "takes the same time").
"""
import json
import re
import uuid

import pytest

# The SQL statements run meanwhile (text only, not parameters).
from tests.api.test_access_rules_query_count import counting
from tests.authz import conftest as authz
from tests import conftest as root_conftest

_ID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                 r'[0-9a-f]{12}')
# Every way of asking for all projects that the API reads as true.
ALL_PROJECTS = ['all_projects=1', 'all_projects=true', 'all_projects=True',
                'all_projects=yes', 'all_projects=on', 'all_tenants=1',
                'all_tenants=true', 'all_projects=1&all_tenants=1']


def _answer(response):
    """Status and fault message with ids blanked: what a prober learns."""
    body = response.json if response.body else None
    return response.status_int, _ID.sub('<id>', repr(body))


# backend -> (the world's ids, every table's rows right after _build made
# it). Restoring those rows puts back exactly the world _build makes, ids
# included, for a fraction of its requests (tests/authz/test_matrix.py
# does the same); the local driver keeps nothing a test reads outside the
# database.
_WORLDS = {}


@pytest.fixture
def world(db, api, admin, nova, eve):
    if db.name not in _WORLDS:
        ids = _build(api, admin, nova, eve)
        _WORLDS[db.name] = (ids, root_conftest.read_rows(db.engine))
    else:
        root_conftest.restore_rows(db.engine, _WORLDS[db.name][1])
    return dict(_WORLDS[db.name][0])


def _build(api, admin, nova, eve):
    share = api.create_share(name='secret-share')
    plain = api.post('/shares/%s/action' % share['id'], {'allow_access': {
        'access_type': 'ip', 'access_to': '10.1.0.0/24'}}).json['access']
    admin.lock(share['id'], reason='admin holds it')
    locked = nova.post('/shares/%s/action' % share['id'], {'allow_access': {
        'access_type': 'ip', 'access_to': authz.RULE_CIDR,
        'lock_deletion': True, 'lock_visibility': True,
        'lock_reason': 'nova secret reason'}}).json['access']
    own = eve.create_share(name='eve-share')
    return {'share': share['id'], 'plain': plain['id'],
            'locked': locked['id'], 'eve_share': own['id']}


def _lock_rule(client, rule_id, action):
    return authz.call(client, 'POST', '/resource-locks', {'resource_lock': {
        'resource_id': rule_id, 'resource_type': 'access_rule',
        'resource_action': action}})


@pytest.mark.parametrize('action', ['show', 'delete'])
def test_locking_a_foreign_rule_answers_as_for_no_rule(eve, world, action):
    missing = str(uuid.uuid4())
    answers = {name: _answer(_lock_rule(eve, rule_id, action))
               for name, rule_id in (('locked', world['locked']),
                                     ('plain', world['plain']),
                                     ('missing', missing))}
    assert answers['locked'] == answers['plain'] == answers['missing']
    assert answers['missing'][0] == 400


def test_foreign_lock_ids_answer_as_missing_ones(api, eve, world):
    lock_id = api.get('/resource-locks?resource_id=%s' % world['share']
                      ).json['resource_locks'][0]['id']
    missing = str(uuid.uuid4())
    for method, body in (('GET', None), ('DELETE', None),
                         ('PUT', {'resource_lock': {'lock_reason': 'x'}})):
        probe = _answer(authz.call(eve, method, '/resource-locks/' + lock_id,
                                   body))
        assert probe == _answer(authz.call(
            eve, method, '/resource-locks/' + missing, body))


@pytest.mark.parametrize('unrestrict', [False, True])
def test_deny_through_the_wrong_share_is_404_regardless_of_locks(
        api, eve, world, unrestrict):
    other = api.create_share(name='other')['id']
    missing = str(uuid.uuid4())
    for client, share_id in ((api, other), (eve, world['eve_share'])):
        answers = {
            name: _answer(authz.call(
                client, 'POST', '/shares/%s/action' % share_id,
                {'deny_access': {'access_id': rule_id,
                                 'unrestrict': unrestrict}}))
            for name, rule_id in (('locked', world['locked']),
                                  ('plain', world['plain']),
                                  ('missing', missing))}
        assert answers['locked'] == answers['plain'] == answers['missing']
        assert answers['missing'][0] == 404
    # And nothing was denied.
    rules = api.get('/share-access-rules?share_id=%s' % world['share'])
    assert len(rules.json['access_list']) == 2


def test_rule_show_and_list_of_a_foreign_share_answer_as_missing(eve, world):
    missing = str(uuid.uuid4())
    for rule_id in (world['locked'], world['plain']):
        probe = _answer(authz.call(eve, 'GET', '/share-access-rules/'
                                   + rule_id))
        assert probe == _answer(authz.call(
            eve, 'GET', '/share-access-rules/' + missing))
    assert _answer(authz.call(
        eve, 'GET', '/share-access-rules?share_id=' + world['share'])) == (
        _answer(authz.call(eve, 'GET', '/share-access-rules?share_id='
                           + missing)))


def _locks(client, query):
    response = client.get('/resource-locks?with_count=true&' + query)
    return response.json


@pytest.mark.parametrize('query', ALL_PROJECTS + [
    '', 'resource_id=SHARE', 'resource_id=LOCKED', 'user_id=alice',
    'user_id=admin', 'lock_context=service', 'resource_type=access_rule',
    'lock_reason=nova%20secret%20reason', 'lock_reason~=secret',
    'limit=1', 'limit=1&offset=1', 'sort_key=resource_id'])
def test_lock_lists_show_and_count_only_ones_own(eve, world, query):
    query = query.replace('SHARE', world['share']).replace(
        'LOCKED', world['locked'])
    body = _locks(eve, query)
    assert body['resource_locks'] == []
    assert body['count'] == 0
    assert 'resource_locks_links' not in body


@pytest.mark.parametrize('query', ['project_id=p1',
                                   'project_id=p1&all_projects=1'])
def test_naming_another_project_is_refused_whether_or_not_it_exists(
        eve, world, query):
    """403 for any foreign project_id: it says nothing about p1."""
    refusal = _answer(eve.get('/resource-locks?' + query, status=403))
    assert refusal == _answer(eve.get('/resource-locks?' + query.replace(
        'p1', 'no-such-project'), status=403))


def test_lock_lists_of_the_project_do_count_its_locks(api, admin, world):
    """The probes above could pass on an always-empty list: they cannot."""
    assert _locks(api, '')['count'] == 4   # share lock, 2 rule + companion
    assert _locks(admin, 'all_projects=1')['count'] == 4


@pytest.mark.parametrize('query', ALL_PROJECTS + [
    'project_id=p1', 'all_tenants=1&project_id=p1', 'user_id=alice',
    'name=secret-share', 'name~=secret', 'is_public=true'])
@pytest.mark.parametrize('listing', ['/shares', '/shares/detail'])
def test_share_lists_stay_in_the_project(eve, world, listing, query):
    body = eve.get('%s?with_count=true&%s' % (listing, query)).json
    assert [s['id'] for s in body['shares']] == [world['eve_share']] or (
        body['shares'] == [])
    assert body['count'] == len(body['shares'])
    assert world['share'] not in repr(body)


@pytest.mark.parametrize('filters', [
    'access_type=ip&access_to=' + authz.RULE_CIDR,
    'access_type=ip&access_to=' + authz.RULE_CIDR + '&access_level=rw',
])
def test_filtering_a_redacted_rule_by_its_secret_finds_nothing(
        bob, api, nova, world, filters):
    """alice and bob see V redacted (Nova's service lock outranks them); a
    filter on its real access_to must not confirm the value. Nova, who may
    see it, finds it: the filter works."""
    query = '/share-access-rules?share_id=%s&%s' % (world['share'], filters)
    for client in (api, bob):
        assert client.get(query).json['access_list'] == []
    assert [r['id'] for r in nova.get(query).json['access_list']] == [
        world['locked']]


@pytest.mark.parametrize('who', ['api', 'bob'])
def test_redacted_rule_shows_no_secret_anywhere(request, world, who):
    bob = request.getfixturevalue(who)
    for path in ('/share-access-rules/%s' % world['locked'],
                 '/share-access-rules?share_id=%s' % world['share']):
        text = bob.get(path).text
        assert authz.RULE_CIDR not in text
    legacy = authz.call(bob, 'POST', '/shares/%s/action' % world['share'],
                        {'access_list': None}, version='2.44')
    assert legacy.status_int == 200 and authz.RULE_CIDR not in legacy.text
    update = authz.call(bob, 'PUT', '/share-access-rules/' + world['locked'],
                        {'update_access': {'access_level': 'ro'}})
    assert update.status_int == 200 and authz.RULE_CIDR not in update.text


@pytest.mark.parametrize('method,suffix,body', [
    ('GET', '', None),
    ('DELETE', '', None),
    ('PUT', '', {'share': {'display_name': 'x'}}),
    ('GET', '/export_locations', None),
    ('POST', '/action', {'force_delete': None}),
    ('POST', '/action', {'soft_delete': None}),
    ('POST', '/action', {'unmanage': None}),
    ('POST', '/action', {'deny_access': {'access_id': 'RULE'}}),
    ('POST', '/action', {'deny_access': {'access_id': 'RULE',
                                         'unrestrict': True}}),
    ('POST', '/action', {'allow_access': {'access_type': 'ip',
                                          'access_to': authz.RULE_CIDR}}),
])
def test_locked_foreign_share_answers_as_a_missing_one(eve, world, method,
                                                       suffix, body):
    """Deletion locks, rule locks and their reasons stay invisible to eve:
    every call on alice's locked share answers as for no share at all."""
    def ask(share_id):
        data = json.loads(json.dumps(body).replace('RULE', world['locked']))
        return _answer(authz.call(eve, method, '/shares/' + share_id + suffix,
                                  data))
    assert ask(world['share']) == ask(str(uuid.uuid4()))


_PROBES = {
    'lock the rule': lambda eve, w, rule: _lock_rule(eve, rule, 'show'),
    'show the rule': lambda eve, w, rule: authz.call(
        eve, 'GET', '/share-access-rules/' + rule),
    'deny via own share': lambda eve, w, rule: authz.call(
        eve, 'POST', '/shares/%s/action' % w['eve_share'],
        {'deny_access': {'access_id': rule, 'unrestrict': True}}),
    'delete the share': lambda eve, w, share: authz.call(
        eve, 'DELETE', '/shares/' + share),
    'lock the share': lambda eve, w, share: authz.call(
        eve, 'POST', '/resource-locks', {'resource_lock': {
            'resource_id': share}}),
}


@pytest.mark.parametrize('probe', sorted(_PROBES))
def test_hidden_and_missing_cost_the_same_statements(db, eve, world, probe):
    """A timing difference between "exists but not yours" and "does not
    exist" needs different work; both run the very same SQL statements."""
    target = world['share'] if 'share' in probe else world['locked']
    with counting(db.engine) as hidden:
        _PROBES[probe](eve, world, target)
    with counting(db.engine) as missing:
        _PROBES[probe](eve, world, str(uuid.uuid4()))
    assert hidden == missing
    assert hidden, 'the probe ran no SQL at all: nothing was compared'
