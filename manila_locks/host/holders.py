"""Locks whose holder is gone from Keystone.

A lock belongs to the user and project that placed it. When either is
deleted from Keystone the lock stays, and only an administrator can remove
it; Nova's failed detaches leave such locks too. ``manila-locks-manage
locks check`` lists them, next to the invariants, by asking Keystone for
every distinct holder of a live lock, once each.

Keystone is reached with the credentials of ``[keystone_authtoken]``
(those keystonemiddleware uses); they must be allowed to read users and
projects (an admin, or a reader on the system), which is why operators run
the check with a configuration file of their own.
"""
from keystoneauth1 import loading as ks_loading
import sqlalchemy as sa

GROUP = 'keystone_authtoken'
_IDENTITY = {'service_type': 'identity', 'interface': 'public',
             'version': (3, 0)}


class CannotCheck(Exception):
    """Keystone did not say whether a holder exists."""


class KeystoneDirectory:
    """Asks Keystone whether users and projects exist."""

    def __init__(self, conf):
        ks_loading.register_auth_conf_options(conf, GROUP)
        ks_loading.register_session_conf_options(conf, GROUP)
        auth = ks_loading.load_auth_from_conf_options(conf, GROUP)
        if auth is None:
            raise CannotCheck('[%s] names no credentials' % GROUP)
        self.session = ks_loading.load_session_from_conf_options(
            conf, GROUP, auth=auth)

    def exists(self, kind, identifier):
        """Whether the user or project ('users'/'projects') exists."""
        response = self.session.get('/%s/%s' % (kind, identifier),
                                    endpoint_filter=_IDENTITY,
                                    raise_exc=False)
        if response.status_code == 200:
            return True
        if response.status_code == 404:
            return False
        raise CannotCheck('Keystone answered %d to GET /v3/%s/%s'
                          % (response.status_code, kind, identifier))


def gone(connection, directory):
    """(lock id, user id, project id, what is gone) of live locks whose
    user or project no longer exists."""
    rows = connection.execute(sa.text(
        "SELECT id, user_id, project_id FROM resource_locks "
        "WHERE deleted = 'False' ORDER BY created_at, id")).all()
    known = {}

    def exists(kind, identifier):
        if (kind, identifier) not in known:
            known[(kind, identifier)] = directory.exists(kind, identifier)
        return known[(kind, identifier)]

    found = []
    for lock_id, user_id, project_id in rows:
        missing = [name for name, kind, identifier in (
            ('user', 'users', user_id), ('project', 'projects', project_id))
            if not exists(kind, identifier)]
        if missing:
            found.append((lock_id, user_id, project_id,
                          ' and '.join(missing) + ' gone'))
    return found


NAME = 'locks whose holder is gone'


def report(connection, conf, out):
    """Write the holder check's result to `out`; returns how many locks
    have lost their holder. Not checked without Keystone."""
    if conf.auth_strategy != 'keystone':
        out.write('%-45s not checked (auth_strategy is %s: no identity '
                  'service to ask)\n' % (NAME, conf.auth_strategy))
        return 0
    try:
        found = gone(connection, KeystoneDirectory(conf))
    except CannotCheck as exc:
        out.write('%-45s not checked: %s\n' % (NAME, exc))
        return 0
    verdict = 'FAILED: %d row(s)' % len(found) if found else 'ok'
    out.write('%-45s %s\n' % (NAME, verdict))
    for row in found:
        out.write('    %s\n' % ' '.join(row))
    return len(found)
