"""Every Share panel of manila-ui opens in a real browser with no error
page and no error message: the project panels as two members of p1, the
admin panels as the administrator. A screenshot of each is kept."""
import pytest

from tests.functional.keystone.dashboard import missing as m

# panel -> marks for the calls it needs that the service lacks (missing.py)
PROJECT_PANELS = {
    'shares': [m.needs(m.SHARE_NETWORKS, m.SNAPSHOTS, m.LIMITS)],
    'share_snapshots': [m.needs(m.SNAPSHOTS)],
    'share_networks': [m.needs(m.SHARE_NETWORKS)],
    'security_services': [m.needs(m.SECURITY_SERVICES)],
    'share_groups': [m.needs(m.SHARE_GROUPS)],
    'share_group_snapshots': [m.needs(m.SHARE_GROUP_SNAPSHOTS)],
    'user_messages': [m.needs(m.MESSAGES)],
    'resource_locks': [],
}
ADMIN_PANELS = {
    'shares': [m.needs(m.SNAPSHOTS)],
    'share_snapshots': [m.needs(m.SNAPSHOTS)],
    'share_networks': [m.needs(m.SHARE_NETWORKS)],
    'security_services': [m.needs(m.SECURITY_SERVICES)],
    'share_servers': [m.needs(m.SHARE_SERVERS)],
    'share_instances': [m.needs(m.SHARE_INSTANCES)],
    'share_types': [],
    'share_group_types': [m.needs(m.SHARE_GROUP_TYPES)],
    'share_groups': [m.needs(m.SHARE_GROUPS)],
    'share_group_snapshots': [m.needs(m.SHARE_GROUP_SNAPSHOTS)],
    'user_messages': [m.needs(m.MESSAGES)],
    'resource_locks': [],
}
WHO = {'project': ('alice', 'bob'), 'admin': ('admin',)}


def panel_params():
    for dashboard, panels in (('project', PROJECT_PANELS),
                              ('admin', ADMIN_PANELS)):
        for person in WHO[dashboard]:
            for panel, marks in panels.items():
                yield pytest.param(person, '/%s/%s/' % (dashboard, panel),
                                   marks=marks, id='%s-%s-%s' % (
                                       person, dashboard, panel))


@pytest.mark.parametrize('person, path', panel_params())
def test_share_panel_opens_without_errors(browser, person, path):
    page = browser(person).visit(path)
    page.shot(path.strip('/').replace('/', '-'))
    assert page.driver.current_url == page.base_url + path
