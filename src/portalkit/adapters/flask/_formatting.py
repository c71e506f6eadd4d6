"""Small display helpers shared by the areas: durations, states, skipped days."""

from __future__ import annotations

import datetime as dt
from typing import Final

from flask_babel import format_date, format_time

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


def moment(value: dt.datetime) -> str:
    """Return *value* as a full date with the wall time, in the page's language."""
    return f"{format_date(value, 'full')}, {format_time(value, 'short')}"
