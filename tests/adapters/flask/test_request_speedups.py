"""The shortcuts around every request give what Flask, werkzeug and Flask-WTF give.

Fourth performance round: the session cookie looked up before the serializer is built and an
unchanged session saved without parsing ``Vary``; the form token signed with a kept serializer
and kept within its second; the cookies, the language and ``Vary`` kept per header value; the
answer whether a hook is a coroutine kept per function. Each is compared with the slow way for
the same inputs, including the boundaries (a changed key, an expired cookie, the next second).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from flask import Flask, Request, Response, g, render_template_string, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf, validate_csrf
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import Headers
from wtforms import ValidationError

from portalkit import FixedClock
from portalkit.adapters.flask import Portal, _requests, security
from portalkit.adapters.flask._layout import kept_support_status
from portalkit.adapters.flask._requests import KEPT, PortalFlask, PortalRequest, add_vary
from portalkit.adapters.flask.i18n import ACCEPTED_KEPT, _accepted, _as_language
from portalkit.adapters.flask.security import SIGNED_TOKENS_KEPT, csrf_token
from portalkit.adapters.flask.sessions import KeptCookieSessionInterface
from portalkit.calendar import BusinessHours
from tests.adapters.flask.conftest import ADMIN, BERLIN, make_app, signed_in_client
from tests.adapters.flask.conftest import csrf_token as token_of_page

COOKIE_NAME = "portalkit_session"


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Flask:
    return make_app(tmp_path, clock)


def _interface(app: Flask) -> KeptCookieSessionInterface:
    interface = app.session_interface
    assert isinstance(interface, KeptCookieSessionInterface)
    return interface


def _request(cookie: str | None = None, **headers: str) -> Request:
    if cookie is not None:
        headers["Cookie"] = f"{COOKIE_NAME}={cookie}"
    return Request.from_values(headers=headers)


def _both_open(app: Flask, cookie: str) -> tuple[object, object]:
    """Open *cookie* the kept way (twice: checked, then kept) and Flask's way."""
    kept = _interface(app)
    first = kept.open_session(app, _request(cookie))
    second = kept.open_session(app, _request(cookie))
    assert first == second
    checked = SecureCookieSessionInterface().open_session(app, _request(cookie))
    return None if second is None else dict(second), None if checked is None else dict(checked)


def _signed(app: Flask, values: dict[str, str]) -> str:
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    return str(serializer.dumps(values))


# --- The session cookie ------------------------------------------------------------------


def test_a_kept_cookie_follows_a_changed_secret_key(app: Flask) -> None:
    cookie = _signed(app, {"csrf_token": "raw"})
    kept, checked = _both_open(app, cookie)
    assert kept == checked == {"csrf_token": "raw"}
    app.secret_key = "another key of enough length for the test"
    kept, checked = _both_open(app, cookie)
    assert kept == checked == {}  # refused under the new key, although it was kept
    app.config["SECRET_KEY_FALLBACKS"] = ["dev-only-not-secret-a" * 2]
    old = app.config["SECRET_KEY_FALLBACKS"][0]
    app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = old, []
    cookie = _signed(app, {"csrf_token": "raw"})
    kept, checked = _both_open(app, cookie)  # kept under the old key alone
    assert kept == checked == {"csrf_token": "raw"}
    app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = "a new key, the old one falls back", [old]
    kept, checked = _both_open(app, cookie)
    assert kept == checked == {"csrf_token": "raw"}  # the fallback key still signs it
    app.config["SECRET_KEY_FALLBACKS"] = []
    kept, checked = _both_open(app, cookie)
    assert kept == checked == {}


def test_without_a_secret_key_there_is_no_session(app: Flask) -> None:
    cookie = _signed(app, {"csrf_token": "raw"})
    assert _both_open(app, cookie) == ({"csrf_token": "raw"}, {"csrf_token": "raw"})
    app.secret_key = None
    assert _both_open(app, cookie) == (None, None)


