"""The PostgreSQL server of a test run, and a fresh database for each test.

The server is ``PORTALKIT_TEST_POSTGRES_URL`` when that is set (a role that may create
databases), else a throwaway cluster (:func:`portalkit.adapters.postgres.testing
.throwaway_cluster`) started at the first use in this process and stopped when the session
ends (the ``postgres_server`` fixture of ``tests/conftest.py``) or the process exits. Without
either, the PostgreSQL tests skip, except under ``CI=true``, where that is a failure: CI
installs the server, so its absence is a broken set-up, not an excuse.

Each test gets its own database, copied from a template migrated once per run, and dropped
afterwards: no test sees another's rows, and a copy costs a few milliseconds.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
from collections.abc import Iterator

import pytest

ENVIRONMENT = "PORTALKIT_TEST_POSTGRES_URL"
"""An existing server to test against instead of a throwaway cluster."""

TEMPLATE = "portalkit_test_template"

_state: dict[str, object] = {}
_numbers = itertools.count(1)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


def server_url() -> str:
    """Return the URL of this run's server (its maintenance database), starting it if needed."""
    url = _state.get("url")
    if isinstance(url, str):
        return url
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (extra 'postgres')")
    from portalkit.adapters.postgres import PostgresStore
    from portalkit.adapters.postgres.testing import (
        create_database,
        drop_database,
        find_binaries,
        throwaway_cluster,
    )

    url = os.environ.get(ENVIRONMENT)
    if not url:
        if find_binaries() is None:
            _unavailable(f"no initdb installed and {ENVIRONMENT} is not set")
        stack = contextlib.ExitStack()
        url = stack.enter_context(throwaway_cluster())
        _state["stack"] = stack
        atexit.register(stop_server)
    template = f"{TEMPLATE}_{os.getpid()}"
    drop_database(url, template)
    with PostgresStore(create_database(url, template), max_size=1):
        pass
    _state["template"] = template
    _state["url"] = url
    return url


def stop_server() -> None:
    """Drop the template and stop the throwaway cluster, if this process started one."""
    url, template = _state.pop("url", None), _state.pop("template", None)
    if isinstance(url, str) and isinstance(template, str):
        from portalkit.adapters.postgres.testing import drop_database

        drop_database(url, template)
    stack = _state.pop("stack", None)
    if isinstance(stack, contextlib.ExitStack):
        stack.close()


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """Create an empty, migrated database for one test; yield its URL; drop it afterwards."""
    from portalkit.adapters.postgres.testing import create_database, drop_database

    server = server_url()
    name = f"portalkit_test_{os.getpid()}_{next(_numbers)}"
    try:
        yield create_database(server, name, template=str(_state["template"]))
    finally:
        drop_database(server, name)
