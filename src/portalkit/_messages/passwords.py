"""Texts of the password policy: one per violation code, and the NIST compliance view."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "too_short": Message(
        de="Das Passwort hat {length} Zeichen, es braucht mindestens {minimum}. Verlängern Sie "
        "es, zum Beispiel mit einem weiteren Wort.",
        en="The password has {length} characters; it needs at least {minimum}. Make it longer, "
        "for example with another word.",
    ),
    "too_long": Message(
        de="Das Passwort hat {length} Zeichen, erlaubt sind höchstens {maximum}. Kürzen Sie es.",
        en="The password has {length} characters; at most {maximum} are allowed. Shorten it.",
    ),
    "missing_lowercase": Message(
        de="Das Passwort enthält keinen Kleinbuchstaben. Fügen Sie mindestens einen hinzu (a–z).",
        en="The password contains no lower-case letter. Add at least one (a–z).",
    ),
    "missing_uppercase": Message(
        de="Das Passwort enthält keinen Großbuchstaben. Fügen Sie mindestens einen hinzu (A–Z).",
        en="The password contains no upper-case letter. Add at least one (A–Z).",
    ),
    "missing_digit": Message(
        de="Das Passwort enthält keine Ziffer. Fügen Sie mindestens eine hinzu (0–9).",
        en="The password contains no digit. Add at least one (0–9).",
    ),
    "missing_special": Message(
        de="Das Passwort enthält kein Sonderzeichen. Fügen Sie mindestens eines hinzu, zum "
        "Beispiel ! ? % & # oder ein Leerzeichen.",
        en="The password contains no special character. Add at least one, for example "
        "! ? % & # or a space.",
    ),
    "sequence": Message(
        de="Das Passwort enthält die Zeichenfolge „{text}“. Vermeiden Sie Reihen wie ABC oder 123.",
        en="The password contains the run '{text}'. Avoid runs such as ABC or 123.",
    ),
    "keyboard_sequence": Message(
        de="Das Passwort enthält „{text}“, nebeneinanderliegende Tasten der Tastatur "
        "({layout}). Vermeiden Sie Tastenreihen wie QWERTZ oder ASDF.",
        en="The password contains '{text}', keys next to each other on the keyboard "
        "({layout}). Avoid key runs such as QWERTY or ASDF.",
    ),
    "personal_data": Message(
        de="Das Passwort enthält „{text}“ aus Ihren persönlichen Daten (Name, Firma, "
        "E-Mail-Adresse, Kundennummer oder Geburtstag). Lassen Sie diesen Teil weg.",
        en="The password contains '{text}' from your personal data (name, company, e-mail "
        "address, customer number or birthday). Leave that part out.",
    ),
    "blocklisted": Message(
        de="Dieses Passwort ist zu bekannt: Es steht auf einer Liste häufig benutzter oder "
        "gestohlener Passwörter. Wählen Sie ein anderes.",
        en="This password is too well known: it is on a list of common or stolen passwords. "
        "Choose another one.",
    ),
    "recently_used": Message(
        de="Sie haben dieses Passwort vor Kurzem schon benutzt. Wählen Sie eines, das Sie bei "
        "Ihren letzten {count} Passwörtern nicht verwendet haben.",
        en="You have used this password recently. Choose one that was not among your last "
        "{count} passwords.",
    ),
    "password_rejected": Message(
        de="Bitte wählen Sie ein anderes Passwort.",
        en="Please choose a different password.",
    ),
}

COMPLIANCE = {
    "nist.min_length": Message(
        de="Mindestlänge 15 Zeichen (8 nur mit zweitem Faktor)",
        en="Minimum length 15 characters (8 only with a second factor)",
    ),
    "nist.min_length.met": Message(
        de="Die Mindestlänge ist {minimum}, verlangt sind {required}.",
        en="The minimum length is {minimum}; {required} are required.",
    ),
    "nist.min_length.broken": Message(
        de="Die Mindestlänge ist {minimum}, verlangt sind {required}.",
        en="The minimum length is {minimum}; {required} are required.",
    ),
    "nist.max_length": Message(
        de="Mindestens 64 Zeichen erlauben",
        en="Permit at least 64 characters",
    ),
    "nist.max_length.met": Message(
        de="Erlaubt sind bis zu {maximum} Zeichen.",
        en="Up to {maximum} characters are allowed.",
    ),
    "nist.max_length.broken": Message(
        de="Erlaubt sind nur {maximum} Zeichen.",
        en="Only {maximum} characters are allowed.",
    ),
    "nist.printing_characters": Message(
        de="Alle druckbaren ASCII-Zeichen und das Leerzeichen annehmen",
        en="Accept all printing ASCII characters and the space",
    ),
    "nist.printing_characters.met": Message(
        de="Kein Zeichen wird abgelehnt.",
        en="No character is refused.",
    ),
    "nist.unicode": Message(
        de="Unicode-Zeichen annehmen; jeder Codepunkt zählt als ein Zeichen",
        en="Accept Unicode characters; each code point counts as one character",
    ),
    "nist.unicode.met": Message(
        de="Unicode wird angenommen; die Länge zählt Codepunkte nach der Normalisierung.",
        en="Unicode is accepted; the length counts code points after normalisation.",
    ),
    "nist.normalization": Message(
        de="Unicode vor Prüfung und Hashing normalisieren (NFKC oder NFKD)",
        en="Normalise Unicode (NFKC or NFKD) before checking and hashing",
    ),
    "nist.normalization.met": Message(
        de="Passwörter werden nach NFKC normalisiert.",
        en="Passwords are normalised to NFKC.",
    ),
    "nist.no_composition_rules": Message(
        de="Keine weiteren Zusammensetzungsregeln",
        en="No other composition rules",
    ),
    "nist.no_composition_rules.met": Message(
        de="Es gibt keine Regeln zur Zusammensetzung.",
        en="There are no composition rules.",
    ),
    "nist.no_composition_rules.broken": Message(
        de="Die Richtlinie verlangt oder verbietet Bestandteile: {rules}.",
        en="The policy requires or forbids parts: {rules}.",
    ),
    "nist.blocklist": Message(
        de="Neue Passwörter mit einer Sperrliste häufiger, erwartbarer oder gestohlener "
        "Passwörter vergleichen",
        en="Compare new passwords with a blocklist of common, expected or compromised passwords",
    ),
    "nist.blocklist.met": Message(
        de="Eine Sperrliste ist eingerichtet; verglichen wird das ganze Passwort.",
        en="A blocklist is configured; the whole password is compared.",
    ),
    "nist.blocklist.broken": Message(
        de="Es ist keine Sperrliste eingerichtet.",
        en="No blocklist is configured.",
    ),
    "nist.no_truncation": Message(
        de="Das ganze Passwort prüfen, nie kürzen",
        en="Verify the entire password; never truncate it",
    ),
    "nist.no_truncation.met": Message(
        de="portalkit kürzt Passwörter nie; zu lange werden abgelehnt.",
        en="portalkit never truncates passwords; too long ones are refused.",
    ),
    "nist.no_periodic_change": Message(
        de="Keinen regelmäßigen Passwortwechsel verlangen",
        en="Do not require periodic password changes",
    ),
    "nist.no_periodic_change.met": Message(
        de="Passwörter laufen nicht ab.",
        en="Passwords do not expire.",
    ),
    "nist.report": Message(
        de="NIST SP 800-63B-4 §3.1.1.2: {met} von {total} Anforderungen erfüllt.",
        en="NIST SP 800-63B-4 §3.1.1.2: {met} of {total} requirements met.",
    ),
    "nist.status.met": Message(de="erfüllt", en="met"),
    "nist.status.broken": Message(de="nicht erfüllt", en="not met"),
    "nist.rule.lowercase": Message(de="Kleinbuchstabe", en="lower-case letter"),
    "nist.rule.uppercase": Message(de="Großbuchstabe", en="upper-case letter"),
    "nist.rule.digit": Message(de="Ziffer", en="digit"),
    "nist.rule.special": Message(de="Sonderzeichen", en="special character"),
    "nist.rule.sequence": Message(de="keine Reihen wie ABC", en="no runs such as ABC"),
    "nist.rule.keyboard_sequence": Message(
        de="keine Tastenreihen wie QWERTZ", en="no key runs such as QWERTY"
    ),
    "nist.rule.personal_data": Message(
        de="keine persönlichen Daten als Teil", en="no personal data as a part"
    ),
}
"""Texts of the NIST SP 800-63B compliance view; not error codes, so not in the catalog."""
