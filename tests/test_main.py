"""The command-line demonstration behind ``make run``."""

from __future__ import annotations

import pytest

from portalkit.__main__ import main


def test_the_demo_runs_and_names_the_messages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "naive_datetime: The point in time '{field}' needs a time zone." in out
