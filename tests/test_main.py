"""The command-line tour behind ``make tour``."""

from __future__ import annotations

import pytest

from portalkit.__main__ import main


def test_the_tour_runs_in_german_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "2025-03-18 + 10 Werktage (BY) = 2025-03-29" in out
    assert "wirksam ab 2025-04-01" in out
    assert "'Herbst-Laub#Tee7': ok" in out
    assert "2025-03-28T17:00:00+01:00 + 4 h = 2025-03-31T11:00:00+02:00" in out


def test_the_tour_speaks_english_and_lists_every_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--language", "en", "--today", "2025-03-19", "--all-messages"]) == 0
    out = capsys.readouterr().out
    assert "effective 2025-07-01" in out
    assert "T-2025-000132-22:" in out
    assert "naive_datetime: The point in time '{field}' needs a time zone." in out
