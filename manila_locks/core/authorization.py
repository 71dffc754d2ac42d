"""Who may do what, as the lock core asks it: an authorizer.

The core never imports the policy enforcer. It asks an object with two
methods, the ones ``manila_locks.policy`` (the module itself) provides:

- ``check(context, rule, target=None)``: True when the rule passes;
- ``authorize(context, rule, target=None)``: raise PolicyNotAuthorized
  (core.exception) unless it passes.

A LockService (core/service.py) hands its authorizer to every core call
it makes. Code that calls the core without one (the host's share and rule
services, the checker) gets the process default, installed once at
start-up by ``manila_locks.policy.init``.
"""
import typing


class Authorizer(typing.Protocol):
    def check(self, context, rule, target=None) -> bool:
        ...

    def authorize(self, context, rule, target=None) -> None:
        ...


_DEFAULT = {'authorizer': None}


def install(authorizer):
    """Make `authorizer` the default for calls that pass none."""
    _DEFAULT['authorizer'] = authorizer


def resolve(authorizer=None):
    """`authorizer`, or the installed default."""
    if authorizer is not None:
        return authorizer
    if _DEFAULT['authorizer'] is None:
        raise RuntimeError('No authorizer: pass one, or call '
                           'manila_locks.policy.init(conf) first')
    return _DEFAULT['authorizer']
