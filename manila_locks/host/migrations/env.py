"""Alembic environment: runs on the connection manila_locks.host.migration
hands over (already in a transaction that holds the migration lock)."""
from alembic import context

from manila_locks.core import models as core_models  # noqa: F401
from manila_locks.db import base
from manila_locks.host import models as host_models  # noqa: F401

connection = context.config.attributes.get('connection')
if connection is None:
    raise RuntimeError('Run migrations through manila_locks.host.migration '
                       '(or manila-locks-manage db sync), not the alembic '
                       'command line.')

# target_metadata is only read by autogenerate, when writing a new revision.
context.configure(connection=connection, target_metadata=base.Base.metadata,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
