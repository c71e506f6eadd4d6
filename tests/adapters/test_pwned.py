"""The breached-password range check, against a fake service on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import http.server
import logging
import re
import socket
import threading
import time
import unicodedata
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, PortalkitError
from portalkit.adapters import pwned
from portalkit.adapters.pwned import BreachCheckUnavailableError, PwnedPasswordsBlocklist
from portalkit.policy.blocklist import Blocklist


@attrs.define
class FakeService:
    """What the fake range service answers, and every request it received."""

    ranges: dict[str, str] = attrs.Factory(dict)
    status: int = 200
    delay: float = 0.0
    requests: list[tuple[str, dict[str, str]]] = attrs.Factory(list)
    raw: list[bytes] = attrs.Factory(list)

    def reset(self) -> None:
        self.ranges.clear()
        self.status, self.delay = 200, 0.0
        self.requests.clear()
        self.raw.clear()


def make_handler(service: FakeService) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            service.requests.append((self.path, dict(self.headers.items())))
            service.raw.append(self.requestline.encode() + bytes(self.headers))
            time.sleep(service.delay)
            prefix = self.path.removeprefix("/range/")
            body = service.ranges.get(prefix, "").encode("ascii")
            self.send_response(service.status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    return Handler


@pytest.fixture(scope="module", autouse=True)
def no_proxy() -> Iterator[None]:
    """Keep urllib from sending the test requests to a proxy configured in the environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("http_proxy", "https_proxy", "all_proxy"):
            patch.delenv(name, raising=False)
            patch.delenv(name.upper(), raising=False)
        patch.setenv("no_proxy", "*")
        yield


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, FakeService]]:
    service = FakeService()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(service))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", service
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def fake(server: tuple[str, FakeService]) -> tuple[str, FakeService]:
    server[1].reset()
    return server


def sha1(password: str) -> str:
    return hashlib.sha1(password.encode("utf-8")).hexdigest().upper()


def publish(service: FakeService, password: str, count: int, *others: str) -> None:
    """Let the fake service list *password* with *count* among some other suffixes."""
    digest = sha1(unicodedata.normalize("NFKC", password))
    lines = [*others, f"{digest[5:]}:{count}"]
    service.ranges[digest[:5]] = "\r\n".join(lines)


OTHER_SUFFIXES = ("0018A45C4D1DEF81644B54AB7F969B88D65:1", "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2")


def test_the_adapter_satisfies_the_port() -> None:
    assert isinstance(PwnedPasswordsBlocklist("http://127.0.0.1:9"), Blocklist)


