"""Without a PostgreSQL server the PostgreSQL tests skip, except in CI, where they fail."""

from __future__ import annotations

import pytest

from tests.postgres import _unavailable


def test_a_missing_server_skips_the_tests_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL: no initdb"):
        _unavailable("no initdb")


def test_a_missing_server_fails_the_tests_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        _unavailable("no initdb")