@pytest.mark.parametrize("shift", [-1.0, 0.0, 1.0])
def test_a_kept_cookie_expires_with_the_session_lifetime(
    app: Flask, monkeypatch: pytest.MonkeyPatch, shift: float
) -> None:
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    cookie = _signed(app, {"csrf_token": "raw"})
    assert _both_open(app, cookie) == ({"csrf_token": "raw"}, {"csrf_token": "raw"})
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = start + lifetime + shift
    monkeypatch.setattr(time, "time", lambda: later)
    kept, checked = _both_open(app, cookie)
    assert kept == checked
    assert (kept == {}) is (shift > 0)
    # A clock set back before the signing: refused by either (a negative age).
    monkeypatch.setattr(time, "time", lambda: start - 5)
    kept, checked = _both_open(app, cookie)
    assert kept == checked == {}


def _saved_headers(
    interface: SecureCookieSessionInterface, app: Flask, state: dict[str, Any]
) -> list[tuple[str, str]]:
    """Save a session in *state* (values, accessed, modified, permanent) with *state*'s Vary."""
    current = SecureCookieSession(state["values"])
    current.accessed, current.modified = state["accessed"], state["modified"]
    if state["permanent"]:
        dict.__setitem__(current, "_permanent", True)  # without marking it modified
    response = Response("page")
    for value in state["vary"]:
        response.headers.add("Vary", value)
    with app.test_request_context():
        interface.save_session(app, current, response)
    return list(response.headers.items())


_SESSION_STATES = [
    dict(zip(("values", "accessed", "modified", "permanent", "vary"), state, strict=True))
    for state in itertools.product(
        [{}, {"csrf_token": "raw"}],
        [True, False],
        [True, False],
        [True, False],
        [[], ["Cookie, Accept-Language"], ["Accept-Encoding"], ["cookie"], ["Cookie", "Origin"]],
    )
]


@pytest.mark.parametrize("state", _SESSION_STATES)
def test_a_session_is_saved_as_flask_saves_it(app: Flask, state: dict[str, Any]) -> None:
    kept = _saved_headers(_interface(app), app, state)
    assert kept == _saved_headers(SecureCookieSessionInterface(), app, state)


# --- Vary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "present",
    [
        [],
        ["Cookie"],
        ["Cookie, Accept-Language"],
        ["accept-language, COOKIE"],
        ["Accept-Encoding"],
        ['"quoted, with comma", Cookie'],
        ["Cookie", "Accept-Language"],
        ["*"],
        [""],
    ],
)
@pytest.mark.parametrize("names", [("Cookie",), ("Cookie", "Accept-Language")])
def test_vary_is_added_as_werkzeug_adds_it(present: list[str], names: tuple[str, ...]) -> None:
    for _ in range(2):  # the second time from the kept parsing
        kept, slow = Response("page"), Response("page")
        for value in present:
            kept.headers.add("Vary", value)
            slow.headers.add("Vary", value)
        add_vary(kept, names)
        slow.vary.update(names)
        assert list(kept.headers.items()) == list(slow.headers.items())


def test_the_kept_vary_values_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_requests, "_VARY_LISTS", {})
    for number in range(KEPT + 10):
        add_vary(Response("page", headers={"Vary": f"X-{number}"}), ("Cookie",))
    assert 0 < len(_requests._VARY_LISTS) <= KEPT


# --- Cookies and hooks ---------------------------------------------------------------------

_COOKIE_HEADERS = [
    [],
    [""],
    ["a=1"],
    ["a=1; b=2; a=3"],
    ['a="quoted \\" value"; b=two words'],
    ["a=1", "b=2"],
    ["=x; ;; c=%C3%A4; d"],
    ["portalkit_session=eyJjc3JmX3Rva2VuIjoiYWJjIn0.Z.sig; portalkit_lang=en"],
]


