"""Texts of the calendar rules: working days and business hours."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "calendar_out_of_range": Message(
        de="Für den {day} lässt sich das nicht berechnen: der Kalender kennt die Feiertage nur "
        "vom {first} bis zum {last}. Bitte wählen Sie ein Datum oder eine Frist in diesem "
        "Zeitraum.",
        en="This cannot be computed for {day}: the calendar knows the holidays only from {first} "
        "to {last}. Please choose a date or a deadline within this period.",
    ),
    "calendar_unknown_state": Message(
        de="„{state}“ ist kein Bundesland. Bitte verwenden Sie eines der Kürzel {states}.",
        en="'{state}' is not a German state. Please use one of the codes {states}.",
    ),
}
