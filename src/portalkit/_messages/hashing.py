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
}
