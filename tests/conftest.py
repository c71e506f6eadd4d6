"""Test configuration shared by every test module."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.postgres import fresh_database, server_url, stop_server

# "fast" for local runs; CI exports HYPOTHESIS_PROFILE=ci for the thorough profile.
settings.register_profile("fast", max_examples=30, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the PostgreSQL server of this test session (see ``tests/postgres.py``)."""
    yield server_url()
    stop_server()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of an empty, migrated PostgreSQL database of its own for one test."""
    with fresh_database() as url:
        yield url
