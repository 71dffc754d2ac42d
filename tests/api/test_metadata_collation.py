"""Metadata keys that differ only in four-byte characters: MariaDB's
utf8mb4 collations weigh every such character alike, so there they are one
key, and the request is refused (400) instead of failing the insert (the
schemathesis run found the 500); PostgreSQL and SQLite keep them apart."""
from tests.api import access_rule_steps as steps

KEYS = {'\U0008fe24': 'a', '\U000a7f69': 'b'}


def test_keys_one_to_the_database_are_refused(db, api, share):
    rule = steps.allow(api, share['id'])
    path = '/share-access-rules/%s' % rule['id']
    if db.name == 'mysql':
        response = api.put(path + '/metadata', {'metadata': KEYS},
                           status=400)
        assert 'one key to the database' in steps.message(response)
        assert api.get(path).json['access']['metadata'] == {}
    else:
        api.put(path + '/metadata', {'metadata': KEYS})
        assert api.get(path).json['access']['metadata'] == KEYS
