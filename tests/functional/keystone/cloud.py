"""The keystone cloud: the same interface as tests/functional/clouds.py's
NoAuthCloud (cli, sdk, project_of, user_of), with real users and tokens.

    cloud.cli('alice')  `openstack --os-cloud alice ...`: password auth from
                        clouds.yaml, endpoint found in Keystone's catalog
    cloud.sdk('nova')   Nova's session: alice's token plus an
                        X-Service-Token of the nova service user
    cloud.raw('alice')  a keystoneauth Adapter on the share service, for
                        requests no client makes (bad tokens, forged headers)
"""
import os

from keystoneauth1 import adapter
from keystoneauth1 import service_token
from keystoneauth1 import session as ks_session
import openstack
import yaml

from tests.functional import cli
from tests.functional.keystone import identity
from tests.functional.keystone.keystone_server import REGION

API_VERSION = '2.82'   # what Nova pins
SERVICE_TYPE = 'shared-file-system'
VERSION_HEADER = {'X-OpenStack-Manila-API-Version': API_VERSION}
CLI_PEOPLE = ('alice', 'bob', 'eve', 'admin')
# Nova acts on alice's behalf; its own user only signs the service token.
ACTING_AS = {'nova': 'alice'}


def server_sections(state_path, keystone, accounts):
    """manila-locks.conf for a keystone-authenticated service."""
    manila = accounts['manila']
    return {
        'DEFAULT': {'state_path': state_path, 'auth_strategy': 'keystone'},
        'database': {'connection': 'sqlite:///%s/manila_locks.sqlite'
                                   % state_path},
        'keystone_authtoken': {
            'www_authenticate_uri': keystone.auth_url,
            'auth_url': keystone.auth_url,
            'auth_type': 'password',
            'username': manila.name,
            'password': manila.password,
            'project_name': manila.project_name,
            'user_domain_name': identity.DOMAIN,
            'project_domain_name': identity.DOMAIN,
            'region_name': REGION,
            'service_token_roles': identity.SERVICE_ROLE,
            'service_token_roles_required': 'true',
        },
    }


def write_clouds_yaml(path, auth_url, accounts):
    """One password entry per person; the endpoint comes from the catalog."""
    clouds = {}
    for name in CLI_PEOPLE:
        account = accounts[name]
        clouds[name] = {
            'auth_type': 'password',
            'auth': {'auth_url': auth_url, 'username': account.name,
                     'password': account.password,
                     'project_name': account.project_name,
                     'user_domain_name': identity.DOMAIN,
                     'project_domain_name': identity.DOMAIN},
            'region_name': REGION,
            'identity_api_version': 3,
            'shared_file_system_api_version': API_VERSION,
        }
    with open(path, 'w') as handle:
        yaml.safe_dump({'clouds': clouds}, handle)
    return path


class KeystoneCloud:
    auth_mode = 'keystone'

    def __init__(self, server, keystone, accounts, workdir):
        self.server = server
        self.endpoint = server.url
        self.keystone = keystone
        self.accounts = accounts
        clouds_yaml = write_clouds_yaml(
            os.path.join(str(workdir), 'clouds.yaml'), keystone.auth_url,
            accounts)
        self.env = cli.clean_environment(clouds_yaml)

    def project_of(self, name):
        return self.accounts[ACTING_AS.get(name, name)].project_id

    def user_of(self, name):
        return self.accounts[ACTING_AS.get(name, name)].user_id

    def cli(self, name):
        if name not in CLI_PEOPLE:
            raise ValueError('no clouds.yaml entry for %r' % name)
        return cli.OpenStackCLI(['--os-cloud', name], self.env)

    def session(self, name, service_user=None):
        """A keystoneauth session as `name`. With service_user, every
        request also carries that user's token as X-Service-Token;
        'nova' means alice's token plus nova's service token."""
        if name in ACTING_AS:
            name, service_user = ACTING_AS[name], name
        auth = self.accounts[name].auth(self.keystone.auth_url)
        if service_user:
            auth = service_token.ServiceTokenAuthWrapper(
                user_auth=auth, service_auth=self.accounts[
                    service_user].auth(self.keystone.auth_url))
        return ks_session.Session(auth=auth)

    def sdk(self, name, global_request_id=None):
        """A connection as Nova makes one: catalog type, 2.82, a session,
        and its context's global request id on every call."""
        return openstack.connection.Connection(
            session=self.session(name), region_name=REGION,
            shared_file_system_api_version=API_VERSION,
            global_request_id=global_request_id)

    def raw(self, name=None, service_user=None):
        """Adapter on the share service; name=None sends no token and
        finds the service without the catalog."""
        if name is None:
            return adapter.Adapter(
                ks_session.Session(), endpoint_override=self.endpoint,
                additional_headers=VERSION_HEADER, raise_exc=False)
        return adapter.Adapter(
            self.session(name, service_user), service_type=SERVICE_TYPE,
            region_name=REGION, additional_headers=VERSION_HEADER,
            raise_exc=False)
