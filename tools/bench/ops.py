"""The operations the benchmark measures, as requests against fixtures.

Tokens use the noauth form user:project. Locks belong to alice; bob, a
member of the same project, sees visibility-locked rules redacted.
"""
import dataclasses
import typing

import load

ALICE = 'alice:p1'
BOB = 'bob:p1'
RULE_COUNTS = (10, 100, 1000)
CLIENTS = (1, 8)


@dataclasses.dataclass
class Op:
    name: str
    make_request: typing.Callable    # index -> load.Request
    expect: frozenset
    rules: int = None                # N, for rule lists
    share: float = 1.0               # fraction of the run's request count
    warm: bool = True                # safe to send extra warm-up requests
    clients: tuple = CLIENTS         # concurrencies to measure


def _cycle(ids):
    return lambda i: ids[i % len(ids)]


def floor(fx):
    pick = _cycle(fx.locked)
    return Op('floor', lambda i: load.Request(
        'GET', '/floor/shares/%s' % pick(i), ALICE), frozenset([200]))


def lock_ops(fx):
    lockable, locked = _cycle(fx.lockable), _cycle(fx.locked)

    def create(i):
        return load.Request('POST', '/resource-locks', ALICE, {
            'resource_lock': {'resource_id': lockable(i),
                              'resource_type': 'share',
                              'resource_action': 'delete',
                              'lock_reason': 'bench'}})
    return [
        Op('lock create', create, frozenset([200])),
        Op('lock list by resource_id', lambda i: load.Request(
            'GET', '/resource-locks?resource_id=%s' % locked(i), ALICE),
            frozenset([200])),
        Op('lock list limit=50 with_count', lambda i: load.Request(
            'GET', '/resource-locks?limit=50&with_count=true', ALICE),
            frozenset([200])),
        # The history read; a page of 50, since the refused deletes
        # below add events to these shares at every level.
        Op('lock history by resource_id', lambda i: load.Request(
            'GET', '/resource-lock-events?resource_id=%s&limit=50'
            % locked(i), ALICE), frozenset([200])),
        Op('share delete refused', lambda i: load.Request(
            'DELETE', '/shares/%s' % locked(i), ALICE), frozenset([403])),
    ]


def share_delete(share_ids, clients):
    """Deletes consume their shares: `share_ids` is this run's own slice."""
    return Op('share delete allowed', lambda i: load.Request(
        'DELETE', '/shares/%s' % share_ids[i], ALICE), frozenset([202]),
        warm=False, clients=(clients,))


def rule_ops(fx):
    ops = []
    for n in RULE_COUNTS:
        share_id = fx.rule_shares[n]
        ops.append(Op('rule list', _get('/share-access-rules?share_id=%s'
                                        % share_id), frozenset([200]),
                      rules=n, share=_rule_share(n)))
    ops.append(Op('rule show', _get('/share-access-rules/%s'
                                    % fx.locked_rule), frozenset([200])))
    return ops


def rule_variant_ops(fx, counts=(10, 1000)):
    """The benchmark's own batched and one-lookup-per-rule rule lists, at
    one client: a control for the rule-list target, not a product figure."""
    ops = []
    for n in counts:
        path = '/bench-rules?share_id=%s&mode=' % fx.rule_shares[n]
        ops.append(Op('rule list (bench batched)', _get(path + 'batched'),
                      frozenset([200]), rules=n, share=_rule_share(n),
                      clients=(1,)))
        # At N=1000 one naive request takes seconds: a handful will do.
        ops.append(Op('rule list (bench naive)', _get(path + 'naive'),
                      frozenset([200]), rules=n,
                      share=_rule_share(n) / 3, clients=(1,)))
    return ops


def _get(path):
    return lambda i: load.Request('GET', path, BOB)


def _rule_share(n):
    # Big lists take long; fewer of them keep the run short.
    return {10: 1.0, 100: 0.3}.get(n, 0.1)
