"""Small display helpers shared by the areas: durations, states, skipped days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from flask import current_app, has_app_context
from flask_babel import format_date, format_time, get_locale

from portalkit._i18n import Language
from portalkit.adapters.flask._text import gettext, ngettext
from portalkit.calendar import NonWorkingDay
from portalkit.calendar.working_days import CLOSING_REASON, WEEKDAY_NAMES

STATE_NAMES: Final[dict[str, tuple[str, str]]] = {
    "BB": ("Brandenburg", "Brandenburg"),
    "BE": ("Berlin", "Berlin"),
    "BW": ("Baden-Württemberg", "Baden-Württemberg"),
    "BY": ("Bayern", "Bavaria"),
    "HB": ("Bremen", "Bremen"),
    "HE": ("Hessen", "Hesse"),
    "HH": ("Hamburg", "Hamburg"),
    "MV": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    "NI": ("Niedersachsen", "Lower Saxony"),
    "NW": ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "RP": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "SH": ("Schleswig-Holstein", "Schleswig-Holstein"),
    "SL": ("Saarland", "Saarland"),
    "SN": ("Sachsen", "Saxony"),
    "ST": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "TH": ("Thüringen", "Thuringia"),
}


def state_name(state: str | None, language: Language) -> str | None:
    """Return the name of a German state code in *language*, ``None`` for nationwide."""
    if state is None:
        return None
    german, english = STATE_NAMES.get(state, (state, state))
    return german if language == "de" else english


def duration(value: dt.timedelta) -> str:
    """Return *value* in whole days from two days on, else in hours or minutes (24 hours)."""
    seconds = int(value.total_seconds())
    if seconds % 86400 == 0 and seconds >= 2 * 86400:
        days = seconds // 86400
        return ngettext("%(num)d day", "%(num)d days", days)
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(num)d hour", "%(num)d hours", hours)
    minutes = max(1, seconds // 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def skipped_reason(day: NonWorkingDay) -> str:
    """Return why *day* does not count: its holidays by name (German proper names), or its
    weekday in the page's language."""
    named = [
        gettext("company closing day") if reason == CLOSING_REASON else reason
        for reason in day.reasons
        if reason not in WEEKDAY_NAMES
    ]
    return ", ".join(named) if named else str(format_date(day.day, "EEEE"))


MOMENTS_KEY: Final = "portalkit.moments"
"""Where an app keeps the texts :func:`moment` has made, in ``app.extensions``."""

MOMENTS_KEPT: Final = 4096
"""How many texts of :func:`moment` an app keeps; beyond that it starts afresh."""


def moment(value: dt.datetime) -> str:
    """Return *value* as a full date with the wall time, in the page's language.

    Babel's formatting of one instant costs about as much as the rest of a list row, and the
    same instants (a ticket's last change, the next opening of support) come back on every
    request: each app keeps the texts by instant and locale (its time zone is fixed).
    """
    return moments()(value)


def moments() -> Callable[[dt.datetime], str]:
    """Return :func:`moment` for the instants of one page: app and locale looked up once."""
    if not has_app_context():
        return _moment
    kept: dict[tuple[dt.datetime, str], str] = current_app.extensions.setdefault(MOMENTS_KEY, {})
    locale = str(get_locale())

    def format_moment(value: dt.datetime) -> str:
        key = (value, locale)
        text = kept.get(key)
        if text is None:
            if len(kept) >= MOMENTS_KEPT:
                kept.clear()
            text = kept[key] = _moment(value)
        return text

    return format_moment


def _moment(value: dt.datetime) -> str:
    return f"{format_date(value, 'full')}, {format_time(value, 'short')}"
