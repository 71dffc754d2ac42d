"""Share type representation, per microversion."""


def share_type(req, item, specs):
    required = {k: v for k, v in specs.items()
                if k == 'driver_handles_share_servers'}
    body = {
        'id': item.id,
        'name': item.name,
        'extra_specs': specs,
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
    return {'share_types': [share_type(req, item, specs_by_id[item.id])
                            for item in items],
            'volume_types': [share_type(req, item, specs_by_id[item.id])
                             for item in items]}
