"""Texts of the deadline rules: quarters, pauses, link lifetimes and retention."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "negative_period": Message(
        de="„{field}“ darf nicht negativ sein (angegeben: {value}).",
        en="'{field}' must not be negative (given: {value}).",
    ),
    "not_a_quarter_start": Message(
        de="Der {day} ist kein Quartalsbeginn. Quartale beginnen am 01.01., 01.04., 01.07. "
        "und 01.10.",
        en="{day} is not the start of a quarter. Quarters start on 1 January, 1 April, 1 July "
        "and 1 October.",
    ),
    "pause_too_long": Message(
        de="Eine Pause darf höchstens 3 Monate dauern. Die ab dem {start} pausierte Leistung "
        "muss spätestens am {limit} wieder beginnen, nicht erst am {end}. Bitte wählen Sie ein "
        "früheres Ende.",
        en="A pause may last at most 3 months. The service paused from {start} must resume by "
        "{limit} at the latest, not on {end}. Please choose an earlier end.",
    ),
    "pause_ends_before_start": Message(
        de="Die Pause muss nach ihrem Beginn ({start}) enden, nicht am {end}. Bitte wählen Sie "
        "ein späteres Ende.",
        en="The pause must end after it starts ({start}), not on {end}. Please choose a later end.",
    ),
    "lifetime_not_positive": Message(
        de="Die Gültigkeitsdauer für „{purpose}“ muss größer als null sein (angegeben: "
        "{lifetime}).",
        en="The lifetime of '{purpose}' must be greater than zero (given: {lifetime}).",
    ),
    "unknown_link_purpose": Message(
        de="Einen Link für „{purpose}“ gibt es nicht. Bekannt sind: {known}.",
        en="There is no link for '{purpose}'. Known purposes: {known}.",
    ),
    "unknown_document_class": Message(
        de="Die Dokumentart „{kind}“ ist im Aufbewahrungsplan nicht verzeichnet. Bekannt sind: "
        "{known}.",
        en="The document class '{kind}' is not in the retention schedule. Known classes: {known}.",
    ),
    "duplicate_document_class": Message(
        de="Die Dokumentart „{kind}“ steht mehrfach im Aufbewahrungsplan.",
        en="The document class '{kind}' appears more than once in the retention schedule.",
    ),
}
