"""Texts of the errors every area shares."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "error": Message(
        de="Es ist ein Fehler aufgetreten.",
        en="An error occurred.",
    ),
    "invalid_value": Message(
        de="Der Wert für „{field}“ ist ungültig.",
        en="The value for '{field}' is invalid.",
    ),
    "not_found": Message(
        de="{what} wurde nicht gefunden.",
        en="{what} was not found.",
    ),
    "permission_denied": Message(
        de="Dazu fehlt Ihnen die Berechtigung.",
        en="You are not allowed to do this.",
    ),
    "conflict": Message(
        de="Die Änderung steht im Widerspruch zu einer anderen Änderung. Bitte laden Sie die "
        "Seite neu und versuchen Sie es erneut.",
        en="The change conflicts with another change. Please reload and try again.",
    ),
    "naive_datetime": Message(
        de="Der Zeitpunkt „{field}“ braucht eine Zeitzone.",
        en="The point in time '{field}' needs a time zone.",
    ),
}
