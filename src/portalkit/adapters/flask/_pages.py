"""Whole pages kept by what they show: a page rendered once is handed out again, unchanged.

A list page is a function of a few values: its rows, the language, the visitor, whether
support is open, the address. :func:`render_kept` renders the page the first time and keeps it
in the app under a key made of exactly those values; a request with the same key gets the kept
text, with the one thing that belongs to the request, its form token, put in. Nothing is kept
that the key does not describe, so nothing can go stale: new data make new rows and a new key.

What the key holds, and why each part is needed:

- the template and the view's own key (its rows and settings, given by the view);
- the address root, the endpoint and the path with its query (``url_for``, the navigation's
  current link, and templates reading ``request.args``);
- the language (every text), the signed-in user (the navigation by role, "you"), whether the
  tickets and services links are shown, whether the development mails are;
- whether support is open and when it opens next (the footer), but not the instant of asking,
  which changes every request and is not shown.

Two things are never kept: pages of a request with flash messages (rendering removes them from
the session) and pages in which the request's form token shows up anyway (a macro that took the
global ``csrf_token`` rather than the page's: the page would carry one session's token).

The layout's values come from the context processors; :data:`LAYOUT_VALUES` names every value
they give, and a test fails when a processor gives one this module has not decided about.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Final

from flask import Flask, current_app, render_template, request, session

from portalkit.adapters.flask.security import csrf_token

__all__ = ["LAYOUT_VALUES", "PAGES_KEPT", "PAGES_KEY", "init_pages", "render_kept"]

PAGES_KEY: Final = "portalkit.pages"
"""Where an app keeps its pages in ``app.extensions``: a dictionary and the token placeholder."""

PAGES_KEPT: Final = 1024
"""At most this many pages per app, a few kilobytes each; when full, the app starts afresh."""

LAYOUT_VALUES: Final = frozenset(
    {
        # In the key: what the layout shows of them.
        "language",
        "user",
        "support",
        "uses_tickets",
        "may_view_services",
        "dev_mails",
        # Functions of the language, which is in the key.
        "_",
        "gettext",
        "other_language",
        "other_language_name",
        "language_switch_url",
        "portal_name",
        # The app's settings: the same for every request of an app.
        "support_phone",
        "support_email",
        # The operators' layout only; customer pages do not read them.
        "operator",
        "operator_links",
        # Flask-WTF's: the page's form token is put in per request; a page in which the
        # token shows up otherwise (the meta tag) is not kept.
        "csrf_token",
        "csrf_meta_tag",
        # Flask's own, covered by the address and the view's key.
        "g",
        "request",
    }
)
"""Every name the context processors give templates; see the module's description."""


def init_pages(app: Flask) -> None:
    """Give *app* an empty page store and its own placeholder for form tokens."""
    # A random placeholder: no text a visitor types can contain it by chance or on purpose.
    app.extensions[PAGES_KEY] = ({}, f"csrf-{secrets.token_hex(16)}")


def render_kept(template: str, key: Hashable, context: Callable[[], Mapping[str, Any]], /) -> str:
    """Render *template* as :func:`flask.render_template` would, or hand out the kept page.

    Args:
        template: the template's name.
        key: the data the page shows, hashable (frozen records, tuples, texts). Values equal
            under ``==`` must render alike: records and texts as the store gives them, not a
            text that is ``Markup`` in one call and ``str`` in another.
        context: makes the template's values from the data, called only when the page is
            rendered: a kept page costs neither the rendering nor the preparing.
    """
    if "_flashes" in session:
        return render_template(template, **context())
    pages, placeholder = current_app.extensions[PAGES_KEY]
    # The processors' values as the rendering would get them (it asks them again on a miss).
    values: dict[str, Any] = {}
    current_app.update_template_context(values)
    support = values["support"]
    full_key = (
        template,
        key,
        request.script_root,
        request.endpoint,
        request.full_path,
        values["language"],
        values["user"],
        values["uses_tickets"],
        values["may_view_services"],
        values["dev_mails"],
        support.open,
        support.next_opening,
    )
    parts: tuple[str, ...] | None = pages.get(full_key)
    if parts is None:
        page = render_template(template, **{**context(), "csrf_token": lambda: placeholder})
        token = csrf_token()
        if token in page:
            # A macro took the global csrf_token(): the page is this session's alone. Served
            # with the token everywhere, as a plain rendering would be, and not kept.
            return page.replace(placeholder, token)
        parts = tuple(page.split(placeholder))
        if len(pages) >= PAGES_KEPT:
            pages.clear()
        pages[full_key] = parts
    if len(parts) == 1:
        return parts[0]
    token = csrf_token()
    return token.join(parts)
