"""Texts of the errors of password hashing and the blocklist adapters."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "weak_hash_parameters": Message(
        de="Der Argon2-Parameter „{field}“ ist mit {value} zu schwach. Bitte setzen Sie "
        "mindestens {minimum} (OWASP-Mindestwerte).",
        en="The argon2 parameter '{field}' is too weak at {value}. Please set at least "
        "{minimum} (OWASP minimum).",
    ),
    "blocklist_file_invalid": Message(
        de="Die Sperrliste „{path}“ ist in Zeile {line} keine UTF-8-Textdatei (Zeile 0: die "
        "ganze Datei). Bitte speichern Sie sie als UTF-8, unkomprimiert oder mit gzip.",
        en="The blocklist '{path}' is not UTF-8 text at line {line} (line 0: the whole file). "
        "Please save it as UTF-8, plain or gzip-compressed.",
    ),
    "breach_check_unavailable": Message(
        de="Der Dienst für gehackte Passwörter ({service}) ist gerade nicht erreichbar. Bitte "
        "versuchen Sie es in einigen Minuten erneut.",
        en="The breached-password service ({service}) cannot be reached right now. Please try "
        "again in a few minutes.",
    ),
}
