"""The shared layout's parts that do not change from request to request, kept per app.

The navigation's links depend only on the address root (``SCRIPT_NAME``), the language, the
kind of visitor (signed in or not, administrator, who sees tickets and services), whether the
development mails are shown and which of the links is the current page. Rendering them cost
17 ``url_for`` calls and a dozen translations per page; :func:`site_links` renders them once
per such combination and keeps the result in ``app.extensions``. :func:`kept_url_for`, the
templates' ``url_for``, keeps the addresses of fixed endpoints in the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from flask import Flask, current_app, has_request_context, request, url_for
from markupsafe import Markup

from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import Portal, SupportStatus

__all__ = [
    "LINKS_KEPT",
    "SITE_LINKS_KEY",
    "URLS_KEPT",
    "URLS_KEY",
    "init_layout",
    "kept_support_status",
    "kept_url_for",
    "site_links",
]

SITE_LINKS_KEY: Final = "portalkit.site_links"
"""Where an app keeps its rendered navigation links in ``app.extensions``."""

LINKS_KEPT: Final = 1024
"""At most this many renderings per app (a few dozen in practice; more only with many
address roots, which would otherwise let the dictionary grow without end)."""

_TEMPLATE: Final = "_site_links.html"

# Every endpoint the links can point to: any other current page marks none, so it shares the
# rendering of all such pages.
_LINKED: Final = frozenset(
    {
        "dashboard.index",
        "account.index",
        "users.index",
        "tickets.index",
        "services.index",
        "deadlines.overview",
        "home.index",
        "passwords.check",
        "access.request_access",
        "auth.login",
        "devmail.index",
    }
)


def site_links(
    user: object, uses_tickets: object, may_view_services: object, dev_mails: object
) -> Markup:
    """Return the navigation's ``<li>`` links for this request, rendered once and then kept.

    Args:
        user: the signed-in user or ``None`` (only whether there is one and its role count).
        uses_tickets: whether the tickets link is shown.
        may_view_services: whether the services link is shown.
        dev_mails: whether the development mails link is shown.
    """
    signed_in = bool(user)
    administrator = signed_in and getattr(user, "role", None) == "administrator"
    endpoint = request.endpoint
    current = endpoint if endpoint in _LINKED else None
    key = (
        request.script_root,
        current_language(),
        signed_in,
        administrator,
        bool(uses_tickets),
        bool(may_view_services),
        bool(dev_mails),
        current,
    )
    kept: dict[tuple[object, ...], Markup] = current_app.extensions[SITE_LINKS_KEY]
    found = kept.get(key)
    if found is None:
        found = Markup(
            current_app.jinja_env.get_template(_TEMPLATE).render(
                signed_in=signed_in,
                administrator=administrator,
                uses_tickets=bool(uses_tickets),
                may_view_services=bool(may_view_services),
                dev_mails=bool(dev_mails),
                current=current,
            )
        )
        if len(kept) >= LINKS_KEPT:
            kept.clear()
        kept[key] = found
    return found


def init_layout(app: Flask) -> None:
    """Offer :func:`site_links` and :func:`kept_url_for` (as ``url_for``) to *app*'s templates."""
    app.extensions[SITE_LINKS_KEY] = {}
    app.extensions[URLS_KEY] = {}
    app.extensions[_CLOSED_KEY] = None
    app.jinja_env.globals.update(site_links=site_links, url_for=kept_url_for)


URLS_KEY: Final = "portalkit.urls"
"""Where an app keeps the addresses its templates built, in ``app.extensions``."""

URLS_KEPT: Final = 4096
"""At most this many kept addresses per app (ticket pages each have their own)."""


def kept_url_for(endpoint: str, **values: Any) -> str:
    """Return :func:`flask.url_for`'s address, built once per app, address root and values.

    Within a request the relative address of an endpoint and its text values depends only on
    the app's fixed URL map and the address root (``SCRIPT_NAME``): the templates' two dozen
    ``url_for`` calls per page cost a dictionary look-up each after the first time. Relative
    endpoints (``.index``), absolute addresses (``_external`` and the other ``_`` options) and
    values other than text are built every time, as is everything outside a request.
    """
    if (
        endpoint.startswith(".")
        or not has_request_context()
        or not all(isinstance(value, str) and key[0] != "_" for key, value in values.items())
    ):
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, *sorted(values.items()))
    kept: dict[tuple[object, ...], str] = current_app.extensions[URLS_KEY]
    found = kept.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(kept) >= URLS_KEPT:
            kept.clear()
        kept[key] = found
    return found


_CLOSED_KEY: Final = "portalkit.support_closed"


def kept_support_status(portal: Portal) -> SupportStatus:
    """Return ``portal.support_status()``; a closed spell's next opening is found once.

    While support is closed, from the instant it was found closed until the next opening,
    every instant has the same answer: closed, opening then (``next_opening`` is the first
    open instant at or after the instant asked about). That spell is kept per app, with the
    portal it belongs to, and only the time is read for the requests within it. An open
    support, and a clock set back before the spell, are asked anew.
    """
    now = portal.now()
    closed: tuple[Portal, dt.datetime, dt.datetime] | None = current_app.extensions[_CLOSED_KEY]
    if closed is not None and closed[0] is portal and closed[1] <= now < closed[2]:
        return SupportStatus(now, False, closed[2])
    status = portal.support_status(now)
    if status.open is False and status.next_opening is not None:
        current_app.extensions[_CLOSED_KEY] = (portal, now, status.next_opening)
    return status
