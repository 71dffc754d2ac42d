"""Share list filters, sorting and paging, as Manila reads them."""
import urllib.parse


def _names(client, query='', path='/shares/detail'):
    return [s['name'] for s in client.get(path + query).json['shares']]


def _q(**params):
    return '?' + urllib.parse.urlencode(params)


def _three(api, admin):
    shares = {
        'alpha': api.create_share(name='alpha', size=1,
                                  description='first one',
                                  metadata={'env': 'prod', 'tier': 'a'}),
        'beta': api.create_share(name='beta', size=3, proto='CIFS',
                                 description='second one',
                                 metadata={'env': 'dev'}),
        'alphabet': api.create_share(name='alphabet', size=2),
    }
    admin.post('/shares/%s/action' % shares['beta']['id'],
               {'reset_status': {'status': 'error'}}, status=202)
    return shares


def test_exact_and_like_filters(api, admin):
    shares = _three(api, admin)
    assert _names(api, '?name=alpha') == ['alpha']
    assert sorted(_names(api, _q(**{'name~': 'alph'}))) == [
        'alpha', 'alphabet']
    # An exact name wins over name~ given with it.
    assert _names(api, _q(**{'name': 'beta', 'name~': 'alph'})) == ['beta']
    assert _names(api, _q(description='second one')) == ['beta']
    assert _names(api, _q(**{'description~': 'ONE'}), '/shares') in (
        ['beta', 'alpha'], ['alpha', 'beta'])
    assert _names(api, '?status=error') == ['beta']
    type_id = shares['alpha']['share_type']
    assert len(_names(api, '?share_type_id=' + type_id)) == 3
    assert _names(api, '?share_type_id=nope') == []
    assert _names(api, _q(snapshot_id='x')) == []
    assert _names(api, _q(share_network_id='x')) == []
    # Unknown filters from members are ignored, as in Manila.
    assert len(_names(api, '?size=1&bogus=1&user_id=zed')) == 3
    # Admins may filter by more columns.
    assert _names(admin, '?all_tenants=1&share_proto=CIFS') == ['beta']
    assert _names(admin, '?all_tenants=1&user_id=zed') == []


def test_filters_are_dropped_below_their_version(api, admin):
    _three(api, admin)
    old = api.as_(version='2.35')
    assert len(_names(old, _q(**{'name~': 'alph', 'description': 'x'}))) \
        == 3
    assert len(_names(api.as_(version='2.34'),
                      '?export_location_path=/nowhere')) == 3


def test_metadata_and_extra_specs_filters(api, admin):
    _three(api, admin)
    assert _names(api, _q(metadata="{'env': 'prod'}")) == ['alpha']
    assert _names(api, _q(metadata="{'env': 'prod', 'tier': 'b'}")) == []
    bad = api.get('/shares' + _q(metadata='[1, 2]'), status=400).json
    assert 'Wrong metadata filter' in bad['badRequest']['message']
    api.get('/shares' + _q(metadata='{unbalanced'), status=400)
    # Filtering by extra specs is for administrators, as in Manila.
    api.get('/shares' + _q(extra_specs="{'snapshot_support': 'True'}"),
            status=403)
    assert len(_names(admin, _q(
        all_tenants=1,
        extra_specs="{'driver_handles_share_servers': 'False'}"))) == 3
    assert _names(admin, _q(all_tenants=1, extra_specs="{"
                            "'snapshot_support': 'True'}")) == []


def test_export_location_filters(api, admin):
    shares = _three(api, admin)
    alpha = shares['alpha']['id']
    exports = api.get('/shares/%s/export_locations' % alpha).json[
        'export_locations']
    assert _names(api, '?export_location_id=' + exports[0]['id']) == [
        'alpha']
    assert _names(api, _q(export_location_path=exports[0]['path'])) == [
        'alpha']
    assert _names(api, _q(export_location_path='/nowhere')) == []


def test_host_filter_is_for_admins(api, admin):
    _three(api, admin)
    api.get('/shares?host=localhost@local%23local', status=403)
    assert len(_names(admin, _q(all_tenants=1,
                                host='localhost@local#local'))) == 3


def test_sorting(api, admin):
    _three(api, admin)
    assert _names(api, '?sort_key=name&sort_dir=asc') == [
        'alpha', 'alphabet', 'beta']
    assert _names(api, '?sort_key=size&sort_dir=DESC') == [
        'beta', 'alphabet', 'alpha']
    assert _names(api, '?sort_key=display_name') == [
        'beta', 'alphabet', 'alpha']
    # Newest first by default.
    assert _names(api) == ['alphabet', 'beta', 'alpha']
    bad_key = api.get('/shares?sort_key=bogus', status=400).json
    assert bad_key['badRequest']['message'] == (
        "Wrong sorting key provided - 'bogus'.")
    bad_dir = api.get('/shares?sort_dir=up', status=400).json
    assert 'sort direction' in bad_dir['badRequest']['message']
    api.get('/shares?sort_key=', status=400)


def test_paging_and_count(api, admin):
    _three(api, admin)
    page = api.get('/shares?sort_key=name&sort_dir=asc&limit=2').json
    assert [s['name'] for s in page['shares']] == ['alpha', 'alphabet']
    assert 'count' not in page
    next_href = page['shares_links'][0]['href']
    assert page['shares_links'][0]['rel'] == 'next'
    rest = api.app.get(next_href, headers=api.headers()).json
    assert [s['name'] for s in rest['shares']] == ['beta']
    assert 'shares_links' not in rest
    counted = api.get('/shares?with_count=true&limit=1&offset=1').json
    assert counted['count'] == 3 and len(counted['shares']) == 1
    empty = api.get('/shares/detail?with_count=true&name=none').json
    assert (empty['shares'], empty['count']) == ([], 0)
    # with_count arrived in 2.42 for the summary list.
    assert 'count' not in api.as_(version='2.41').get(
        '/shares?with_count=true').json
    for bad in ('limit=-1', 'limit=x', 'offset=-2', 'offset=1.5',
                'with_count=maybe'):
        api.get('/shares?' + bad, status=400)


def test_is_soft_deleted_returns_only_the_recycle_bin(api, admin):
    shares = _three(api, admin)
    api.post('/shares/%s/action' % shares['alpha']['id'],
             {'soft_delete': None}, status=202)
    # What `openstack share show <name>` asks, twice.
    lookup = '/shares/detail?all_tenants=1&is_public=True'
    assert sorted(_names(api, '', lookup)) == ['alphabet', 'beta']
    assert _names(api, '', lookup + '&is_soft_deleted=True') == ['alpha']
    assert _names(api, '?is_soft_deleted=false', '/shares') in (
        ['alphabet', 'beta'], ['beta', 'alphabet'])
    # Below 2.69 the filter does not exist: the recycle bin stays hidden.
    assert 'alpha' not in _names(api.as_(version='2.68'),
                                 '?is_soft_deleted=true')
    api.get('/shares?is_soft_deleted=perhaps', status=400)
