"""Adapters: the only part of portalkit that talks to the outside world.

The core (everything outside this package) does no I/O; these modules implement its ports on
real infrastructure: the system clock, SQLite, Flask.
"""
