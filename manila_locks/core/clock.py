"""The one clock the lock core reads: what "now" is when deciding whether
a lock with an expiry still guards, and when a retention becomes binding.

Naive UTC, like every timestamp column. Tests replace ``now`` (monkeypatch
``manila_locks.core.clock.now``) to stand one second before, at or after a
lock's expiry; callers must look it up through the module at call time.
"""
from manila_locks.db import base


def now():
    return base.utcnow()
