"""Typed doors to the page texts' translations (Flask-Babel ships no type hints).

The names stay ``gettext``, ``ngettext`` and ``lazy_gettext`` so that Babel's extraction finds
the calls.

Flask-Babel finds the catalog anew for every string (its request context, the domain, the
locale, the locale's name as the cache key): a page of 50 texts paid more for that than for its
SQL. :func:`catalog` keeps each language's catalog in the app and picks it by the request's
language, one dictionary look-up per string.
"""

from __future__ import annotations

from typing import Any, Final

import flask_babel
from babel.support import NullTranslations
from flask import current_app, g, has_app_context
from flask_babel.speaklater import LazyString

from portalkit._i18n import DEFAULT_LANGUAGE

CATALOGS_KEY: Final = "portalkit.catalogs"
"""Where an app keeps its catalogs, by language, in ``app.extensions``."""


def catalog() -> NullTranslations:
    """Return the page texts' catalog of the request's language.

    Each app loads a language's catalog once, through Flask-Babel (its folders, its merging),
    and keeps it in ``app.extensions``: apps do not share catalogs, and the language is read
    per call, so a language switch takes effect with the next string. Outside an app context
    (no language) this is Flask-Babel's untranslated fallback.
    """
    if not has_app_context():
        fallback: NullTranslations = flask_babel.get_translations()
        return fallback
    return catalog_of(g.get("language", DEFAULT_LANGUAGE))


def catalog_of(language: str) -> NullTranslations:
    """Return the current app's page texts' catalog of *language*, loaded once per app."""
    catalogs: dict[str, NullTranslations] = current_app.extensions.setdefault(CATALOGS_KEY, {})
    found = catalogs.get(language)
    if found is None:
        with flask_babel.force_locale(language):
            found = catalogs[language] = flask_babel.get_translations()
    return found


def gettext(text: str, **variables: object) -> str:
    """Return *text* translated into the page's language, with ``%(name)s`` filled in."""
    translated = catalog().ugettext(text)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Return the singular or plural text for *num* in the page's language."""
    variables.setdefault("num", num)
    return catalog().ungettext(singular, plural, num) % variables


def lazy_gettext(text: str, **variables: object) -> Any:
    """Return *text* to be translated when it is shown (form labels and messages).

    The result is Flask-Babel's lazy string (WTForms and Jinja know it), but translated by
    :func:`gettext`. Typed ``Any`` as WTForms' stubs expect plain strings there.
    """
    return LazyString(gettext, text, **variables)
