"""Fixtures of the account tests."""

from __future__ import annotations

import pytest

from tests.accounts.world import World


@pytest.fixture
def world() -> World:
    return World()
