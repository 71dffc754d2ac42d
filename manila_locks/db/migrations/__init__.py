"""Alembic scripts; run them through manila_locks.db.migration."""
