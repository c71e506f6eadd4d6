"""Typed doors to Flask-Babel's gettext functions (the package ships no type hints).

The names stay ``gettext`` and ``ngettext`` so that Babel's extraction finds the calls.
"""

from __future__ import annotations

import flask_babel


def gettext(text: str, **variables: object) -> str:
    """Return *text* translated into the page's language, with ``%(name)s`` filled in."""
    return str(flask_babel.gettext(text, **variables))


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Return the singular or plural text for *num* in the page's language."""
    return str(flask_babel.ngettext(singular, plural, num, **variables))
