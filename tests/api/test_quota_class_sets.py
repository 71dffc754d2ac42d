"""Quota class sets (2.7+): every class has the [quota] options, shown to
administrators under the class's name; changing one is refused."""
import pytest

CLASS = '/quota-class-sets/%s'


@pytest.mark.parametrize('version,extra', [
    ('2.7', []),
    ('2.40', ['share_groups', 'share_group_snapshots']),
    ('2.53', ['share_groups', 'share_group_snapshots', 'share_replicas',
              'replica_gigabytes']),
    ('2.99', ['share_groups', 'share_group_snapshots', 'share_replicas',
              'replica_gigabytes', 'per_share_gigabytes', 'backups',
              'backup_gigabytes', 'encryption_keys']),
])
def test_a_class_has_the_quota_options(admin, version, extra):
    admin = admin.as_(version=version)
    body = admin.get(CLASS % 'default').json['quota_class_set']
    assert sorted(body) == sorted(
        ['id', 'shares', 'gigabytes', 'snapshots', 'snapshot_gigabytes',
         'share_networks'] + extra)
    assert body['id'] == 'default'
    defaults = admin.get('/quota-sets/admin-project/defaults').json[
        'quota_set']
    assert body == dict(defaults, id='default')
    # The project's own URL shape routes the same.
    assert admin.get('/admin-project' + CLASS % 'default').json[
        'quota_class_set'] == body
    # Any class name: none has its own values here.
    assert admin.get(CLASS % 'gold').json['quota_class_set'] == dict(
        body, id='gold')


def test_classes_are_for_administrators(api, reader, eve, admin):
    for client in (api, reader, eve):
        client.get(CLASS % 'default', status=403)
        client.put(CLASS % 'default', {'quota_class_set': {'shares': 5}},
                   status=403)
    admin.as_(version='2.6').get(CLASS % 'default', status=404)


def test_a_class_cannot_be_changed(admin):
    fault = admin.put(CLASS % 'default', {'quota_class_set': {
        'shares': 5}}, status=400).json['badRequest']
    assert fault['message'].startswith('Quota classes cannot be changed')
    admin.put(CLASS % 'default', 'not json', status=400)
    assert admin.get(CLASS % 'default').json['quota_class_set'][
        'shares'] != 5