@pytest.mark.parametrize("cookies", _COOKIE_HEADERS)
def test_the_cookies_are_werkzeugs(cookies: list[str]) -> None:
    headers = Headers([("Cookie", value) for value in cookies])
    first = PortalRequest.from_values(headers=headers).cookies
    second = PortalRequest.from_values(headers=headers).cookies
    assert second is first  # kept, and immutable, so that requests can share it
    werkzeug = Request.from_values(headers=headers).cookies
    assert list(first.items(multi=True)) == list(werkzeug.items(multi=True))
    assert type(first) is type(werkzeug)


# What a header line can hold: no line breaks, Latin-1 as WSGI passes it.
_HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40)


@given(st.lists(_HEADER_TEXT, max_size=3))
def test_any_cookie_header_is_parsed_as_werkzeug_parses_it(values: list[str]) -> None:
    headers = Headers([("Cookie", value) for value in values])
    for _ in range(2):
        kept = PortalRequest.from_values(headers=headers).cookies
        werkzeug = Request.from_values(headers=headers).cookies
        assert list(kept.items(multi=True)) == list(werkzeug.items(multi=True))


def test_the_kept_cookie_headers_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_requests, "_COOKIES", {})
    for number in range(KEPT + 10):
        assert PortalRequest.from_values(headers={"Cookie": f"n={number}"}).cookies["n"] == str(
            number
        )
    assert 0 < len(_requests._COOKIES) <= KEPT


class _Hooks:
    def method(self) -> None:
        """A bound method: not kept, asked every time."""


async def _coroutine() -> None:
    """A coroutine function: wrapped by Flask every time."""


def _plain() -> None:
    """A plain function: kept."""


