"""Microversions: parsing, negotiation and the version table.

Clients send ``X-OpenStack-Manila-API-Version: 2.82`` or
``OpenStack-API-Version: shared-file-system 2.82``; no header means 2.0;
``latest`` means MAX_VERSION. Versions outside the range answer 406.
"""
import collections
import functools
import re

from oslo_utils import strutils
import webob.exc

MANILA_HEADER = 'X-OpenStack-Manila-API-Version'
STANDARD_HEADER = 'OpenStack-API-Version'
# Manila's opt-in to experimental APIs (reset_task_state below 2.96).
EXPERIMENTAL_HEADER = 'X-OpenStack-Manila-API-Experimental'
SERVICE_TYPE = 'shared-file-system'
ENVIRON_KEY = 'manila_locks.api_version'

# Every minor version of the 2.x API, oldest first. The host advertises all
# of them; the notes say what changes for the endpoints implemented here.
VERSIONS = [
    '2.0',    # Base v2 API.
    '2.1', '2.2', '2.3', '2.4', '2.5',
    '2.6',    # Share views gain share_type_name.
    '2.7',    # Actions and extensions lose their os- prefixes.
    '2.8', '2.9',   # 2.9: export_location(s) leave the share view.
    '2.10',   # access_rules_status on shares.
    '2.11',   # Replication fields on shares.
    '2.12', '2.13',
    '2.14',   # Export locations gain `preferred`.
    '2.15',
    '2.16',   # user_id on shares.
    '2.17', '2.18', '2.19', '2.20',
    '2.21',   # access_key on access rules.
    '2.22', '2.23',
    '2.24',   # create_share_from_snapshot_support on shares.
    '2.25', '2.26',
    '2.27',   # revert_to_snapshot_support on shares.
    '2.28',   # Access rule states (queued_to_apply, active, ...).
    '2.29', '2.30',
    '2.31',   # share_group_id fields on shares.
    '2.32',   # mount_snapshot_support on shares.
    '2.33',   # created_at/updated_at on access rules.
    '2.34', '2.35', '2.36', '2.37', '2.38', '2.39', '2.40',
    '2.41',   # description on share types.
    '2.42',   # with_count on share lists.
    '2.43', '2.44',
    '2.45',   # Access rule metadata; /share-access-rules.
    '2.46',   # is_default on share types.
    '2.47', '2.48', '2.49', '2.50', '2.51', '2.52', '2.53',
    '2.54',   # progress on shares.
    '2.55', '2.56', '2.57', '2.58', '2.59', '2.60', '2.61', '2.62', '2.63',
    '2.64',   # force on extend.
    '2.65', '2.66', '2.67', '2.68',
    '2.69',   # Recycle bin: soft_delete, restore, is_soft_deleted.
    '2.70', '2.71', '2.72', '2.73', '2.74', '2.75', '2.76', '2.77', '2.78',
    '2.79', '2.80',
    '2.81',   # /resource-locks.
    '2.82',   # Locks on access rules: allow_access lock_* flags, unrestrict.
    '2.83', '2.84', '2.85', '2.86', '2.87',
    '2.88',   # PUT /share-access-rules/{id} changes the access level.
    '2.89', '2.90', '2.91', '2.92', '2.93', '2.94', '2.95', '2.96', '2.97',
    '2.98', '2.99',
]

_VERSION_RE = re.compile(r'^([1-9]\d*)\.(0|[1-9]\d*)$')


class Version(collections.namedtuple('Version', 'major minor')):
    @classmethod
    def parse(cls, text):
        match = _VERSION_RE.match(text.strip())
        if not match:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self):
        return '%d.%d' % self

    def at_least(self, text):
        return self >= _parsed(text)


@functools.lru_cache(maxsize=256)
def _parsed(text):
    # Views ask at_least('2.x') once per field per item: parse each literal
    # once per process, not thousands of times per list request.
    return Version.parse(text)


MIN_VERSION = Version.parse(VERSIONS[0])
MAX_VERSION = Version.parse(VERSIONS[-1])


def requested_text(headers):
    """The version string a request asks for, or None."""
    text = headers.get(MANILA_HEADER)
    if text:
        return text.strip()
    for item in headers.get(STANDARD_HEADER, '').split(','):
        parts = item.strip().split()
        if len(parts) == 2 and parts[0].lower() == SERVICE_TYPE:
            return parts[1]
    return None


class NotAcceptable(webob.exc.HTTPNotAcceptable):
    """A well-formed version outside the range; Manila echoes it."""

    def __init__(self, version, **kwargs):
        super().__init__(**kwargs)
        self.version = version


def from_headers(headers):
    """Parse and range-check the requested version; raise webob 400 or
    NotAcceptable (406)."""
    text = requested_text(headers)
    if text is None:
        return MIN_VERSION
    if text.lower() == 'latest':
        return MAX_VERSION
    try:
        version = Version.parse(text)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='API Version String %s is of invalid format. Must '
                        'be of format MajorNum.MinorNum.' % text)
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise NotAcceptable(version, explanation=(
            'Version %s is not supported by the API. Minimum is %s and '
            'maximum is %s.' % (version, MIN_VERSION, MAX_VERSION)))
    return version


def experimental(headers):
    return strutils.bool_from_string(headers.get(EXPERIMENTAL_HEADER))


def echoed_headers(version, is_experimental=False):
    """[(name, value)] of the headers that echo the version."""
    echoed = [(MANILA_HEADER, str(version)),
              (STANDARD_HEADER, '%s %s' % (SERVICE_TYPE, version)),
              # Both request headers choose the version, so both vary the
              # answer.
              ('Vary', '%s, %s' % (MANILA_HEADER, STANDARD_HEADER))]
    if is_experimental:
        echoed.append((EXPERIMENTAL_HEADER, 'True'))
    return echoed


def echo_headers(headers, version, is_experimental=False):
    for name, value in echoed_headers(version, is_experimental):
        headers[name] = value


def require(req, minimum, maximum=None):
    """404 when the request's version is outside [minimum, maximum]."""
    version = req.api_version
    if version < Version.parse(minimum) or (
            maximum and version > Version.parse(maximum)):
        raise webob.exc.HTTPNotFound(
            explanation='API version %s is not supported on this '
                        'method.' % (version,))
