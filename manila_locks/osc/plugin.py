"""The `openstack.cli.extension` entry point (osc-lib's plugin contract).

python-openstackclient imports this module on start-up, adds
build_option_parser's options to its own, and adds the command group
`openstack.<API_NAME>.v<major API version>`: `openstack.resource_locks.v1`
here, where the commands are registered (setup.cfg). The first command
that uses `client_manager.resource_locks` calls make_client once.

The plugin's own API version only picks that command group; the Manila
microversion the commands send is the client's (client.MICROVERSION).
"""
from osc_lib import utils

API_NAME = 'resource_locks'
API_VERSION_OPTION = 'os_resource_locks_api_version'
DEFAULT_API_VERSION = '1'
# openstackclient warns about a version not listed here.
API_VERSIONS = ('1',)


def make_client(instance):
    """The resource locks client of an osc-lib ClientManager."""
    # Imported on first use: every `openstack` command imports this module.
    from manila_locks.osc import client

    return client.Client.from_client_manager(instance)


def build_option_parser(parser):
    """The plugin's global option. The endpoint override is python-
    manilaclient's `--os-endpoint-override` when that plugin is installed
    (one option for every `openstack share` command), or clouds.yaml's
    `shared_file_system_endpoint_override`/`sharev2_endpoint_override`."""
    parser.add_argument(
        '--os-resource-locks-api-version',
        metavar='<resource-locks-api-version>',
        default=utils.env('OS_RESOURCE_LOCKS_API_VERSION',
                          default=DEFAULT_API_VERSION),
        help='Version of the resource locks commands, default=%s '
             '(Env: OS_RESOURCE_LOCKS_API_VERSION)' % DEFAULT_API_VERSION)
    return parser
