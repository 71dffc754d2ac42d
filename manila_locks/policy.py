"""oslo.policy enforcement: one enforcer per ConfigOpts, one authorize().

Decisions are oslo.policy's, made cheaper in three ways that change none:

- Rules are loaded once at start-up (init), again on reload() (SIGHUP in
  manila-locks-api), and when the policy file or a policy.d file changes:
  oslo.policy's Enforcer.enforce() re-runs load_rules() on every call, a
  stat() of every file; here that happens at most once a second.
- The rule tree is walked here instead of through oslo.policy's
  ``_checks._check``, which inspects every node's signature
  (inspect.getfullargspec) on every evaluation. And/or/not/rule nodes are
  evaluated as oslo.policy does; every leaf (role:, generic, http, custom
  checks) is still oslo.policy's own check object.
- A request asks the same question more than once (handler and core, every
  locked rule of a list): each answer is kept on the request context, keyed
  by rule, target and the rule set it came from.
"""
import functools
import sys
import threading
import time

from oslo_config import cfg
from oslo_policy import _checks
from oslo_policy import policy as oslo_policy

from manila_locks.core import authorization
from manila_locks.core import exception
from manila_locks import literals
from manila_locks import policies

# How often (seconds) a request may look at the policy files' mtimes.
RELOAD_CHECK_INTERVAL = 1.0


def get_enforcer():
    """Entry point for the oslopolicy-* tools, which parse cfg.CONF."""
    cfg.CONF([], project='manila-locks')
    enforcer = oslo_policy.Enforcer(cfg.CONF)
    enforcer.register_defaults(policies.list_rules())
    return enforcer


class Enforcer(oslo_policy.Enforcer):
    """oslo.policy's Enforcer whose implicit reload is rate-limited."""

    def __init__(self, conf):
        super().__init__(conf)
        self._checked_at = None
        self._reload_lock = threading.Lock()
        # Bumped whenever the rule set may have changed: part of the key of
        # every cached decision.
        self.generation = 0

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if (not force_reload and self._checked_at is not None and
                now - self._checked_at < RELOAD_CHECK_INTERVAL):
            return
        with self._reload_lock:
            super().load_rules(force_reload)
            self._checked_at = now
            if force_reload:
                self.generation += 1

    def set_rules(self, rules, overwrite=True, use_conf=False):
        super().set_rules(rules, overwrite, use_conf)
        self.generation += 1


_ACTIVE = {'enforcer': None}


def init(conf):
    """Bind the enforcer used by authorize() to this service's config."""
    enforcer = Enforcer(conf)
    enforcer.register_defaults(policies.list_rules())
    enforcer.load_rules()
    _ACTIVE['enforcer'] = enforcer
    # This module is the lock core's authorizer (check, authorize) for
    # every call that is not handed one.
    authorization.install(sys.modules[__name__])
    return enforcer


def reload():
    """Re-read the policy file and policy.d now (SIGHUP)."""
    _enforcer().load_rules(force_reload=True)


def _enforcer():
    if _ACTIVE['enforcer'] is None:
        raise RuntimeError('manila_locks.policy.init(conf) was not called')
    return _ACTIVE['enforcer']


# Leaves of oslo.policy's own whose __call__ takes current_rule.
_LEAVES = (_checks.TrueCheck, _checks.FalseCheck, _checks.RoleCheck,
           _checks.GenericCheck)


