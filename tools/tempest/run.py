"""Run manila-tempest-plugin's API tests against the service, with a real
Keystone.

    .venv/bin/python tools/tempest/run.py [--tempest-venv DIR] [--regex RE]

Keystone and manila-locks-api (keystone mode, catalog type sharev2) start
on free loopback ports from the functional tests' own fixture code; then a
tempest workspace is made in a temporary directory, its tempest.conf is
written (tools/tempest/tempest_conf.py) and `tempest run` selects the
modules in MODULES. Tempest and the plugin live in their own virtualenv
(see tools/tempest/README.md); this script must run with the project's.
Exit status: tempest's.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, REPO)

from tests.functional.keystone import cloud  # noqa: E402
from tests.functional.keystone import identity  # noqa: E402
from tests.functional.keystone import keystone_server  # noqa: E402
from tests.functional import server as api_server  # noqa: E402
from tools.tempest import tempest_conf  # noqa: E402

PLUGIN_TESTS = 'manila_tempest_tests.tests.api.'
# The upstream API test modules issue 12 names: metadata, instances,
# availability zones, microversions and share types (with extra specs);
# then those of the endpoints they led to: share instance export
# locations and scheduler pools. test_share_type_availability_zones*
# are not run: their class setup creates a share group type, which this
# service refuses (README.md, "Not run").
MODULES = (
    'test_metadata', 'test_metadata_negative',
    'admin.test_share_instances', 'admin.test_share_instances_negative',
    'test_availability_zones', 'test_availability_zones_negative',
    'test_microversions',
    'test_share_types_negative',
    'admin.test_share_types', 'admin.test_share_types_negative',
    'admin.test_share_types_extra_specs',
    'admin.test_share_types_extra_specs_negative',
    'admin.test_export_locations', 'admin.test_export_locations_negative',
    'admin.test_scheduler_stats', 'test_scheduler_stats_negative',
)
# Upstream expects 403 for another project's private share here; this
# service answers 404, as for a share that does not exist, so that no
# status tells a prober a share exists (tests/authz/test_leaks.py).
EXCLUDED = (
    'admin.test_export_locations_negative.ExportLocationsNegativeTest.'
    'test_list_share_export_locations_by_different_project_user',
    'admin.test_export_locations_negative.ExportLocationsNegativeTest.'
    'test_get_share_export_location_by_different_project_user',
)
DEFAULT_EXCLUDE = '|'.join(
    '^%s%s' % (PLUGIN_TESTS, t) for t in EXCLUDED).replace('.', '\\.')
DEFAULT_REGEX = '^%s(%s)\\.' % (
    PLUGIN_TESTS.replace('.', '\\.'),
    '|'.join(m.replace('.', '\\.') for m in MODULES))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--tempest-venv',
        default=os.environ.get('TEMPEST_VENV',
                               os.path.join(REPO, '.tempest-venv')),
        help='virtualenv holding tempest and manila-tempest-plugin '
             '(default: $TEMPEST_VENV or .tempest-venv)')
    parser.add_argument('--regex', default=DEFAULT_REGEX,
                        help='stestr selection regex (default: MODULES)')
    # One worker: Keystone runs on SQLite here, and two workers creating
    # projects and tokens at once make it answer 500 ('database is
    # locked') now and then.
    parser.add_argument('--exclude-regex', default=DEFAULT_EXCLUDE,
                        help='tests not to run (default: EXCLUDED)')
    parser.add_argument('--concurrency', type=int, default=1)
    parser.add_argument('--workdir', default=None,
                        help='where Keystone, the service and tempest keep '
                             'their files and logs (default: a new '
                             'temporary directory, kept)')
    return parser.parse_args()


def service_versions(url):
    """(min, max) microversion from the service's versions document."""
    with urllib.request.urlopen(url.rstrip('/') + '/') as response:
        version = json.load(response)['versions'][0]
    return version['min_version'], version['version']


def start_cloud(workdir):
    """Keystone with its people, then the service registered in its
    catalog: the same steps as tests/functional/keystone/conftest.py."""
    keystone = keystone_server.KeystoneServer(
        os.path.join(workdir, 'keystone'))
    keystone.start()
    people = identity.Identity(keystone)
    people.create_people()
    service_dir = os.path.join(workdir, 'manila-locks')
    os.makedirs(service_dir)
    service = api_server.ServerProcess(service_dir, cloud.server_sections(
        service_dir, keystone, people.accounts))
    try:
        service.sync_db()
        service.start()
        people.register_service(service.url)
    except BaseException:
        service.stop()
        keystone.stop()
        raise
    return keystone, service


def run_tempest(args, workdir, keystone, service):
    tempest = os.path.join(args.tempest_venv, 'bin', 'tempest')
    if not os.access(tempest, os.X_OK):
        sys.exit('%s not found: make the tempest virtualenv first '
                 '(tools/tempest/README.md)' % tempest)
    workspace = os.path.join(workdir, 'tempest')
    workspaces = os.path.join(workdir, 'workspace.yaml')
    subprocess.run([tempest, 'init', '--workspace-path', workspaces,
                    workspace], check=True)
    min_version, max_version = service_versions(service.url)
    conf = tempest_conf.render(
        workspace, keystone.auth_url, keystone.admin_password,
        keystone_server.REGION, min_version, max_version)
    config_file = os.path.join(workspace, 'etc', 'tempest.conf')
    with open(config_file, 'w') as f:
        f.write(conf)
    print('tempest workspace: %s (microversions %s..%s)'
          % (workspace, min_version, max_version), flush=True)
    return subprocess.run(
        [tempest, 'run', '--workspace-path', workspaces,
         '--config-file', config_file, '--regex', args.regex,
         '--concurrency', str(args.concurrency)] + (
            ['--exclude-regex', args.exclude_regex]
            if args.exclude_regex else []),
        cwd=workspace).returncode


def main():
    args = parse_args()
    workdir = args.workdir or tempfile.mkdtemp(prefix='manila-tempest-')
    os.makedirs(workdir, exist_ok=True)
    print('logs and workspace under %s' % workdir, flush=True)
    keystone, service = start_cloud(workdir)
    try:
        return run_tempest(args, workdir, keystone, service)
    finally:
        service.stop()
        keystone.stop()


if __name__ == '__main__':
    sys.exit(main())
