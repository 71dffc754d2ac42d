"""Share type representation, per microversion (Manila's types view)."""
from manila_locks.host import extra_specs as es


def _specs(req, specs):
    """Non-admins see only tenant-visible specs; from 2.24 they also see
    the snapshot capabilities a type leaves unset, as False."""
    shown = es.visible(specs, req.context.is_admin)
    if req.at_least('2.24') and not req.context.is_admin:
        for key in es.INFERRED_FALSE:
            shown.setdefault(key, False)
    if req.at_least('2.99') and not req.context.is_admin:
        for key in es.INFERRED_FALSE_2_99:
            shown.setdefault(key, False)
    return shown


def share_type(req, item, specs):
    required = {k: v for k, v in specs.items() if k in es.REQUIRED}
    body = {
        'id': item.id,
        'name': item.name,
        'extra_specs': _specs(req, specs),
        'required_extra_specs': required,
    }
    access_key = ('share_type_access:is_public' if req.at_least('2.7')
                  else 'os-share-type-access:is_public')
    body[access_key] = item.is_public
    if req.at_least('2.41'):
        body['description'] = item.description
    if req.at_least('2.46'):
        body['is_default'] = item.name == req.conf.default_share_type
    return body


def one(req, item, specs):
    body = share_type(req, item, specs)
    return {'share_type': body, 'volume_type': body}


def many(req, items, specs_by_id):
    bodies = [share_type(req, item, specs_by_id[item.id]) for item in items]
    return {'share_types': bodies, 'volume_types': bodies}


def project_access(type_id, project_ids):
    return {'share_type_access': [
        {'share_type_id': type_id, 'project_id': project_id}
        for project_id in project_ids]}
