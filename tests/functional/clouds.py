"""Who the functional tests act as, and how each client says so.

A cloud is a running server plus a way to act as a named person through
each real client:

    cloud.cli('alice')  -> OpenStackCLI running `openstack` as alice
    cloud.sdk('nova')   -> the openstacksdk shared-file-system proxy as nova
                           (conn.shared_file_system, what Nova calls)
    cloud.project_of('alice')

People (the same names in every auth mode):
    demo   what `--os-auth-type none` gives (noauth only: token `notused`)
    alice  member of project A          bob    another member of project A
    eve    member of project B          admin  admin of an admin project
    nova   alice's token plus a service token (locks get lock_context
           'service'), as Nova calls Manila on a user's behalf
    nova_admin  Nova's own [manila] credentials: the nova user, an admin of
           the service project, no service token (locks get lock_context
           'admin'); what nova/share/manila.py uses to allow and deny

NoAuthCloud is the noauth implementation. A keystone cloud implements the
same three methods with real users and tokens (see conftest.CLOUD_FACTORIES).
"""
import dataclasses
import os
import uuid

import openstack
import pytest

from tests.functional import cli

API_VERSION = '2.82'   # what Nova pins
# The SDK warns about its own future removals on every call; not our code.
QUIET_SDK = pytest.mark.filterwarnings(
    'ignore::PendingDeprecationWarning:openstack.*')


@dataclasses.dataclass(frozen=True)
class Person:
    user_id: str
    project_id: str
    roles: str = 'member,reader'
    service: bool = False   # carries a valid service token

    @property
    def token(self):
        """The noauth token form user:project:roles."""
        return '%s:%s:%s' % (self.user_id, self.project_id, self.roles)


def noauth_people():
    """Fresh project ids per cloud, so runs never see each other's data."""
    project_a, project_b = uuid.uuid4().hex, uuid.uuid4().hex
    admin_project, service_project = uuid.uuid4().hex, uuid.uuid4().hex
    return {
        'demo': Person('demo', 'demo'),
        'alice': Person('alice', project_a),
        'bob': Person('bob', project_a),
        'eve': Person('eve', project_b),
        'admin': Person('admin', admin_project, 'admin,member,reader'),
        'nova': Person('alice', project_a, service=True),
        'nova_admin': Person('nova', service_project, 'admin,member,reader'),
    }


class NoAuthCloud:
    auth_mode = 'noauth'

    def __init__(self, server, workdir):
        self.server = server
        self.endpoint = server.url
        self.people = noauth_people()
        clouds_yaml = os.path.join(str(workdir), 'clouds.yaml')
        with open(clouds_yaml, 'w') as handle:
            handle.write('clouds: {}\n')
        self.env = cli.clean_environment(clouds_yaml)

    def project_of(self, name):
        return self.people[name].project_id

    def user_of(self, name):
        return self.people[name].user_id

    def cli(self, name):
        person = self.people[name]
        if person.service:
            raise ValueError('the openstack CLI cannot send a service token')
        if name == 'demo':
            # The command line the README gives for noauth: keystoneauth's
            # `none` plugin sends the token `notused`.
            args = ['--os-auth-type', 'none',
                    '--os-endpoint-override', self.endpoint]
        else:
            args = ['--os-auth-type', 'admin_token',
                    '--os-token', person.token,
                    '--os-endpoint', self.endpoint]
        return cli.OpenStackCLI(args, self.env)

    def sdk(self, name, global_request_id=None):
        """conn.shared_file_system of a connection made as Nova makes it:
        endpoint override, microversion 2.82, and (as Nova passes its
        context's global_id) an X-OpenStack-Request-ID on every call."""
        person = self.people[name]
        if name == 'demo':
            auth = {'auth_type': 'none'}
        else:
            auth = {'auth_type': 'admin_token',
                    'auth': {'token': person.token,
                             'endpoint': self.endpoint}}
        region = openstack.config.get_cloud_region(
            load_yaml_config=False, load_envvars=False,
            shared_file_system_endpoint_override=self.endpoint,
            shared_file_system_api_version=API_VERSION, **auth)
        conn = openstack.connection.Connection(
            config=region, global_request_id=global_request_id)
        if person.service:
            # What keystonemiddleware sets after validating X-Service-Token;
            # the noauth server honours it directly.
            conn.session.additional_headers['X-Service-Roles'] = 'service'
        return conn.shared_file_system
