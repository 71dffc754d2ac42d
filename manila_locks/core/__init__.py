"""The lock core: no web code. Hosts call it; it reaches their resources
only through the lookup interface in ``lookup.py``."""
