"""Every domain error answers with a status from the one fault table
(api/faults.py plus the host's host/fault_statuses.py), never a 500 for
want of an entry, and the classes whose category is not their status
answer as Manila does."""
import importlib
import pkgutil

import pytest

import manila_locks
from manila_locks.api import faults
from manila_locks.core import exception
from manila_locks.host.db import transfers as transfers_db
from manila_locks.host import fault_statuses
from manila_locks.host import quota
from manila_locks.host import share_service
from manila_locks.host import transfer_service


WSGI_SCRIPT = 'manila_locks.host.wsgi'


def _all_error_classes():
    for info in pkgutil.walk_packages(manila_locks.__path__,
                                      'manila_locks.'):
        # host.wsgi builds the service's application when imported (it is
        # gunicorn's module-level entry point) and defines no error.
        if '.migrations.' not in info.name and info.name != WSGI_SCRIPT:
            importlib.import_module(info.name)
    found, todo = [], [exception.ManilaLocksError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


@pytest.fixture(autouse=True)
def host_statuses():
    faults.add_statuses(fault_statuses.STATUS)


def test_every_domain_error_has_a_status():
    missing = [cls.__module__ + '.' + cls.__name__
               for cls in _all_error_classes()
               if cls not in (exception.ManilaLocksError,
                              exception.StateError)
               and faults.status_of(cls) is None]
    assert missing == []


def test_state_errors_are_listed_one_by_one():
    # StateError has no status of its own: a new kind must be given one.
    assert faults.status_of(exception.StateError) is None
    assert faults.from_domain(exception.StateError()).status_int == 500


@pytest.mark.parametrize('error, status', [
    (transfer_service.TransferNotAcceptable(transfer_id='t'), 400),
    (transfers_db.OfferExists(share_id='s'), 400),
    (share_service.ShareStateError(allowed='available', status='error'), 403),
    (share_service.ShareSoftDeleted(action='delete', share_id='s'), 403),
    (exception.ResourceLocked('delete', ['l']), 403),
    (exception.LockedResourceNotFound(), 400),
    (exception.ResourceLockNotFound(lock_id='l'), 404),
    (exception.VisibilityLockExists(), 409),
])
def test_status_and_message(error, status):
    answer = faults.from_domain(error)
    assert (answer.status_int, answer.explanation) == (status, str(error))


def test_quota_answers_413_with_retry_after():
    answer = faults.from_domain(quota.ShareSizeExceedsAvailableQuota())
    assert answer.status_int == 413
    assert answer.headers['Retry-After'] == '0'
    assert answer.explanation.startswith(
        'ShareSizeExceedsAvailableQuota: Requested share exceeds')
