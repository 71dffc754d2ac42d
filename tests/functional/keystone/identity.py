"""The people, projects and catalog the keystone tests need, made through
Keystone's own v3 API as an operator would (after ``keystone-manage
bootstrap`` created ``admin``).

    project service: manila (role service; keystonemiddleware's user)
                     nova   (role service; sends X-Service-Token)
    project p1:      alice, bob (role member)
    project p2:      eve (role member)
    project admin:   admin (roles admin, member, reader; from bootstrap)
"""
import dataclasses
import secrets

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from tests.functional.keystone.keystone_server import REGION

DOMAIN = 'Default'
SERVICE_ROLE = 'service'
MEMBERS = {'alice': 'p1', 'bob': 'p1', 'eve': 'p2'}
SERVICE_USERS = ('manila', 'nova')
CATALOG_TYPES = {'shared-file-system': 'manila', 'sharev2': 'manilav2'}


@dataclasses.dataclass(frozen=True)
class Account:
    name: str
    password: str
    project_name: str
    user_id: str
    project_id: str

    def auth(self, auth_url):
        return v3.Password(auth_url=auth_url, username=self.name,
                           password=self.password,
                           project_name=self.project_name,
                           user_domain_name=DOMAIN,
                           project_domain_name=DOMAIN)


class Identity:
    """Admin-side calls to Keystone; the accounts it created, by name."""

    def __init__(self, keystone):
        self.auth_url = keystone.auth_url
        self.accounts = {}
        admin = v3.Password(auth_url=self.auth_url, username='admin',
                            password=keystone.admin_password,
                            project_name='admin', user_domain_name=DOMAIN,
                            project_domain_name=DOMAIN)
        self.session = ks_session.Session(auth=admin)
        self.accounts['admin'] = Account(
            'admin', keystone.admin_password, 'admin',
            self.session.get_user_id(), self.session.get_project_id())

    def create_people(self):
        role_ids = {r['name']: r['id'] for r in self._get('/roles')['roles']}
        if SERVICE_ROLE not in role_ids:   # recent bootstraps create it
            role_ids[SERVICE_ROLE] = self._post(
                '/roles', {'role': {'name': SERVICE_ROLE}})['role']['id']
        project_ids = {
            name: self._post('/projects', {'project': {
                'name': name, 'domain_id': 'default'}})['project']['id']
            for name in ('service', 'p1', 'p2')}
        for name in SERVICE_USERS:
            self._add_user(name, 'service', project_ids,
                           role_ids[SERVICE_ROLE])
        for name, project in MEMBERS.items():
            self._add_user(name, project, project_ids, role_ids['member'])

    def add_member(self, name, like):
        """A new member of the project of account `like`."""
        role_ids = {r['name']: r['id'] for r in self._get('/roles')['roles']}
        project_id = self.accounts[like].project_id
        self._add_user(name, self.accounts[like].project_name,
                       {self.accounts[like].project_name: project_id},
                       role_ids['member'])
        return self.accounts[name]

    def delete_user(self, name):
        account = self.accounts.pop(name)
        self.session.delete('%s/users/%s' % (self.auth_url,
                                             account.user_id))

    def register_service(self, url):
        """Catalog entries for the share service at `url` (ending /v2)."""
        for service_type, name in CATALOG_TYPES.items():
            service_id = self._post('/services', {'service': {
                'type': service_type, 'name': name}})['service']['id']
            for interface in ('public', 'internal'):
                self._post('/endpoints', {'endpoint': {
                    'service_id': service_id, 'interface': interface,
                    'url': url, 'region_id': REGION}})

    def _add_user(self, name, project, project_ids, role_id):
        password = secrets.token_urlsafe(12)
        user_id = self._post('/users', {'user': {
            'name': name, 'password': password, 'domain_id': 'default',
            'default_project_id': project_ids[project]}})['user']['id']
        self.session.put('%s/projects/%s/users/%s/roles/%s' % (
            self.auth_url, project_ids[project], user_id, role_id))
        self.accounts[name] = Account(name, password, project, user_id,
                                      project_ids[project])

    def _get(self, path):
        return self.session.get(self.auth_url + path).json()

    def _post(self, path, body):
        return self.session.post(self.auth_url + path, json=body).json()