def test_hooks_are_made_synchronous_as_flask_makes_them(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(app, PortalFlask)
    flask = Flask("flask")
    for func in (_plain, _Hooks().method, functools.partial(_plain), print, _plain):
        assert app.ensure_sync(func) is func
        assert flask.ensure_sync(func) is func
    assert _plain in app._plain_functions
    for candidate in (app, flask):
        # Flask's wrapping of coroutines needs asgiref; what matters is that it is asked.
        monkeypatch.setattr(candidate, "async_to_sync", lambda func: ("synchronous", func))
        for _ in range(2):
            assert candidate.ensure_sync(_coroutine) == ("synchronous", _coroutine)
        partial = functools.partial(_coroutine)
        assert candidate.ensure_sync(partial) == ("synchronous", partial)
    assert _coroutine not in app._plain_functions


def test_the_kept_plain_functions_are_bounded(app: Flask) -> None:
    assert isinstance(app, PortalFlask)
    for number in range(KEPT + 10):
        namespace: dict[str, Any] = {}
        exec(f"def hook_{number}(): return {number}", namespace)  # fresh functions each time
        hook = namespace[f"hook_{number}"]
        assert app.ensure_sync(hook) is hook
    assert 0 < len(app._plain_functions) <= KEPT


# --- The language --------------------------------------------------------------------------


def _original_choice(request: Request, cookie_name: str) -> str:
    """The language as the portal chose it before the round (without ?lang=)."""
    cookie = _as_language(request.cookies.get(cookie_name))
    accepted = _as_language(request.accept_languages.best_match(["de", "en"]))
    return cookie or accepted or "de"


_ACCEPT = [
    None,
    "",
    "en",
    "de",
    "fr",
    "en-US,en;q=0.9",
    "fr;q=1, en;q=0.5, de;q=0.6",
    "de;q=0, en;q=0.1",
    "*",
    "EN",
    "en;q=garbage, de",
]


@pytest.mark.parametrize("accept", _ACCEPT)
@pytest.mark.parametrize("cookie", [None, "en", "de", "xx"])
@pytest.mark.parametrize("query", ["", "q=1", "lang=xx", "lang="])
def test_the_language_is_chosen_as_before(
    app: Flask, accept: str | None, cookie: str | None, query: str
) -> None:
    headers = {} if accept is None else {"Accept-Language": accept}
    name = app.config["LANGUAGE_COOKIE_NAME"]
    if cookie is not None:
        headers["Cookie"] = f"{name}={cookie}"
    for _ in range(2):
        response = app.test_client().get(f"/?{query}", headers=headers)
        assert response.status_code == 200
        with app.test_request_context(f"/?{query}", headers=headers) as context:
            app.preprocess_request()
            assert g.language == _original_choice(context.request, name)
        assert response.headers.get_all("Vary") == ["Cookie, Accept-Language"]


@given(st.one_of(st.none(), _HEADER_TEXT))
def test_any_accept_language_header_picks_what_werkzeug_picks(header: str | None) -> None:
    headers = {} if header is None else {"Accept-Language": header}
    try:
        request = Request.from_values(headers=headers)
        expected = _as_language(request.accept_languages.best_match(["de", "en"]))
    except (UnicodeError, ValueError):
        return  # not a header a request can carry
    assert _accepted(request.headers.get("Accept-Language")) == expected
    assert _accepted(request.headers.get("Accept-Language")) == expected  # kept


def test_a_language_link_still_switches_and_is_remembered(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/?lang=en&q=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/?q=1"
    assert response.headers.get_all("Vary") == ["Cookie, Accept-Language"]
    assert response.headers["Set-Cookie"].startswith("portalkit_language=en;")


def test_the_kept_accept_language_headers_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from portalkit.adapters.flask import i18n

    monkeypatch.setattr(i18n, "_ACCEPTED", {})
    for number in range(ACCEPTED_KEPT + 10):
        assert _accepted(f"en;q=0.{number % 9 + 1}, x-{number}") == "en"
    assert 0 < len(i18n._ACCEPTED) <= ACCEPTED_KEPT


# --- The form token --------------------------------------------------------------------------


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Set the clock Flask-WTF's signature reads (time.time) to a chosen instant."""

    def set_to(instant: float) -> None:
        monkeypatch.setattr(time, "time", lambda: instant)

    return set_to


def _tokens(app: Flask, raw: str) -> tuple[str, str]:
    """Sign *raw* in two requests, the kept way and Flask-WTF's."""
    with app.test_request_context():
        session["csrf_token"] = raw
        kept = csrf_token()
        assert csrf_token() == kept == g.csrf_token  # once per request, as generate_csrf
    with app.test_request_context():
        session["csrf_token"] = raw
        original = generate_csrf()
    return kept, original


def test_the_form_token_is_flask_wtfs_within_a_second_and_after(
    app: Flask, frozen: Callable[[float], None]
) -> None:
    start = 1_800_000_000.0
    frozen(start)
    first, original = _tokens(app, "raw-token")
    assert first == original
    frozen(start + 0.9)  # the same second: the kept token, the same as Flask-WTF's
    again, original = _tokens(app, "raw-token")
    assert again == first == original
    frozen(start + 1.0)  # the next second: a new signature, Flask-WTF's again
    later, original = _tokens(app, "raw-token")
    assert later == original != first
    other, original = _tokens(app, "another-raw-token")  # another session, same second
    assert other == original != later
    app.secret_key = "a changed secret key, long enough for it"
    changed, original = _tokens(app, "raw-token")  # same second, new key
    assert changed == original != later
    app.config["WTF_CSRF_SECRET_KEY"] = "a key for the form tokens alone"
    own, original = _tokens(app, "raw-token")
    assert own == original not in {changed, later}
    with app.test_request_context():
        session["csrf_token"] = "raw-token"
        validate_csrf(own)  # Flask-WTF's check accepts it
        with pytest.raises(ValidationError):
            validate_csrf(changed)


def test_the_token_is_kept_only_for_its_own_second(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock turns to the next second while the token is signed: the token carries the
    # later second and must not be handed out for the earlier one.
    instants = iter([1_800_000_000.9, 1_800_000_001.1, 1_800_000_001.1])
    monkeypatch.setattr(time, "time", lambda: next(instants, 1_800_000_000.95))
    with app.test_request_context():
        session["csrf_token"] = "raw"
        signed = csrf_token()
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.95)
    with app.test_request_context():
        session["csrf_token"] = "raw"
        kept = csrf_token()
    with app.test_request_context():
        session["csrf_token"] = "raw"
        original = generate_csrf()
    assert kept == original != signed


def test_a_session_without_a_token_gets_one_from_flask_wtf(
    app: Flask, frozen: Callable[[float], None]
) -> None:
    with app.test_request_context():
        assert "csrf_token" not in session
        token = csrf_token()
        raw = session["csrf_token"]
        assert isinstance(raw, str)
        assert len(raw) == 40
        assert session.modified
        validate_csrf(token)
    frozen(1_800_000_000.0)
    with app.test_request_context():
        session["csrf_token"] = ["not", "text"]
        token = csrf_token()  # left to Flask-WTF, which signs whatever is there
    with app.test_request_context():
        session["csrf_token"] = ["not", "text"]
        assert token == generate_csrf()
    app.secret_key = None
    with app.test_request_context(), pytest.raises(RuntimeError, match="secret key"):
        csrf_token()


def test_the_layouts_token_signs_out_and_every_other_post_is_refused(demo_app: Flask) -> None:
    client = signed_in_client(demo_app, ADMIN)
    token = token_of_page(client, "/uebersicht/")  # the sign-out form of the layout
    other = token_of_page(signed_in_client(demo_app, ADMIN), "/uebersicht/")
    for refused in ({}, {"csrf_token": token + "x"}, {"csrf_token": other}):
        assert client.post("/abmelden/", data=refused).status_code == 400
        assert client.get("/uebersicht/").status_code == 200  # still signed in
    assert client.post("/abmelden/", data={"csrf_token": token}).status_code == 303
    assert client.get("/uebersicht/").status_code == 303  # signed out


def test_templates_use_the_kept_token(app: Flask) -> None:
    with app.test_request_context():
        session["csrf_token"] = "raw"
        rendered = render_template_string("{{ csrf_token() }}")
        assert rendered == g.csrf_token == generate_csrf()
        validate_csrf(rendered)
    assert app.jinja_env.globals["csrf_token"] is csrf_token


def test_the_kept_tokens_are_bounded(app: Flask, frozen: Callable[[float], None]) -> None:
    frozen(1_800_000_000.0)
    with app.test_request_context():
        signer = app.extensions["portalkit.csrf_signer"]
        for number in range(SIGNED_TOKENS_KEPT + 10):
            signer.sign("key", f"raw-{number}")
        assert 0 < len(signer._signed) <= SIGNED_TOKENS_KEPT
        frozen(1_800_000_001.0)
        signer.sign("key", "raw-0")
        assert len(signer._signed) == 1  # the last second's are dropped


# --- The layout's values -------------------------------------------------------------------

# Instants around support's hours (Mon-Fri 08:00-18:00 on working days, Bavaria's holidays):
# Friday evening to Monday morning, the Easter weekend with Good Friday and Easter Monday.
_AROUND = [
    dt.datetime(2025, 3, 21, 17, 59, 59, 999999, tzinfo=BERLIN),
    dt.datetime(2025, 3, 21, 18, 0, tzinfo=BERLIN),
    dt.datetime(2025, 3, 22, 12, 0, tzinfo=BERLIN),
    dt.datetime(2025, 3, 24, 7, 59, 59, 999999, tzinfo=BERLIN),
    dt.datetime(2025, 3, 24, 8, 0, tzinfo=BERLIN),
    dt.datetime(2025, 3, 24, 8, 0, 0, 1, tzinfo=BERLIN),
    dt.datetime(2025, 4, 17, 18, 30, tzinfo=BERLIN),
    dt.datetime(2025, 4, 20, 9, 0, tzinfo=BERLIN),
    dt.datetime(2025, 4, 22, 7, 0, tzinfo=BERLIN),
    dt.datetime(2025, 4, 22, 8, 0, tzinfo=BERLIN),
]


def test_the_kept_support_status_is_the_portals_at_every_instant(
    app: Flask, clock: FixedClock
) -> None:
    portal: Portal = app.extensions["portalkit"]
    # Forwards through closed spells and openings, then the same instants backwards (a clock
    # set back lands before the kept spell), then a week far beyond the known holidays.
    instants = [*_AROUND, *reversed(_AROUND)]
    instants += [moment + dt.timedelta(minutes=minutes) for moment in _AROUND for minutes in (7, 1)]
    instants.append(dt.datetime(9999, 12, 30, 12, 0, tzinfo=BERLIN))
    with app.test_request_context():
        for instant in instants:
            clock.set(instant)
            assert kept_support_status(portal) == portal.support_status(), instant
            assert kept_support_status(portal) == portal.support_status(), instant


def test_the_kept_support_status_belongs_to_its_portal(app: Flask, clock: FixedClock) -> None:
    clock.set(dt.datetime(2025, 3, 22, 12, 0, tzinfo=BERLIN))  # a Saturday: closed
    other = attrs.evolve(app.extensions["portalkit"], support_hours=BusinessHours.always(BERLIN))
    with app.test_request_context():
        assert kept_support_status(app.extensions["portalkit"]).open is False
        assert kept_support_status(other) == other.support_status()
        assert kept_support_status(other).open is True


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_language_values_are_the_pages_language(app: Flask, language: str) -> None:
    other = "en" if language == "de" else "de"
    page = (
        "{{ language }}|{{ other_language }}|{{ other_language_name }}|"
        "{{ language_switch_url }}|{{ _('Sign out') }}{% set language = 'xx' %}|{{ language }}"
    )
    for _ in range(2):  # kept the second time; the page's {% set %} changes nothing kept
        with app.test_request_context(headers={"Accept-Language": language}):
            app.preprocess_request()
            names = {"de": "Deutsch", "en": "English"}
            sign_out = "Abmelden" if language == "de" else "Sign out"
            assert render_template_string(page) == (
                f"{language}|{other}|{names[other]}|?lang={other}|{sign_out}|xx"
            )


# --- The security headers --------------------------------------------------------------------


def _original_headers(response: Response, *, static: bool, production: bool) -> None:
    """The security headers as the first round added them (setdefault and set)."""
    present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118
    for name, value in security._HEADERS.items():
        response.headers.setdefault(name, value)
    if not static:
        response.headers["Cache-Control"] = "no-store"
    if production and "strict-transport-security" not in present:
        response.headers.add(*security._HSTS)


@pytest.mark.parametrize(
    "own",
    [
        [],
        [("Cache-Control", "public, max-age=60")],
        [("cache-control", "private"), ("Cache-Control", "no-cache")],
        [("X-Frame-Options", "SAMEORIGIN"), ("content-security-policy", "default-src 'self'")],
        [("Strict-Transport-Security", "max-age=60"), ("Vary", "Origin")],
        [("Set-Cookie", "a=1"), ("Referrer-Policy", "no-referrer")],
    ],
)
@pytest.mark.parametrize("static", [True, False])
@pytest.mark.parametrize("production", [True, False])
def test_security_headers_are_added_as_before(
    app: Flask, own: list[tuple[str, str]], *, static: bool, production: bool
) -> None:
    app.config["ENVIRONMENT"] = "production" if production else "development"
    path = "/static/portal.css" if static else "/"
    with app.test_request_context(path) as context:
        context.match_request()
        assert (context.request.endpoint == "static") is static
        kept, original = Response("page", headers=own), Response("page", headers=own)
        security._add_headers(kept)
        _original_headers(original, static=static, production=production)
    assert list(kept.headers.items()) == list(original.headers.items())
