"""The WSGI servers' entry point: a bad setting ends the start with one line, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit.adapters.flask import wsgi
from portalkit.calendar import STATES

_GOOD = {
    "PORTALKIT_ENVIRONMENT": "production",
    "PORTALKIT_SECRET_KEY": "s" * 40,
    "PORTALKIT_BASE_URL": "https://portal.example.de",
    "PORTALKIT_STORAGE": "memory",
}


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("PORTALKIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PORTALKIT_INSTANCE_PATH", str(tmp_path))
    for name, value in _GOOD.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def test_good_settings_give_the_portal(instance: Path) -> None:
    app = wsgi.create_app()
    assert isinstance(app, Flask)
    assert app.config["ENVIRONMENT"] == "production"


@pytest.mark.parametrize(
    ("setting", "value", "german", "english"),
    [
        ("HOLIDAY_STATE", "XX", "kein Bundesland", "not a German state"),
        ("SECRET_KEY", "kurz", "geheimen Schlüssel", "secret key"),
        ("STORAGE", "nosql", "ungültigen Wert", "invalid value"),
        ("BASE_URL", "ftp://x", "vollständige Adresse", "full address"),
    ],
)
def test_a_bad_setting_ends_with_one_line_in_both_languages(
    instance: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    value: str,
    german: str,
    english: str,
) -> None:
    monkeypatch.setenv(f"PORTALKIT_{setting}", value)
    with pytest.raises(SystemExit) as ended:
        wsgi.create_app()
    assert ended.value.code == wsgi.EXIT_SETTINGS
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert german in lines[0].split(" | ")[0]
    assert english in lines[0].split(" | ")[1]


@settings(max_examples=25, deadline=None)
@given(
    state=st.sampled_from([*STATES, "by", " BY", "0", "false", "null", '""', "[]", '"BY"'])
    | st.text(min_size=1, max_size=6)
)
def test_any_holiday_state_either_starts_or_ends_the_start(
    state: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Any text a deployer might write: a German state code (or nothing) starts the portal,
    # anything else ends the start with the settings' exit status, never another exception.
    if "\x00" in state:
        return  # the environment cannot carry it
    # The environment's values are JSON where they parse (Flask's from_prefixed_env).
    try:
        value = json.loads(state)
    except ValueError:
        value = state
    starts = value in (None, "") or (isinstance(value, str) and value in STATES)
    before = dict(os.environ)
    folder = str(tmp_path_factory.mktemp("instance"))
    os.environ.update(
        {**_GOOD, "PORTALKIT_INSTANCE_PATH": folder, "PORTALKIT_HOLIDAY_STATE": state}
    )
    try:
        if starts:
            # A state code, or nationwide for an empty value or JSON's null.
            assert wsgi.create_app().config["HOLIDAY_STATE"] == (value or None)
        else:
            with pytest.raises(SystemExit) as ended:
                wsgi.create_app()
            assert ended.value.code == wsgi.EXIT_SETTINGS
    finally:
        os.environ.clear()
        os.environ.update(before)


def test_waitress_started_with_a_bad_setting_prints_the_line_and_no_traceback(
    tmp_path: Path,
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTALKIT_", "FLASK_"))},
        **_GOOD,
        "PORTALKIT_INSTANCE_PATH": str(tmp_path),
        "PORTALKIT_HOLIDAY_STATE": "XX",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "waitress",
            "--listen=127.0.0.1:0",
            "--call",
            "portalkit.adapters.flask.wsgi:create_app",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == wsgi.EXIT_SETTINGS
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("Portal: ")
    ]
    assert "kein Bundesland" in result.stderr
