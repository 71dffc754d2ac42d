"""What a share looks like at each microversion that changes it."""
import pytest

BASE = {'id', 'size', 'availability_zone', 'created_at', 'status', 'name',
        'description', 'project_id', 'snapshot_id', 'share_network_id',
        'share_proto', 'metadata', 'share_type', 'volume_type', 'links',
        'is_public'}
# Fields each microversion adds, in order.
ADDED = [
    ('2.2', {'snapshot_support'}),
    ('2.5', {'task_state'}),
    ('2.6', {'share_type_name'}),
    ('2.10', {'access_rules_status'}),
    ('2.11', {'replication_type', 'has_replicas'}),
    ('2.16', {'user_id'}),
    ('2.24', {'create_share_from_snapshot_support'}),
    ('2.27', {'revert_to_snapshot_support'}),
    ('2.31', {'share_group_id', 'source_share_group_snapshot_member_id'}),
    ('2.32', {'mount_snapshot_support'}),
    ('2.54', {'progress'}),
    ('2.69', {'is_soft_deleted', 'scheduled_to_be_deleted_at'}),
    ('2.80', {'source_backup_id'}),
    ('2.90', {'encryption_key_ref'}),
]
EXPORTS = {'export_location', 'export_locations'}


def _expected(version):
    def minor(text):
        return int(text.split('.')[1])
    fields = set(BASE)
    if minor(version) < 9:
        fields |= EXPORTS
    for since, added in ADDED:
        if minor(version) >= minor(since):
            fields |= added
    return fields


@pytest.mark.parametrize('version', [
    '2.0', '2.1', '2.2', '2.5', '2.6', '2.8', '2.9', '2.10', '2.11', '2.16',
    '2.24', '2.27', '2.31', '2.32', '2.53', '2.54', '2.68', '2.69', '2.80',
    '2.89', '2.90', '2.99'])
def test_share_fields_per_version(api, version):
    share = api.create_share()
    client = api.as_(version=version)
    shown = client.get('/shares/%s' % share['id']).json['share']
    assert set(shown) == _expected(version)
    listed = client.get('/shares/detail').json['shares'][0]
    assert set(listed) == _expected(version)
    assert set(client.get('/shares').json['shares'][0]) == {
        'id', 'name', 'links'}


def test_share_type_is_a_name_before_2_6_and_an_id_after(api):
    share = api.create_share()
    type_id = api.get('/types/default').json['share_type']['id']
    old = api.as_(version='2.5').get('/shares/%s' % share['id']).json[
        'share']
    assert (old['share_type'], old['volume_type']) == ('default', 'default')
    new = api.as_(version='2.6').get('/shares/%s' % share['id']).json[
        'share']
    assert (new['share_type'], new['share_type_name'],
            new['volume_type']) == (type_id, 'default', 'default')


def test_export_locations_in_the_share_until_2_8(api):
    share = api.create_share()
    old = api.as_(version='2.8').get('/shares/%s' % share['id']).json[
        'share']
    assert old['export_location'] == old['export_locations'][0]
    assert old['export_locations'][0].endswith('share-%s' % share['id'])
    api.as_(version='2.8').get('/shares/%s/export_locations' % share['id'],
                               status=404)
    new = api.as_(version='2.9').get('/shares/%s' % share['id']).json[
        'share']
    assert not EXPORTS & set(new)


def test_export_location_fields(api, admin):
    share = api.create_share()
    url = '/shares/%s/export_locations' % share['id']
    at_2_9 = api.as_(version='2.9').get(url).json['export_locations'][0]
    assert set(at_2_9) == {'id', 'path'}
    at_2_14 = api.as_(version='2.14').get(url).json['export_locations'][0]
    assert set(at_2_14) == {'id', 'path', 'preferred'}
    latest = api.get(url).json['export_locations'][0]
    assert set(latest) == {'id', 'path', 'preferred', 'metadata'}
    assert latest['preferred'] is True
    as_admin = admin.get(url).json['export_locations'][0]
    assert set(as_admin) == {'id', 'path', 'preferred', 'metadata',
                             'share_instance_id', 'is_admin_only'}
    shown = api.get('%s/%s' % (url, latest['id'])).json['export_location']
    assert set(shown) == {'id', 'path', 'preferred', 'metadata',
                          'created_at', 'updated_at'}
    assert shown['path'] == latest['path']
    missing = api.get('%s/%s' % (url, share['id']), status=404).json
    assert missing['itemNotFound']['message'] == (
        "Export location '%s' not found." % share['id'])


def test_soft_delete_fields_from_2_69(api):
    share = api.create_share()
    before = api.as_(version='2.68').get('/shares/%s' % share['id']).json[
        'share']
    assert 'is_soft_deleted' not in before
    after = api.as_(version='2.69').get('/shares/%s' % share['id']).json[
        'share']
    assert (after['is_soft_deleted'], after['scheduled_to_be_deleted_at']) \
        == (False, None)
