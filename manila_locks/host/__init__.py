"""The reference host: a Manila v2 share service that mounts the lock API.

It depends on ``manila_locks.api`` and ``manila_locks.core``; nothing
depends on it.
"""
