"""Review: the guard matrix folds Manila's pre-2.7 spellings into the new
ones (``name.replace('os-', '')``), so ``os-force_delete``,
``os-deny_access`` and ``os-allow_access`` are never run against a lock.
They reach their handler through their own ACTIONS row: pointing
``os-force_delete`` at a handler that skips the checker passes the whole
matrix, test_lock_guarantee, test_shares_actions and
test_share_deletion_locks (tried in review). Each spelling that removes a
share or a rule, or echoes a grantee, should be a row of OPS.
"""
import json

from tests.authz import test_guard_matrix as matrix

GUARDED_SPELLINGS = ('os-force_delete', 'os-deny_access', 'os-allow_access')


def test_every_spelling_of_a_guarded_action_is_run():
    world = matrix.World('share', 'rule', 'lock')
    recorder = matrix._Recorder()
    people = {name: recorder for name in ('alice', 'bob', 'eve', 'admin',
                                          'nova')}
    bodies = []
    recorder.post = lambda path, body, **kw: bodies.append(body) or (
        matrix._Anything())
    recorder.raw = lambda method, path, body=b'', **kw: bodies.append(
        json.loads(body or b'{}')) or matrix._Anything()
    for run in matrix.OPS.values():
        if run not in (matrix._purge, matrix._restore, matrix._accept):
            run(people, world)
    names = set()
    for body in bodies:
        names.update(body)
    assert set(GUARDED_SPELLINGS) - names == set()
