"""Message templates in German and English, and their rendering.

portalkit keys its texts by stable machine-readable codes rather than by English source strings
(as gettext does): German is the portal's first language, not a translation, and a code-keyed
table lets one test prove that every code has both texts with the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from typing import Final, Literal, get_args

import attrs

Language = Literal["de", "en"]
"""A language portalkit speaks: German first, English second."""

LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "de"


@attrs.frozen
class Message:
    """The German and English template of one message code.

    Templates use :meth:`str.format` fields named after the parameters of the error or
    violation, for example ``"mindestens {minimum} Zeichen"``.
    """

    de: str
    en: str

    def template(self, language: Language) -> str:
        """Return the template for *language*."""
        return self.de if language == "de" else self.en

    def fields(self, language: Language) -> frozenset[str]:
        """Return the names of the placeholders used by the template for *language*."""
        return frozenset(
            name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(self.template(language))
            if name
        )


def format_value(value: object, language: Language) -> object:
    """Format one parameter the way a reader of *language* expects it.

    Dates read ``31.12.2033`` in German and ``2033-12-31`` in English; datetimes add the wall
    time and offset. Sequences are joined with commas. Other values pass through unchanged.
    """
    if isinstance(value, dt.datetime):
        if language == "de":
            return value.strftime("%d.%m.%Y %H:%M") + (
                value.strftime(" %Z") if value.tzinfo else ""
            )
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if language == "de" else value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return ", ".join(str(format_value(item, language)) for item in items)
    return value


def render(message: Message, language: Language, params: Mapping[str, object] | None = None) -> str:
    """Fill *message*'s template for *language* with *params*.

    Raises:
        ValueError: if *language* is not one of :data:`LANGUAGES`.
        KeyError: if the template names a parameter that *params* lacks.
    """
    if language not in LANGUAGES:
        msg = f"unsupported language {language!r}; use one of {LANGUAGES}"
        raise ValueError(msg)
    values = {key: format_value(value, language) for key, value in (params or {}).items()}
    return message.template(language).format(**values)
