"""Security defaults: CSRF protection and the headers every response carries."""

from __future__ import annotations

from typing import Final

from flask import Flask, Response, current_app, request
from flask_wtf.csrf import CSRFProtect

__all__ = ["CONTENT_SECURITY_POLICY", "init_security"]

CONTENT_SECURITY_POLICY: Final = "; ".join(
    (
        # Nothing loads unless listed: no scripts at all, styles and images only from here.
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
"""The Content-Security-Policy of every response: no scripts, no inline styles, no framing."""

_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Not "no-referrer": Flask-WTF checks the Referer of HTTPS posts against the host.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


_HSTS: Final = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _add_headers(response: Response) -> Response:
    headers = response.headers
    # A view's own value wins, as with setdefault; but one pass over the few headers a response
    # has, since werkzeug's setdefault raises and catches an exception for each missing name.
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118 - Headers, not a dict
    for name, value in _HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if request.endpoint != "static":
        # Pages may show personal data or carry a form token: never keep them in a cache.
        headers["Cache-Control"] = "no-store"
    if current_app.config["ENVIRONMENT"] == "production" and _HSTS[0].lower() not in present:
        headers.add(*_HSTS)
    return response


def init_security(app: Flask) -> None:
    """Protect every state-changing request of *app* with a CSRF token; add the headers."""
    CSRFProtect(app)
    app.after_request(_add_headers)
