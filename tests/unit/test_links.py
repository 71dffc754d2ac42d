"""api/links: self and bookmark links as Manila writes them.

| request                                  | self / bookmark href             |
|------------------------------------------|----------------------------------|
| project in the path (/v2/p1/...)         | base/v2/p1/coll/id, base/p1/...  |
| no project in the path, caller's project | base/v2/<caller's>/coll/id       |
| neither                                  | base/v2/coll/id, base/coll/id    |
| served under a script name (/share)      | the script name after the host   |
| a non-default port, https                | kept in the base                 |
| several links in one request             | host_url read once (a page of 50 |
|                                          | locks has 50 pairs)              |
"""
import types
from unittest import mock

import pytest
import webob

from manila_locks.api import links
from manila_locks.api import router

CASES = [
    # (url, script_name, project in path, caller's project, self, bookmark)
    ('http://h:8786/v2/p1/resource-locks', '', 'p1', 'p9',
     'http://h:8786/v2/p1/resource-locks/L',
     'http://h:8786/p1/resource-locks/L'),
    ('http://h:8786/v2/resource-locks', '', None, 'p9',
     'http://h:8786/v2/p9/resource-locks/L',
     'http://h:8786/p9/resource-locks/L'),
    ('http://h:8786/v2/resource-locks', '', None, None,
     'http://h:8786/v2/resource-locks/L', 'http://h:8786/resource-locks/L'),
    ('https://cloud.example.org/share/v2/p1/resource-locks', '/share', 'p1',
     None, 'https://cloud.example.org/share/v2/p1/resource-locks/L',
     'https://cloud.example.org/share/p1/resource-locks/L'),
]


def _request(url, script_name, project, caller_project):
    req = webob.Request.blank(url)
    req.script_name = script_name
    if project is not None:
        req.environ[router.PROJECT_KEY] = project
    req.context = types.SimpleNamespace(project_id=caller_project)
    return req


@pytest.mark.parametrize('url,script_name,project,caller,self_href,bookmark',
                         CASES)
def test_links_as_manila_writes_them(url, script_name, project, caller,
                                     self_href, bookmark):
    req = _request(url, script_name, project, caller)
    assert links.resource_links(req, 'resource-locks', 'L') == [
        {'rel': 'self', 'href': self_href},
        {'rel': 'bookmark', 'href': bookmark}]


def test_the_base_is_worked_out_once_per_request():
    req = _request(*CASES[0][:4])
    with mock.patch.object(webob.Request, 'host_url',
                           new_callable=mock.PropertyMock,
                           return_value='http://h:8786') as host_url:
        found = [links.resource_links(req, 'resource-locks', str(i))
                 for i in range(50)]
    assert host_url.call_count == 1
    assert found[49][0]['href'] == 'http://h:8786/v2/p1/resource-locks/49'
