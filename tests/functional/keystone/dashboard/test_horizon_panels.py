"""Every Share panel of manila-ui opens in a real browser with no error
page and no error message: the project panels as two members of p1, the
admin panels as the administrator. A screenshot of each is kept."""
import pytest

# panel -> marks (none: every call manila-ui makes is answered)
PROJECT_PANELS = {
    'shares': [],
    'share_snapshots': [],
    'share_networks': [],
    'security_services': [],
    'share_groups': [],
    'share_group_snapshots': [],
    'user_messages': [],
    'resource_locks': [],
}
ADMIN_PANELS = {
    'shares': [],
    'share_snapshots': [],
    'share_networks': [],
    'security_services': [],
    'share_servers': [],
    'share_instances': [],
    'share_types': [],
    'share_group_types': [],
    'share_groups': [],
    'share_group_snapshots': [],
    'user_messages': [],
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


@pytest.mark.parametrize('person, path', list(panel_params()))
def test_share_panel_opens_without_errors(browser, person, path):
    page = browser(person).visit(path)
    page.shot(path.strip('/').replace('/', '-'))
    assert page.driver.current_url == page.base_url + path
