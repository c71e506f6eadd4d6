"""Texts of the account area: companies, users, roles, e-mail domains, logins, tokens."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "invalid_email_address": Message(
        de="„{address}“ ist keine gültige E-Mail-Adresse ({reason}). Bitte prüfen Sie die "
        "Schreibweise.",
        en="'{address}' is not a valid e-mail address ({reason}). Please check the spelling.",
    ),
    "invalid_email_domain": Message(
        de="„{domain}“ ist kein gültiger Domainname. Bitte prüfen Sie die Schreibweise.",
        en="'{domain}' is not a valid domain name. Please check the spelling.",
    ),
    "action_not_allowed": Message(
        de="Dazu fehlt Ihnen die Berechtigung (Aktion „{action}“, Grund: {reason}). Bitte "
        "wenden Sie sich an einen Administrator Ihrer Firma.",
        en="You are not allowed to do this (action '{action}', reason: {reason}). Please ask "
        "an administrator of your company.",
    ),
}