def _evaluate(check, target, creds, enforcer, current_rule):
    """What oslo_policy._checks._check(check, ...) returns, without
    inspecting a signature per node."""
    kind = type(check)
    if kind is _checks.OrCheck:
        for rule in check.rules:
            if _evaluate(rule, target, creds, enforcer, current_rule):
                return True
        return False
    if kind is _checks.AndCheck:
        for rule in check.rules:
            if not _evaluate(rule, target, creds, enforcer, current_rule):
                return False
        return True
    if kind is _checks.RuleCheck:
        try:
            referenced = enforcer.rules[check.match]
        except KeyError:
            return False     # no such rule: fail closed, as oslo.policy
        return _evaluate(referenced, target, creds, enforcer, current_rule)
    if kind is _checks.NotCheck:
        return not _evaluate(check.rule, target, creds, enforcer,
                             current_rule)
    if kind is _checks.GenericCheck:
        return _generic(check, target, creds)
    if kind in _LEAVES:
        return check(target, creds, enforcer, current_rule)
    return _checks._check(check, target, creds, enforcer, current_rule)


@functools.lru_cache(maxsize=None)
def _literal(kind):
    """(True, str(value)) when a generic check's left side is a Python
    literal ('True', "'member'"), else (False, None): as oslo.policy
    decides, once per text, and never two threads parsing at once."""
    try:
        return True, str(literals.evaluate(kind))
    except ValueError:
        return False, None


def _generic(check, target, creds):
    """What oslo.policy's GenericCheck answers (`kind:match`)."""
    try:
        match = check.match % target
    except KeyError:
        return False
    is_literal, value = _literal(check.kind)
    if is_literal:
        return match == value
    return check._find_in_dict(creds, check.kind.split('.'), match)


def _decide(enforcer, rule, target, creds):
    """Enforcer.enforce(rule, target, creds, do_raise=False) for a rule
    name, less its reload (check() has made it)."""
    rules = enforcer.rules
    if not rules or rule not in rules:
        return False        # fail closed, as oslo.policy
    registered = enforcer.registered_rules.get(rule)
    if registered is not None and not enforcer._enforce_scope(
            creds, registered, do_raise=False):
        return False
    return _evaluate(rules[rule], target, creds, enforcer, rule)


def _credentials(context):
    creds = _as_dict(context.to_policy_values())
    if creds.get('system_scope'):
        creds['system'] = creds['system_scope']   # as Enforcer.enforce
    return creds


def _as_dict(values):
    """dict(values) of oslo.context's policy values: its standard keys
    over those a service added (deprecated ones), from its two dicts, as
    its own _dict; not through its __getitem__, one Python call per key
    (28 calls a request). Any other mapping: dict(). Unlike dict(values),
    copying an added key raises no DeprecationWarning (this service adds
    none; the warning meant a rule reading one, and dict() raised it for
    every request whatever its rules read)."""
    data = getattr(values, '_data', None)
    added = getattr(values, '_deprecated', None)
    if type(data) is not dict or type(added) is not dict:
        return dict(values)
    creds = dict(added)
    creds.update(data)
    return creds


class _Decisions:
    """One request's answers; credentials computed once."""

    def __init__(self, context):
        self.creds = _credentials(context)
        self.answers = {}


def _decisions(context):
    try:
        return context._policy_decisions
    except AttributeError:
        decisions = context._policy_decisions = _Decisions(context)
        return decisions


def _target_key(target):
    try:
        return tuple(sorted(target.items()))
    except TypeError:        # unorderable keys: not cached
        return None


def check(context, rule, target=None):
    """True when the policy rule passes for this caller and target."""
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    enforcer = _enforcer()
    enforcer.load_rules()       # at most a stat() a second
    decisions = _decisions(context)
    key = _target_key(target)
    if key is not None:
        key = (rule, key, id(enforcer), enforcer.generation)
        try:
            return decisions.answers[key]
        except (KeyError, TypeError):   # TypeError: unhashable values
            pass
    result = _decide(enforcer, rule, target, decisions.creds)
    if key is not None:
        try:
            decisions.answers[key] = result
        except TypeError:
            pass
    return result


def authorize(context, rule, target=None):
    """Raise PolicyNotAuthorized unless the rule passes."""
    if not check(context, rule, target):
        raise exception.PolicyNotAuthorized(action=rule)


def is_admin(context):
    return check(context, 'context_is_admin', {})
