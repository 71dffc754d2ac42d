"""`manila-locks-manage locks check` asks Keystone whether each lock's
holder still exists: a user deleted from Keystone leaves a lock only an
administrator can remove, and the check names it; `locks orphans` lists
it too, with the lock history that explains it."""
import configparser
import subprocess

from tests.functional.keystone import identity
from tests.functional.keystone.keystone_server import REGION
from tests.functional import server as api_server

HOLDERS = 'locks whose holder is gone'


def _check(cloud, keystone, tmp_path, command='check'):
    """Run the check as an operator: the service's database, admin
    credentials that may read users and projects."""
    service = configparser.ConfigParser(interpolation=None)
    service.read(cloud.server.config_file)
    sections = {
        'DEFAULT': {'auth_strategy': 'keystone'},
        'database': {'connection': service['database']['connection']},
        'keystone_authtoken': {
            'auth_url': keystone.auth_url, 'auth_type': 'password',
            'username': 'admin', 'password': keystone.admin_password,
            'project_name': 'admin', 'region_name': REGION,
            'user_domain_name': identity.DOMAIN,
            'project_domain_name': identity.DOMAIN}}
    config = api_server.write_config(str(tmp_path / 'operator.conf'),
                                     sections)
    return subprocess.run(
        [api_server.console_script('manila-locks-manage'), '--config-file',
         config, 'locks', command], capture_output=True, text=True,
        timeout=120)


def _holder_lines(output):
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines)
                 if line.startswith(HOLDERS))
    return [lines[start]] + [line for line in lines[start + 1:]
                             if line.startswith('    ')]


def test_a_lock_whose_user_was_deleted_is_listed(keystone_cloud, keystone,
                                                 accounts, tmp_path):
    leaver = accounts.add_member('leaver', like='alice')
    service = keystone_cloud.raw('leaver')
    share = service.post('/shares', json={'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'left-behind'}})
    assert share.status_code == 200, share.text
    share_id = share.json()['share']['id']
    lock = service.post('/resource-locks', json={'resource_lock': {
        'resource_id': share_id, 'lock_reason': 'until I leave'}})
    assert lock.status_code == 200, lock.text
    lock_id = lock.json()['resource_lock']['id']

    before = _check(keystone_cloud, keystone, tmp_path)
    assert _holder_lines(before.stdout)[0].endswith(' ok'), before.stdout

    accounts.delete_user('leaver')
    after = _check(keystone_cloud, keystone, tmp_path)
    assert after.returncode == 1, after.stdout + after.stderr
    listed = _holder_lines(after.stdout)
    assert 'FAILED' in listed[0]
    assert '    %s %s %s user gone' % (
        lock_id, leaver.user_id, leaver.project_id) in listed


def test_orphans_lists_the_lock_of_a_deleted_user_with_its_history(
        keystone_cloud, keystone, accounts, tmp_path):
    leaver = accounts.add_member('orphaner', like='alice')
    service = keystone_cloud.raw('orphaner')
    share = service.post('/shares', json={'share': {
        'share_proto': 'NFS', 'size': 1, 'name': 'orphaned'}})
    assert share.status_code == 200, share.text
    global_id = 'req-9d1f6a2e-0c4b-4e8a-a3b1-52f0c3d4e5f6'
    lock = service.post('/resource-locks', json={'resource_lock': {
        'resource_id': share.json()['share']['id'],
        'lock_reason': 'until I leave'}},
        headers={'X-OpenStack-Request-ID': global_id})
    assert lock.status_code == 200, lock.text
    lock_id = lock.json()['resource_lock']['id']

    accounts.delete_user('orphaner')
    result = _check(keystone_cloud, keystone, tmp_path, 'orphans')
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    [headline] = [n for n, line in enumerate(lines)
                  if line.startswith('lock %s ' % lock_id)]
    assert lines[headline].endswith(': holder user gone')
    assert lines[headline + 1].lstrip().split(' ')[1:3] == [
        'placed', 'this']
    assert 'by %s/%s (user)' % (leaver.user_id, leaver.project_id) in (
        lines[headline + 1])
    assert lines[headline + 1].endswith('global request %s' % global_id)
    assert lines[-1].endswith('holders checked in Keystone')
