"""The application factory: configuration sources, refusals, services, blueprints."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.adapters.flask import (
    BaseUrlError,
    InsecureSecretKeyError,
    Portal,
    PortalConfigurationError,
    UnknownEnvironmentError,
    create_app,
    external_url,
    get_portal,
)
from portalkit.adapters.system import SystemClock
from portalkit.calendar import UnknownStateError
from portalkit.policy import PasswordPolicy
from tests.adapters.flask.conftest import MOMENT, PRODUCTION_KEY, PRODUCTION_URL, make_app


def test_the_factory_keeps_the_services_in_the_extensions(app: Flask, clock: FixedClock) -> None:
    portal = app.extensions["portalkit"]
    assert isinstance(portal, Portal)
    assert clock is portal.clock
    with app.app_context():
        assert portal is get_portal()


def test_without_a_clock_the_services_read_the_system_clock(tmp_path: Path) -> None:
    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)})
    assert isinstance(app.extensions["portalkit"].clock, SystemClock)


def test_a_whole_portal_can_be_given_instead_of_a_clock(tmp_path: Path) -> None:
    portal = Portal.from_config({"HOLIDAY_STATE": "HE"}, clock=FixedClock(MOMENT))
    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)}, portal=portal)
    assert portal is app.extensions["portalkit"]


def test_a_clock_and_a_portal_together_are_refused(tmp_path: Path) -> None:
    portal = Portal.from_config({}, clock=FixedClock(MOMENT))
    with pytest.raises(TypeError):
        create_app({"ENVIRONMENT": "development"}, clock=FixedClock(MOMENT), portal=portal)


def test_two_apps_do_not_share_their_services(tmp_path: Path, clock: FixedClock) -> None:
    first = make_app(tmp_path / "a", clock)
    second = make_app(tmp_path / "b", clock, PASSWORD_POLICY="nist")
    assert PasswordPolicy() == first.extensions["portalkit"].password_policy
    assert PasswordPolicy.nist_800_63b() == second.extensions["portalkit"].password_policy


def test_every_area_has_its_own_blueprint(app: Flask) -> None:
    expected = {"home", "passwords", "access", "deadlines", "auth", "dashboard", "users", "account"}
    expected |= {"operator", "operator_services", "services", "tickets", "operator_tickets"}
    assert expected | {"devmail"} == set(app.blueprints)


def test_portal_info_shows_the_settings_but_not_the_secret_key(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["portal", "info"])
    assert result.exit_code == 0
    assert "development" in result.output
    assert "http://127.0.0.1:5000" in result.output
    assert "2025-03-18T10:00+01:00" in result.output
    assert app.config["SECRET_KEY"] not in result.output


# -- configuration sources ------------------------------------------------------------------


def test_settings_come_from_the_instance_file(tmp_path: Path, clock: FixedClock) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "portalkit.toml").write_text('PORTAL_NAME = "Portal der Beispiel AG"\n')
    app = make_app(tmp_path, clock)
    assert app.config["PORTAL_NAME"] == "Portal der Beispiel AG"


def test_environment_variables_win_over_the_instance_file(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "portalkit.toml").write_text('PORTAL_NAME = "aus der Datei"\n')
    monkeypatch.setenv("PORTALKIT_PORTAL_NAME", "aus der Umgebung")
    monkeypatch.setenv("PORTALKIT_ACCESS_REQUEST_WORKING_DAYS", "5")
    app = make_app(tmp_path, clock)
    assert app.config["PORTAL_NAME"] == "aus der Umgebung"
    assert app.extensions["portalkit"].access_request_days == 5


def test_the_config_mapping_wins_over_the_environment(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTALKIT_PORTAL_NAME", "aus der Umgebung")
    app = make_app(tmp_path, clock, PORTAL_NAME="aus dem Aufruf")
    assert app.config["PORTAL_NAME"] == "aus dem Aufruf"


def test_the_instance_folder_can_be_moved_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTALKIT_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PORTALKIT_ENVIRONMENT", "development")
    assert str(tmp_path) == create_app().instance_path


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "short", "x" * 31])
def test_production_refuses_to_start_without_a_real_secret_key(
    tmp_path: Path, clock: FixedClock, key: str | None
) -> None:
    with pytest.raises(InsecureSecretKeyError) as caught:
        make_app(tmp_path, clock, ENVIRONMENT="production", SECRET_KEY=key, BASE_URL=PRODUCTION_URL)
    assert caught.value.code == "portal_secret_key_insecure"
    assert caught.value.minimum == 32
    assert "PORTALKIT_SECRET_KEY" in caught.value.message("de")
    assert "PORTALKIT_SECRET_KEY" in caught.value.message("en")


def test_production_is_the_default_mode(tmp_path: Path) -> None:
    with pytest.raises(InsecureSecretKeyError):
        create_app({"INSTANCE_PATH": str(tmp_path), "BASE_URL": PRODUCTION_URL})


def test_flask_debug_mode_means_development(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["ENVIRONMENT"] == "development"


def test_development_makes_up_a_secret_key_per_start(tmp_path: Path, clock: FixedClock) -> None:
    first = make_app(tmp_path, clock).config["SECRET_KEY"]
    second = make_app(tmp_path, clock).config["SECRET_KEY"]
    assert len(first) >= 32
    assert first != second


@pytest.mark.parametrize(
    "url", [None, "http://portal.example.de", "portal.example.de", "https://", "https://a.de/?x=1"]
)
def test_production_needs_an_https_base_url(
    tmp_path: Path, clock: FixedClock, url: str | None
) -> None:
    with pytest.raises(BaseUrlError) as caught:
        make_app(tmp_path, clock, ENVIRONMENT="production", SECRET_KEY=PRODUCTION_KEY, BASE_URL=url)
    assert caught.value.setting == "BASE_URL"


def test_an_unknown_environment_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(UnknownEnvironmentError) as caught:
        make_app(tmp_path, clock, ENVIRONMENT="staging")
    assert caught.value.choices == ("production", "development")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("ACCESS_REQUEST_WORKING_DAYS", 0),
        ("ACCESS_REQUEST_WORKING_DAYS", "ten"),
        ("ACCESS_REQUEST_WORKING_DAYS", True),
        ("PASSWORD_POLICY", "strong"),
        ("PROXY_COUNT", -1),
        ("PROXY_COUNT", "1"),
        ("TRUSTED_HOSTS", []),
        ("TRUSTED_HOSTS", 5),
        ("PORTAL_NAME", 3),
        ("HOLIDAY_STATE", 7),
    ],
)
def test_invalid_settings_are_refused_with_their_name(
    tmp_path: Path, clock: FixedClock, setting: str, value: object
) -> None:
    with pytest.raises(PortalConfigurationError) as caught:
        make_app(tmp_path, clock, **{setting: value})
    assert setting == caught.value.setting
    assert setting in caught.value.message("de")


def test_an_unknown_state_is_refused_with_the_calendar_error(
    tmp_path: Path, clock: FixedClock
) -> None:
    with pytest.raises(UnknownStateError):
        make_app(tmp_path, clock, HOLIDAY_STATE="XX")


@given(key=st.text(max_size=80))
def test_a_production_key_is_accepted_exactly_from_32_characters(key: str) -> None:
    config = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": key,
        "BASE_URL": PRODUCTION_URL,
        "INSTANCE_PATH": "/nonexistent-portalkit-instance",
    }
    if len(key) >= 32:
        assert key == create_app(config).config["SECRET_KEY"]
    else:
        with pytest.raises(InsecureSecretKeyError):
            create_app(config)


# -- hosts and links ------------------------------------------------------------------------


def test_trusted_hosts_default_to_the_host_of_the_base_url(production_app: Flask) -> None:
    assert production_app.config["TRUSTED_HOSTS"] == ["portal.example.de"]


def test_trusted_hosts_may_be_a_comma_separated_list(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock, TRUSTED_HOSTS="a.example.de, .b.example.de")
    assert app.config["TRUSTED_HOSTS"] == ["a.example.de", ".b.example.de"]


def test_a_request_for_another_host_is_refused(production_app: Flask) -> None:
    client = production_app.test_client()
    response = client.get("/", base_url="https://evil.example.com")
    assert response.status_code == 400
    assert "evil" not in response.get_data(as_text=True)


def test_a_request_for_the_trusted_host_is_served(production_app: Flask) -> None:
    assert production_app.test_client().get("/", base_url=PRODUCTION_URL).status_code == 200


def test_links_for_mails_come_from_the_base_url_never_from_the_host_header(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(
        tmp_path, clock, BASE_URL="https://kunden.example.de/portal", TRUSTED_HOSTS=["localhost"]
    )
    with app.test_request_context("/", base_url="http://localhost:8080"):
        assert external_url("passwords.check") == "https://kunden.example.de/portal/passwortregeln/"
    with app.app_context():
        assert external_url("deadlines.overview") == "https://kunden.example.de/portal/fristen/"


# -- the real command -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_flask_run_serves_the_portal(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTALKIT_", "FLASK_"))},
        "PORTALKIT_SECRET_KEY": PRODUCTION_KEY,
        "PORTALKIT_BASE_URL": "https://127.0.0.1",
        "PORTALKIT_INSTANCE_PATH": str(tmp_path),
    }
    flask = Path(sys.executable).with_name("flask")
    command = [str(flask), "--app", "portalkit.adapters.flask", "run", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    assert "Kundenportal" in response.read().decode()
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


def test_flask_run_without_a_secret_key_says_what_to_set(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTALKIT_", "FLASK_"))},
        "PORTALKIT_INSTANCE_PATH": str(tmp_path),
    }
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask), "--app", "portalkit.adapters.flask", "routes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "PORTALKIT_SECRET_KEY" in result.stderr


def _flask(tmp_path: Path, *arguments: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTALKIT_", "FLASK_"))},
        "PORTALKIT_ENVIRONMENT": "development",
        "PORTALKIT_INSTANCE_PATH": str(tmp_path),
        **{f"PORTALKIT_{name}": value for name, value in settings.items()},
    }
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(
        [str(flask), "--app", "portalkit.adapters.flask", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("arguments", "setting", "value", "german", "english"),
    [
        (("portal", "info"), "HOLIDAY_STATE", "XX", "kein Bundesland", "not a German state"),
        (("portal", "init-db"), "STORAGE", "nosql", "ungültigen Wert", "invalid value"),
        (("run", "--port", "1"), "STORAGE", "nosql", "PORTALKIT_STORAGE", "PORTALKIT_STORAGE"),
        (("portal", "demo-data"), "ENVIRONMENT", "staging", "erlaubt sind", "allowed are"),
        (("--help",), "MAIL_BACKEND", "pigeon", "MAIL_BACKEND", "invalid value"),
        (("run", "--port", "1"), "BASE_URL", "ftp://x", "vollständige Adresse", "full address"),
    ],
)
def test_a_bad_setting_stops_the_flask_command_with_one_line_in_both_languages(
    tmp_path: Path,
    arguments: tuple[str, ...],
    setting: str,
    value: str,
    german: str,
    english: str,
) -> None:
    result = _flask(tmp_path, *arguments, **{setting: value})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert german in lines[0].split(" | ")[0]
    assert english in lines[0].split(" | ")[1]
    assert result.stdout == ""


def test_a_broken_instance_file_stops_the_flask_command_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "portalkit.toml").write_text("HOLIDAY_STATE = ?\n", encoding="utf-8")
    result = _flask(tmp_path, "portal", "info")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Portal: Die Datei portalkit.toml ist fehlerhaft | portalkit.toml is invalid: "
        "Invalid value (at line 1, column 17)"
    ]


def test_good_settings_start_the_flask_command(tmp_path: Path) -> None:
    result = _flask(tmp_path, "portal", "info", HOLIDAY_STATE="NW", STORAGE="memory")
    assert result.returncode == 0, result.stderr
    assert "holiday state: NW" in result.stdout


# -- reverse proxies ------------------------------------------------------------------------


def _scheme_and_client(app: Flask) -> FlaskClient:
    from flask import request

    app.add_url_rule("/whoami", "whoami", lambda: f"{request.scheme} {request.remote_addr}")
    return app.test_client()


def test_behind_a_trusted_proxy_the_forwarded_scheme_and_client_count(
    tmp_path: Path, clock: FixedClock
) -> None:
    client = _scheme_and_client(make_app(tmp_path, clock, PROXY_COUNT=1))
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    assert client.get("/whoami", headers=headers).get_data(as_text=True) == "https 203.0.113.7"


def test_without_proxies_forwarded_headers_are_ignored(app: Flask) -> None:
    client = _scheme_and_client(app)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    assert client.get("/whoami", headers=headers).get_data(as_text=True) == "http 127.0.0.1"


def test_a_forwarded_host_never_becomes_the_host(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(
        tmp_path,
        clock,
        ENVIRONMENT="production",
        SECRET_KEY=PRODUCTION_KEY,
        BASE_URL=PRODUCTION_URL,
        PROXY_COUNT=1,
    )
    response = app.test_client().get(
        "/", base_url=PRODUCTION_URL, headers={"X-Forwarded-Host": "evil.example.com"}
    )
    assert response.status_code == 200
    assert "evil" not in response.get_data(as_text=True)
