from manila_locks.policies import base

SERVICES = '/security-services'

rules = [
    base.documented('security_service:create', base.ADMIN_OR_PROJECT_MEMBER,
                    'Create security service (refused: not supported).',
                    [('POST', SERVICES)]),
    base.documented('security_service:show', base.ADMIN_OR_PROJECT_READER,
                    'Get security service (none exist).',
                    [('GET', SERVICES + '/{security_service_id}')]),
    base.documented('security_service:detail', base.ADMIN_OR_PROJECT_READER,
                    'Get security services with details (always none).',
                    [('GET', SERVICES + '/detail?{query}')]),
    base.documented('security_service:index', base.ADMIN_OR_PROJECT_READER,
                    'Get all security services (always none).',
                    [('GET', SERVICES + '?{query}')]),
]


def list_rules():
    return rules
