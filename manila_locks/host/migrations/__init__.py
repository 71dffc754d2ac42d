"""Alembic scripts; run them through manila_locks.host.migration."""
