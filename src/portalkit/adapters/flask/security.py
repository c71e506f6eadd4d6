"""Security defaults: CSRF protection and the headers every response carries."""

from __future__ import annotations

import time
from typing import Final

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf
from itsdangerous import URLSafeTimedSerializer

__all__ = ["CONTENT_SECURITY_POLICY", "SIGNED_TOKENS_KEPT", "csrf_token", "init_security"]

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


_HEADERS_LOWER: Final = tuple((name.lower(), name, value) for name, value in _HEADERS.items())

_HSTS: Final = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _add_headers(response: Response) -> Response:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    headers = response.headers
    # A view's own value wins, as with setdefault; but one pass over the few headers a response
    # has, since werkzeug's setdefault raises and catches an exception for each missing name.
    # Headers iterate over their (name, value) pairs; keys() wraps that in two generators.
    present = {name.lower() for name, _ in headers}
    for lower, name, value in _HEADERS_LOWER:
        if lower not in present:
            headers.add(name, value)
    if request.endpoint != "static":
        # Pages may show personal data or carry a form token: never keep them in a cache.
        if "cache-control" in present:
            headers["Cache-Control"] = "no-store"
        else:
            headers.add("Cache-Control", "no-store")  # where setting it would append it
    if app.config["ENVIRONMENT"] == "production" and _HSTS[0].lower() not in present:
        headers.add(*_HSTS)
    return response


SIGNED_TOKENS_KEPT: Final = 4096
"""At most this many form tokens signed within the current second, kept per app."""

_SIGNER_KEY: Final = "portalkit.csrf_signer"
# Flask-WTF's salt for the form token (flask_wtf.csrf); validate_csrf checks with it.
_CSRF_SALT: Final = "wtf-csrf-token"


class _TokenSigner:
    """Flask-WTF's signing of the form token, with its serializer kept per key.

    Flask-WTF builds a serializer for each token it signs, which costs as much as the signing.
    The signed token is a function of the raw token, the key, the salt and the time in whole
    seconds; so a token signed in the current second is also kept, and a second request of the
    same session within that second gets the very token Flask-WTF would sign for it.
    """

    def __init__(self) -> None:
        self._serializers: dict[str | bytes, URLSafeTimedSerializer] = {}
        self._second = -1
        self._signed: dict[tuple[str | bytes, str, int], str] = {}

    def sign(self, secret: str | bytes, raw: str) -> str:
        now = int(time.time())
        key = (secret, raw, now)
        found = self._signed.get(key)
        if found is not None:
            return found
        serializer = self._serializers.get(secret)
        if serializer is None:
            if len(self._serializers) >= 16:
                self._serializers.clear()
            serializer = self._serializers[secret] = URLSafeTimedSerializer(secret, salt=_CSRF_SALT)
        token: str = serializer.dumps(raw)
        # The token carries the second of its signing, somewhere from `now` on: kept only if
        # that is still `now`, under a key that holds the second.
        if int(time.time()) == now:
            if now != self._second or len(self._signed) >= SIGNED_TOKENS_KEPT:
                self._signed = {}
                self._second = now
            self._signed[key] = token
        return token


def csrf_token() -> str:
    """Return the request's form token, as Flask-WTF's ``generate_csrf()`` does.

    Once per request, as there: the signed token is kept in ``g`` under the field name, where
    Flask-WTF's forms find it too. A session without a raw token (or with one that is not
    text) and a missing key are left to Flask-WTF itself; else the raw token is signed with a
    serializer kept per key (:class:`_TokenSigner`). CSRFProtect checks the tokens as before.
    """
    # The app and g once each: every look-up through Flask's proxies costs a context look-up.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    request_globals = g._get_current_object()
    config = app.config
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = config.get("WTF_CSRF_SECRET_KEY", app.secret_key)
    if field is None or secret is None or field in request_globals:
        kept: str = generate_csrf()
        return kept
    raw = session.get(field)
    if type(raw) is not str:
        new: str = generate_csrf()
        return new
    signer: _TokenSigner = app.extensions[_SIGNER_KEY]
    token = signer.sign(secret, raw)
    setattr(request_globals, field, token)
    return token


def _csrf_values() -> dict[str, object]:
    return {"csrf_token": csrf_token}


def init_security(app: Flask) -> None:
    """Protect every state-changing request of *app* with a CSRF token; add the headers."""
    CSRFProtect(app)
    # The templates' csrf_token() (a context value, which wins over the global) signs with a
    # kept serializer; the check stays CSRFProtect's.
    app.extensions[_SIGNER_KEY] = _TokenSigner()
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(_csrf_values)
    app.after_request(_add_headers)
