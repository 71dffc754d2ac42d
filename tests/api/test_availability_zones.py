"""Availability zones: the one zone of the back end ([DEFAULT]
storage_availability_zone), listed as Manila lists zones, and the zone
every share is created in."""
import re
import uuid

SIX_DIGITS = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')
DHSS = 'driver_handles_share_servers'


def _zones(client, version='2.87'):
    return client.as_(version=version).get(
        '/availability-zones').json['availability_zones']


def test_the_configured_zone_is_listed_with_a_lasting_id(api, reader, eve):
    [zone] = _zones(api)
    assert sorted(zone) == ['created_at', 'id', 'name', 'updated_at']
    assert zone['name'] == 'nova'
    assert uuid.UUID(zone['id'])
    assert SIX_DIGITS.match(zone['created_at'])
    assert zone['updated_at'] is None
    # Every caller, every time, sees the same zone.
    assert _zones(reader) == [zone]
    assert _zones(eve) == [zone]


def test_before_2_7_the_zones_are_at_os_availability_zone(api):
    legacy = api.as_(version='2.6')
    [zone] = legacy.get('/os-availability-zone').json['availability_zones']
    assert [zone] == _zones(api)
    legacy.get('/availability-zones', status=404)
    api.as_(version='2.7').get('/os-availability-zone', status=404)


def test_listing_needs_the_reader_role(api):
    response = api.as_('nobody:p1:auditor').get('/availability-zones',
                                                status=403)
    assert 'availability_zone:index' in response.json['forbidden']['message']


def test_shares_are_created_in_the_configured_zone(api, conf):
    conf.set_override('storage_availability_zone', 'zone-a')
    [zone] = _zones(api)
    assert zone['name'] == 'zone-a'
    assert api.create_share()['availability_zone'] == 'zone-a'
    # Named by its name or by its id, as Manila allows.
    for wanted in ('zone-a', zone['id']):
        share = api.create_share(availability_zone=wanted)
        assert share['availability_zone'] == 'zone-a'


def test_any_other_zone_is_not_found(api, conf):
    conf.set_override('storage_availability_zone', 'zone-a')
    for wanted in ('nova', 'mars', str(uuid.uuid4())):
        response = api.post('/shares', {'share': {
            'share_proto': 'NFS', 'size': 1, 'availability_zone': wanted}},
            status=404)
        assert response.json == {'itemNotFound': {
            'code': 404,
            'message': 'Availability zone %s could not be found.' % wanted}}
    assert api.get('/shares').json['shares'] == []


def test_a_type_limited_to_other_zones_refuses_an_explicit_zone(api,
                                                                admin):
    admin.post('/types', {'share_type': {'name': 'elsewhere', 'extra_specs': {
        DHSS: False, 'availability_zones': 'az1,az2'}}})
    body = {'share': {'share_proto': 'NFS', 'size': 1,
                      'share_type': 'elsewhere', 'availability_zone': 'nova'}}
    response = api.post('/shares', body, status=400)
    assert response.json['badRequest']['message'] == (
        'Share type elsewhere is not supported within the availability '
        'zone chosen nova.')
    # Manila checks the type's zones from 2.48 on.
    assert api.as_(version='2.47').post('/shares', body).json['share'][
        'availability_zone'] == 'nova'