def test_a_breached_password_is_blocked(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    publish(service, "Sommer2025!", 42, *OTHER_SUFFIXES)
    blocklist = PwnedPasswordsBlocklist(url)
    assert blocklist.breach_count("Sommer2025!") == 42
    assert blocklist.is_blocked("Sommer2025!")


def test_a_password_not_in_the_answer_passes(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    publish(service, "Sommer2025!", 42, *OTHER_SUFFIXES)
    blocklist = PwnedPasswordsBlocklist(url)
    assert blocklist.breach_count("sommer2025!") == 0  # the breach corpus is case-sensitive
    assert not blocklist.is_blocked("Winter2025!")


def test_the_known_sha1_prefix_of_password_is_sent(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    # SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, a well-known test vector.
    service.ranges["5BAA6"] = "1E4C9B93F3F0682250B6CF8331B7EE68FD8:10434004"
    assert PwnedPasswordsBlocklist(url).breach_count("password") == 10434004
    assert service.requests[0][0] == "/range/5BAA6"


def test_suffixes_are_compared_case_insensitively(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    digest = sha1("Sommer2025!")
    service.ranges[digest[:5]] = f"{digest[5:].lower()}:7\n"
    assert PwnedPasswordsBlocklist(url).breach_count("Sommer2025!") == 7


@pytest.mark.parametrize(("count", "blocked"), [(99, False), (100, True), (101, True)])
def test_only_passwords_seen_often_enough_are_blocked(
    fake: tuple[str, FakeService], count: int, blocked: bool
) -> None:
    url, service = fake
    publish(service, "Sommer2025!", count)
    assert blocked == PwnedPasswordsBlocklist(url, minimum_count=100).is_blocked("Sommer2025!")


def test_padding_is_requested_and_padding_entries_are_ignored(
    fake: tuple[str, FakeService],
) -> None:
    url, service = fake
    publish(service, "Sommer2025!", 0, *OTHER_SUFFIXES)
    blocklist = PwnedPasswordsBlocklist(url)
    assert not blocklist.is_blocked("Sommer2025!")
    assert service.requests[0][1]["Add-Padding"] == "true"


def test_padding_can_be_switched_off(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    PwnedPasswordsBlocklist(url, padding=False).is_blocked("Sommer2025!")
    assert "Add-Padding" not in service.requests[0][1]


def test_a_user_agent_is_sent(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    PwnedPasswordsBlocklist(url, user_agent="kundenportal/1.0").is_blocked("x")
    PwnedPasswordsBlocklist(url).is_blocked("x")
    assert service.requests[0][1]["User-Agent"] == "kundenportal/1.0"
    assert service.requests[1][1]["User-Agent"].startswith("portalkit")


def test_a_trailing_slash_in_the_base_url_is_harmless(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    PwnedPasswordsBlocklist(url + "/").is_blocked("password")
    assert service.requests[0][0] == "/range/5BAA6"


@given(st.text(max_size=30))
def test_only_five_uppercase_hex_digits_of_the_hash_leave_the_process(
    server: tuple[str, FakeService], text: str
) -> None:
    url, service = server
    service.reset()
    password = "Kennwort-" + text  # a marker that no request line or header contains
    normalised = unicodedata.normalize("NFKC", password)
    digest = sha1(normalised)
    PwnedPasswordsBlocklist(url).breach_count(unicodedata.normalize("NFD", password))

    [(path, _headers)] = service.requests
    prefix = path.removeprefix("/range/")
    assert re.fullmatch(r"[0-9A-F]{5}", prefix)
    assert digest[:5] == prefix
    sent = b"".join(service.raw)
    assert digest[5:].encode() not in sent.upper()
    assert digest[5:15].encode() not in sent.upper()
    assert b"Kennwort-" not in sent


@given(st.text(max_size=30), st.integers(min_value=0, max_value=10**6), st.booleans())
def test_a_password_is_blocked_exactly_when_listed_with_a_count_reaching_the_minimum(
    server: tuple[str, FakeService], password: str, count: int, listed: bool
) -> None:
    url, service = server
    service.reset()
    if listed:
        publish(service, password, count, *OTHER_SUFFIXES)
    blocklist = PwnedPasswordsBlocklist(url, minimum_count=10)
    assert (listed and count >= 10) == blocklist.is_blocked(password)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(("on_unavailable", "blocked"), [("allow", False), ("block", True)])
def test_an_unreachable_service_fails_open_or_closed_as_configured(
    on_unavailable: pwned.OnUnavailable, blocked: bool, caplog: pytest.LogCaptureFixture
) -> None:
    blocklist = PwnedPasswordsBlocklist(closed_port_url(), on_unavailable=on_unavailable)
    with caplog.at_level(logging.WARNING, logger="portalkit.adapters.pwned"):
        assert blocked == blocklist.is_blocked("Sommer2025!")
    assert "breached-password check unavailable" in caplog.text


def test_an_unreachable_service_can_raise(caplog: pytest.LogCaptureFixture) -> None:
    url = closed_port_url()
    blocklist = PwnedPasswordsBlocklist(url, on_unavailable="raise")
    with pytest.raises(BreachCheckUnavailableError) as raised:
        blocklist.is_blocked("Sommer2025!")
    assert url == raised.value.service
    assert isinstance(raised.value, PortalkitError)
    assert isinstance(raised.value, ConnectionError)
    assert "nicht erreichbar" in raised.value.message("de")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_an_error_status_counts_as_unavailable(fake: tuple[str, FakeService], status: int) -> None:
    url, service = fake
    publish(service, "Sommer2025!", 42)
    service.status = status
    with pytest.raises(BreachCheckUnavailableError) as raised:
        PwnedPasswordsBlocklist(url).breach_count("Sommer2025!")
    assert f"HTTP {status}" == raised.value.reason
    assert PwnedPasswordsBlocklist(url, on_unavailable="block").is_blocked("Winter2025!")
    assert not PwnedPasswordsBlocklist(url).is_blocked("Sommer2025!")


def test_a_slow_service_times_out(fake: tuple[str, FakeService]) -> None:
    url, service = fake
    service.delay = 0.5
    with pytest.raises(BreachCheckUnavailableError):
        PwnedPasswordsBlocklist(url, timeout=0.1).breach_count("Sommer2025!")


def test_an_overlong_or_garbled_answer_counts_as_unavailable(
    fake: tuple[str, FakeService],
) -> None:
    url, service = fake
    digest = sha1("Sommer2025!")
    service.ranges[digest[:5]] = "A" * 100
    with pytest.raises(BreachCheckUnavailableError) as too_long:
        PwnedPasswordsBlocklist(url, max_response_bytes=50).breach_count("Sommer2025!")
    service.ranges[digest[:5]] = f"{digest[5:]}:viele"
    with pytest.raises(BreachCheckUnavailableError) as malformed:
        PwnedPasswordsBlocklist(url).breach_count("Sommer2025!")
    assert (
        too_long.value.reason,
        malformed.value.reason,
    ) == ("answer too long", "malformed answer")


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"base_url": "file:///etc/passwd"}, "base_url"),
        ({"base_url": "ftp://example.org"}, "base_url"),
        ({"base_url": "127.0.0.1:8000"}, "base_url"),
        ({"minimum_count": 0}, "minimum_count"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
    ],
)
def test_unusable_settings_are_refused(settings: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValueError) as raised:
        PwnedPasswordsBlocklist(**settings)  # type: ignore[arg-type]
    assert field == raised.value.params["field"]


def test_an_unknown_failure_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="on_unavailable"):
        PwnedPasswordsBlocklist(on_unavailable="ignore")  # type: ignore[arg-type]


def test_the_default_service_is_the_public_range_api() -> None:
    assert PwnedPasswordsBlocklist().base_url == "https://api.pwnedpasswords.com"
