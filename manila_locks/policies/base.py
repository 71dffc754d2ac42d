"""Persona check strings shared by every policy module (Manila's names)."""
from oslo_policy import policy

ADMIN = 'role:admin'
SERVICE = 'role:service'
ADMIN_OR_SERVICE = 'rule:admin_or_service_api'
PROJECT_MEMBER = 'rule:project-member'
PROJECT_READER = 'rule:project-reader'
OWNER_USER = 'rule:owner-user'
ADMIN_OR_PROJECT_MEMBER = f'({ADMIN}) or ({PROJECT_MEMBER})'
ADMIN_OR_PROJECT_READER = f'({ADMIN}) or ({PROJECT_READER})'
ADMIN_OR_SERVICE_OR_PROJECT_MEMBER = (
    f'({ADMIN_OR_SERVICE}) or ({PROJECT_MEMBER})')
ADMIN_OR_SERVICE_OR_PROJECT_READER = (
    f'({ADMIN_OR_SERVICE}) or ({PROJECT_READER})')
ADMIN_OR_SERVICE_OR_OWNER_USER = f'({OWNER_USER}) or ({ADMIN_OR_SERVICE})'


def documented(name, check, description, operations):
    """A project-scoped DocumentedRuleDefault; operations are
    (method, path) pairs."""
    return policy.DocumentedRuleDefault(
        name=name, check_str=check, description=description,
        operations=[{'method': m, 'path': p} for m, p in operations],
        scope_types=['project'])


rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       description='Decides who is an administrator.'),
    policy.RuleDefault('admin_api', 'rule:context_is_admin',
                       description='Administrators.'),
    policy.RuleDefault('admin_or_service_api', f'{ADMIN} or {SERVICE}',
                       description='Administrators and OpenStack services.'),
    policy.RuleDefault('project-member',
                       'role:member and project_id:%(project_id)s',
                       description='A member of the owning project.'),
    policy.RuleDefault('project-reader',
                       'role:reader and project_id:%(project_id)s',
                       description='A reader of the owning project.'),
    policy.RuleDefault('owner-user',
                       'user_id:%(user_id)s and project_id:%(project_id)s',
                       description='The user that owns the target.'),
]


def list_rules():
    return rules
