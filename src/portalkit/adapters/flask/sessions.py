"""Sign-in state: server-side sessions through the core's sessions port.

The login cookie holds only the random secret of a :class:`portalkit.accounts.Session`; the
store keeps its SHA-256 hash, the user and the times. Every request calls
:func:`portalkit.accounts.authenticate`, which ends sessions idle for 30 minutes or older than
12 hours (``AccountSettings``) and sessions of deactivated users; logout, a password change and
a deactivation revoke them in the core. A login always starts a new session with a new secret
and a new form-protection token (no fixation).

Flask's own signed cookie keeps only the CSRF token and flash messages, never who is signed in.
"""

from __future__ import annotations

import functools
import time
import urllib.parse
from collections.abc import Callable
from typing import Final, ParamSpec, TypeVar

import attrs
import flask
from flask import Flask, Request, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature
from werkzeug.wrappers import Response

from portalkit.accounts import (
    AccountServices,
    Company,
    LoginResult,
    SessionExpiredError,
    User,
    authenticate,
    logout,
)
from portalkit.adapters.flask._requests import add_vary
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.portal import get_portal

__all__ = [
    "COOKIES_KEPT",
    "KeptCookieSessionInterface",
    "SignedIn",
    "account_services",
    "end_session",
    "load_signed_in",
    "login_required",
    "safe_next",
    "signed_in",
    "start_session",
    "store_login_cookie",
    "write_secret_cookie",
]

COOKIES_KEPT: Final = 4096
"""At most this many checked form-protection cookies per app."""

# The secret key and its fallbacks a kept session cookie was checked with.
_Keys = tuple[str | bytes, tuple[str | bytes, ...]]

P = ParamSpec("P")
R = TypeVar("R")


@attrs.frozen
class SignedIn:
    """The signed-in user of a request and the session they came with."""

    user: User
    session_id: str
    # The company once loaded: a page asks for it in several places (the view, the navigation,
    # the dashboard's parts). A SignedIn lives as long as its request.
    _loaded: dict[str, Company | None] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, alias="_loaded"
    )

    def company(self) -> Company | None:
        """Load the user's company (``None`` if it is gone), once per request.

        The company as the request first found it: the customer pages change no company.
        """
        company_id = self.user.company_id
        if company_id not in self._loaded:
            with account_services().unit_of_work() as uow:
                self._loaded[company_id] = uow.companies.get(company_id)
        return self._loaded[company_id]

    def as_loaded(self) -> tuple[User, Company] | None:
        """Return the user and their company if the sign-in check loaded both, else ``None``.

        For the ticket use cases' ``as_loaded``: what this request has read already need
        not be read again.
        """
        company = self._loaded.get(self.user.company_id)
        return None if company is None else (self.user, company)


def account_services() -> AccountServices:
    """Return the account services of the current portal.

    Raises:
        RuntimeError: the portal was built without accounts.
    """
    services = get_portal().accounts
    if services is None:
        msg = "this portal has no account services (Portal.accounts is None)"
        raise RuntimeError(msg)
    return services


def load_signed_in() -> User | None:
    """Authenticate the login cookie of the request; the portal's default user loader."""
    services = get_portal().accounts
    secret = request.cookies.get(current_app.config["LOGIN_COOKIE_NAME"])
    if services is None or not secret:
        return None
    try:
        found = authenticate(services, secret[:200])
    except SessionExpiredError:
        g.login_cookie = ""  # gone or expired: drop the cookie with the response
        g.session_ended = True
        return None
    current = g.signed_in = SignedIn(found.user, found.session.id)
    if found.company is not None:
        # The sign-in check has just loaded it: the navigation and the views need not again.
        current._loaded[found.company.id] = found.company
    return found.user


def signed_in() -> SignedIn:
    """Return the signed-in user of a view behind :func:`login_required`."""
    current: SignedIn = g.signed_in
    return current


def start_session(result: LoginResult) -> None:
    """Set the login cookie of a successful login; a fresh CSRF token comes with it."""
    session.clear()
    g.login_cookie = result.session_secret
    g.signed_in = SignedIn(result.user, result.session_id)


