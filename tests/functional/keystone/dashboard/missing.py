"""Calls manila-ui makes that the share service does not answer yet.

A panel or step that needs one is marked with needs(...): a strict xfail
that holds only while Horizon shows an error and the service answers 404
meanwhile (browser.EndpointMissing). Once the service answers, the test
passes, pytest reports XPASS(strict) as a failure, and the mark (then
the constant here) must go.
"""
import pytest

from tests.functional.keystone.dashboard import browser

AVAILABILITY_ZONES = 'GET /v2/availability-zones'
LIMITS = 'GET /v2/limits'
MESSAGES = 'GET /v2/messages'
SECURITY_SERVICES = 'GET /v2/security-services/detail'
SHARE_GROUP_SNAPSHOTS = 'GET /v2/share-group-snapshots/detail'
SHARE_GROUP_TYPES = 'GET /v2/share-group-types'
SHARE_GROUPS = 'GET /v2/share-groups/detail'
SHARE_INSTANCES = 'GET /v2/share_instances'
SHARE_NETWORKS = 'GET /v2/share-networks[/detail]'
SHARE_SERVERS = 'GET /v2/share-servers'
SNAPSHOTS = 'GET /v2/snapshots/detail'


def needs(*calls):
    return pytest.mark.xfail(strict=True, raises=browser.EndpointMissing,
                             reason='needs ' + ', '.join(calls))
