"""oslo.policy enforcement: one enforcer per ConfigOpts, one authorize()."""
from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from manila_locks.core import exception
from manila_locks import policies


def get_enforcer():
    """Entry point for the oslopolicy-* tools, which parse cfg.CONF."""
    cfg.CONF([], project='manila-locks')
    enforcer = oslo_policy.Enforcer(cfg.CONF)
    enforcer.register_defaults(policies.list_rules())
    return enforcer


_ACTIVE = {'enforcer': None}


def init(conf):
    """Bind the enforcer used by authorize() to this service's config."""
    enforcer = oslo_policy.Enforcer(conf)
    enforcer.register_defaults(policies.list_rules())
    enforcer.load_rules()
    _ACTIVE['enforcer'] = enforcer
    return enforcer


def _enforcer():
    if _ACTIVE['enforcer'] is None:
        raise RuntimeError('manila_locks.policy.init(conf) was not called')
    return _ACTIVE['enforcer']


def _credentials(context):
    creds = context.to_policy_values()
    return creds


def check(context, rule, target=None):
    """True when the policy rule passes for this caller and target."""
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    return _enforcer().enforce(rule, target, _credentials(context),
                               do_raise=False)


def authorize(context, rule, target=None):
    """Raise PolicyNotAuthorized unless the rule passes."""
    if not check(context, rule, target):
        raise exception.PolicyNotAuthorized(action=rule)


def is_admin(context):
    return check(context, 'context_is_admin', {})