def end_session() -> None:
    """Revoke the request's session in the store and drop the login cookie."""
    secret = request.cookies.get(current_app.config["LOGIN_COOKIE_NAME"])
    if secret:
        logout(account_services(), secret[:200])
    session.clear()
    g.login_cookie = ""
    g.pop("signed_in", None)


def store_login_cookie(response: Response) -> Response:
    """Write or delete the login cookie as the request decided (an ``after_request`` hook)."""
    value = g.get("login_cookie")
    if value is not None:
        write_secret_cookie(response, current_app.config["LOGIN_COOKIE_NAME"], value)
    return response


def write_secret_cookie(response: Response, name: str, value: str) -> None:
    """Set the session-secret cookie *name* to *value*, or delete it if *value* is empty.

    One place for the attributes every sign-in cookie has: HttpOnly, SameSite=Lax, Path=/
    (which the ``__Host-`` prefix needs), Secure outside development, and no max-age: a
    browser session cookie, since the store decides how long the session works.
    """
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if value:
        response.set_cookie(name, value, path="/", secure=secure, httponly=True, samesite="Lax")
    else:
        response.delete_cookie(name, path="/", secure=secure, httponly=True, samesite="Lax")


def safe_next(target: str | None) -> str | None:
    """Return *target* if it is a path of this site (``/...``), else ``None``.

    Refuses absolute URLs, scheme-relative ``//host`` and ``/\\host`` paths (browsers treat a
    backslash like a slash), and control characters, so that ``?next=`` cannot send a user
    elsewhere after login.
    """
    if not target or not target.startswith("/") or len(target) > 2000:
        return None
    if target.startswith(("//", "/\\")) or any(ord(char) < 32 or char == "\\" for char in target):
        return None
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def login_required(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """Send a visitor who is not signed in to the login page, with the way back in ``next``."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if g.get("signed_in") is None:
            if g.get("session_ended"):
                flash(gettext("Your session has ended. Please sign in again."), "info")
            target = request.full_path if request.query_string else request.path
            return redirect(url_for("auth.login", next=target), 303)
        return view(*args, **kwargs)

    return wrapped


class KeptCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with cookies already checked kept per app.

    The cookie holds the form token (and, for a request or two, flash messages) and comes back
    unchanged on every request of a visitor: its signature check and decoding cost as much as
    a translated page's layout. A cookie once checked is kept with its signing time; the same
    cookie again is accepted without a second check while it is younger than the session
    lifetime, exactly as the check would decide, since the signature covers the whole value.
    Only cookies of text values (the form token) are kept: the flash messages are a list that
    Flask changes in place. Each kept cookie remembers the keys it was checked with (the secret
    key and its fallbacks): under other keys it is checked anew, as Flask would check it. The
    kept cookies are looked at before Flask's serializer is built, which costs about as much
    as the rest of opening a kept cookie.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[dict[str, str], int, _Keys]] = {}

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Return the request's session: a kept cookie's values, or Flask's own check."""
        value = request.cookies.get(self.get_cookie_name(app))
        secret = app.secret_key
        if not value or not secret:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        keys = (secret, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        found = self._kept.get(value)
        if found is not None:
            data, signed_at, checked_with = found
            if checked_with == keys and 0 <= int(time.time()) - signed_at <= max_age:
                return self.session_class(data)
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return super().open_session(app, request)
        try:
            loaded, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(loaded, dict) and all(isinstance(item, str) for item in loaded.values()):
            if len(self._kept) >= COOKIES_KEPT:
                self._kept.clear()
            self._kept[value] = (dict(loaded), int(signed.timestamp()), keys)
        return self.session_class(loaded)

    def save_session(self, app: Flask, session: SessionMixin, response: flask.Response) -> None:
        """Save the session as Flask does; an unchanged one only adds ``Vary: Cookie``."""
        if session and not self.should_set_cookie(app, session):
            # Flask's own steps for this case, without reading the cookie settings it then
            # does not use, and without parsing a Vary header that already lists Cookie.
            if session.accessed:
                add_vary(response, ("Cookie",))
            return
        super().save_session(app, session, response)
