"""The shared layout's parts that do not change from request to request, kept per app.

The navigation's links depend only on the address root (``SCRIPT_NAME``), the language, the
kind of visitor (signed in or not, administrator, who sees tickets and services), whether the
development mails are shown and which of the links is the current page. Rendering them cost
17 ``url_for`` calls and a dozen translations per page; :func:`site_links` renders them once
per such combination and keeps the result in ``app.extensions``.
"""

from __future__ import annotations

from typing import Final

from flask import Flask, current_app, request
from markupsafe import Markup

from portalkit.adapters.flask.i18n import current_language

__all__ = ["LINKS_KEPT", "SITE_LINKS_KEY", "init_layout", "site_links"]

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
    """Offer :func:`site_links` to *app*'s templates, with an empty store of renderings."""
    app.extensions[SITE_LINKS_KEY] = {}
    app.jinja_env.globals["site_links"] = site_links
