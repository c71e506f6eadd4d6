"""Languages: German first, English second, chosen by link, cookie or the browser.

Page texts are gettext messages with English source strings, translated in the German
catalog under ``translations/`` (see ``docs/portal.md`` for why). Error texts of the core come
from portalkit's own code-keyed catalog (:meth:`portalkit.PortalkitError.message`).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Callable
from typing import Final

from flask import Flask, Response, current_app, g, redirect, request, url_for
from flask_babel import Babel, format_date
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from portalkit._i18n import DEFAULT_LANGUAGE, LANGUAGES, Language
from portalkit.adapters.flask._formatting import moment
from portalkit.adapters.flask._requests import add_vary
from portalkit.adapters.flask._text import catalog, catalog_of

__all__ = ["LANGUAGE_PARAMETER", "current_language", "init_i18n"]

LANGUAGE_PARAMETER: Final = "lang"
"""The query parameter that switches the language (``?lang=en``)."""

_COOKIE_MAX_AGE: Final = dt.timedelta(days=365)
LANGUAGE_NAMES: Final[dict[Language, str]] = {"de": "Deutsch", "en": "English"}


def current_language() -> Language:
    """Return the language of the current request (German outside a request)."""
    language: Language = g.get("language", DEFAULT_LANGUAGE)
    return language


def _as_language(value: str | None) -> Language | None:
    for language in LANGUAGES:
        if value == language:
            return language
    return None


def _choose_language() -> Response | None:
    current = request._get_current_object()  # type: ignore[attr-defined]  # once, not per use
    # Without a query string there are no arguments to parse for ?lang=.
    asked = _as_language(current.args.get(LANGUAGE_PARAMETER)) if current.query_string else None
    if asked is not None:
        g.language = g.remember_language = asked
        # A clean address without ?lang=: reloads and bookmarks keep the chosen language
        # through the cookie, and the back button does not switch languages.
        if request.method in {"GET", "HEAD"} and request.endpoint:
            rest = [
                (key, value)
                for key, value in request.args.items(multi=True)
                if key != LANGUAGE_PARAMETER
            ]
            target = url_for(request.endpoint, **(request.view_args or {}))
            if rest:
                target += "?" + urllib.parse.urlencode(rest)
            return redirect(target, 303)  # type: ignore[return-value]  # a Response subclass
        return None
    cookie = _as_language(current.cookies.get(current_app.config["LANGUAGE_COOKIE_NAME"]))
    g.language = cookie or _accepted(current.headers.get("Accept-Language")) or DEFAULT_LANGUAGE
    return None


ACCEPTED_KEPT: Final = 1024
"""At most this many ``Accept-Language`` headers with the language each asks for, kept."""

_ACCEPTED: dict[str | None, Language | None] = {}


def _accepted(header: str | None) -> Language | None:
    # The browser's header is the same on every request of a visit: its best match, as
    # request.accept_languages finds it, is looked for once per header.
    if header in _ACCEPTED:
        return _ACCEPTED[header]
    found = _as_language(parse_accept_header(header, LanguageAccept).best_match(LANGUAGES))
    if len(_ACCEPTED) >= ACCEPTED_KEPT:
        _ACCEPTED.clear()
    _ACCEPTED[header] = found
    return found


def _remember_language(response: Response) -> Response:
    language = g.get("remember_language")
    if language is not None:
        config = current_app.config
        response.set_cookie(
            config["LANGUAGE_COOKIE_NAME"],
            language,
            max_age=_COOKIE_MAX_AGE,
            path="/",
            secure=config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    add_vary(response, _VARY)
    return response


_VARY: Final = ("Cookie", "Accept-Language")


def _template_values(language: Language) -> dict[str, object]:
    other: Language = "en" if language == "de" else "de"
    return {
        "language": language,
        "other_language": other,
        "other_language_name": LANGUAGE_NAMES[other],
        "language_switch_url": f"?{LANGUAGE_PARAMETER}={other}",
    }


def _template_gettext(text: str) -> str:
    return str(catalog().ugettext(text))


def _template_ngettext(singular: str, plural: str, num: int) -> str:
    return str(catalog().ungettext(singular, plural, num))


def _template_pgettext(context: str, text: str) -> str:
    return str(catalog().upgettext(context, text))


def _template_npgettext(context: str, singular: str, plural: str, num: int) -> str:
    return str(catalog().unpgettext(context, singular, plural, num))


@pass_context
def _gettext_in_template(context: Context, text: str, /, **variables: object) -> str:
    translated: str = catalog().ugettext(text)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    # As Jinja's newstyle gettext: a format string even without variables.
    return translated % variables


TEXTS_KEPT: Final = 2048
"""Per app and language, at most this many finished template texts without variables."""

TRANSLATORS_KEY: Final = "portalkit.translators"
"""Where an app keeps its templates' language values and ``_()`` per language in
``app.extensions``."""


def _translator(language: Language) -> Callable[..., str]:
    # The layout's thirty texts are the same on every page: each language's finished text
    # (translated, marked safe, formatted) is kept, so that a text costs one look-up.
    translations = catalog_of(language)
    kept: dict[tuple[str, bool], str] = {}

    @pass_context
    def translate(context: Context, text: str, /, **variables: object) -> str:
        autoescape: bool = context.eval_ctx.autoescape
        if not variables:
            found = kept.get((text, autoescape))
            if found is not None:
                return found
        translated: str = translations.ugettext(text)
        if autoescape:
            translated = Markup(translated)
        finished = translated % variables
        if not variables and len(kept) < TEXTS_KEPT:
            kept[(text, autoescape)] = finished
        return finished

    return translate


def _language_values() -> dict[str, object]:
    # The page's language, the switch to the other one and the context's _() (which wins
    # over the global one: the language's own, found once per page rather than once per text;
    # macros imported without context keep the global one). The values depend only on the
    # language: one dictionary per app and language, which Flask copies into each context.
    language = current_language()
    kept: dict[str, dict[str, object]] = current_app.extensions[TRANSLATORS_KEY]
    found = kept.get(language)
    if found is None:
        translate = _translator(language)
        found = kept[language] = {
            **_template_values(language),
            "_": translate,
            "gettext": translate,
        }
    return found


def init_i18n(app: Flask) -> None:
    """Set up Flask-Babel and the language choice on *app*."""
    Babel(app, locale_selector=current_language)
    # The templates' _() and friends as Flask-Babel installs them, but on the catalog kept per
    # language (see _text.catalog) rather than one found anew for every string.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # the i18n extension
        gettext=_template_gettext,
        ngettext=_template_ngettext,
        newstyle=True,
        pgettext=_template_pgettext,
        npgettext=_template_npgettext,
    )
    app.before_request(_choose_language)
    app.after_request(_remember_language)
    app.extensions[TRANSLATORS_KEY] = {}
    app.context_processor(_language_values)
    # Jinja's own _() resolves gettext and calls it through two context layers; this one does
    # what they do (translate, mark safe under autoescape, always format) in one call.
    app.jinja_env.globals.update(
        _=_gettext_in_template,
        gettext=_gettext_in_template,
        format_date=format_date,
        format_moment=moment,
    )
