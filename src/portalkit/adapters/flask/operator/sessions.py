"""Operators' sign-in state: server-side sessions apart from the customers' ones.

The operator cookie (``OPERATOR_COOKIE_NAME``; ``__Host-operator`` outside development) holds
only the random secret of an operator session; the store keeps its SHA-256 hash. The core
(:func:`portalkit.accounts.authenticate_operator`) ends sessions idle for 30 minutes or
older than 12 hours, as for customers, and those of deactivated operator accounts. A login
starts a new session with a new secret and a new form-protection token; logout revokes it.

A customer's login cookie opens no operator page, and an operator's cookie no customer page:
the two are looked up in different repositories.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import attrs
from flask import current_app, flash, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from portalkit.accounts import (
    Operator,
    OperatorAccount,
    OperatorLoginResult,
    SessionExpiredError,
    authenticate_operator,
    logout_operator,
)
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.portal import get_portal

__all__ = [
    "SignedInOperator",
    "current_operator",
    "end_operator_session",
    "operator_required",
    "signed_in_operator",
    "start_operator_session",
    "store_operator_cookie",
]

P = ParamSpec("P")
R = TypeVar("R")


@attrs.frozen
class SignedInOperator:
    """The signed-in operator of a request and the session they came with."""

    account: OperatorAccount
    session_id: str


def _cookie_name() -> str:
    name: str = current_app.config["OPERATOR_COOKIE_NAME"]
    return name


def current_operator() -> SignedInOperator | None:
    """Return the operator signed in with the request's operator cookie, or ``None``.

    The cookie is checked once per request, on first use, so customer pages pay nothing.
    """
    if "operator_signed_in" in g:
        known: SignedInOperator | None = g.operator_signed_in
        return known
    found: SignedInOperator | None = None
    services = get_portal().accounts
    secret = request.cookies.get(_cookie_name())
    if services is not None and secret:
        try:
            opened = authenticate_operator(services, secret[:200])
        except SessionExpiredError:
            g.operator_cookie = ""  # gone or expired: drop the cookie with the response
            g.operator_session_ended = True
        else:
            found = SignedInOperator(opened.account, opened.session.id)
    g.operator_signed_in = found
    return found


def signed_in_operator() -> Operator:
    """Return the signed-in operator of a view behind :func:`operator_required`.

    The value is the ``operator`` argument of the core's use cases (e.g.
    :func:`portalkit.accounts.create_company`).

    Raises:
        RuntimeError: nobody is signed in as an operator (the view lacks the decorator).
    """
    current = current_operator()
    if current is None:
        msg = "signed_in_operator() needs a view behind @operator_required"
        raise RuntimeError(msg)
    return current.account.operator


def operator_required(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """Send a visitor without an operator session to the operator login, with ``next``.

    A customer's sign-in does not count: operator pages need an operator account.
    """

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if current_operator() is None:
            if g.get("operator_session_ended"):
                flash(gettext("Your session has ended. Please sign in again."), "info")
            target = request.full_path if request.query_string else request.path
            return redirect(url_for("operator.login", next=target), 303)
        return view(*args, **kwargs)

    return wrapped


def start_operator_session(result: OperatorLoginResult) -> None:
    """Set the operator cookie of a successful login; a fresh CSRF token comes with it."""
    session.clear()
    g.operator_cookie = result.session_secret
    g.operator_signed_in = SignedInOperator(result.account, result.session_id)


def end_operator_session() -> None:
    """Revoke the request's operator session in the store and drop the cookie."""
    services = get_portal().accounts
    secret = request.cookies.get(_cookie_name())
    if secret and services is not None:
        logout_operator(services, secret[:200])
    session.clear()
    g.operator_cookie = ""
    g.operator_signed_in = None


def store_operator_cookie(response: Response) -> Response:
    """Write or delete the operator cookie as the request decided (an ``after_request`` hook)."""
    value = g.get("operator_cookie")
    if value is None:
        return response
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if value:
        # No max-age: a browser session cookie; the store decides how long it works.
        response.set_cookie(
            _cookie_name(), value, path="/", secure=secure, httponly=True, samesite="Lax"
        )
    else:
        response.delete_cookie(
            _cookie_name(), path="/", secure=secure, httponly=True, samesite="Lax"
        )
    return response
