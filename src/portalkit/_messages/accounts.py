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
    "invalid_customer_number": Message(
        de="„{customer_number}“ ist keine gültige Kundennummer. Sie finden Ihre Kundennummer "
        "auf jeder Rechnung.",
        en="'{customer_number}' is not a valid customer number. You find your customer number "
        "on every invoice.",
    ),
    "invalid_token": Message(
        de="Dieser Link ist ungültig oder wurde schon benutzt ({purpose}). Bitte fordern Sie "
        "einen neuen an.",
        en="This link is invalid or was already used ({purpose}). Please request a new one.",
    ),
    "token_expired": Message(
        de="Dieser Link ist abgelaufen (gültig bis {expired_at}, {purpose}). Bitte fordern Sie "
        "einen neuen an.",
        en="This link has expired (valid until {expired_at}, {purpose}). Please request a new one.",
    ),
    "company_not_found": Message(
        de="Die Firma „{key}“ wurde nicht gefunden.",
        en="The company '{key}' was not found.",
    ),
    "user_not_found": Message(
        de="Der Benutzer „{user_id}“ wurde nicht gefunden.",
        en="The user '{user_id}' was not found.",
    ),
    "session_not_found": Message(
        de="Die Sitzung „{session_id}“ wurde nicht gefunden.",
        en="The session '{session_id}' was not found.",
    ),
    "access_request_not_found": Message(
        de="Die Zugangsanfrage „{request_id}“ wurde nicht gefunden.",
        en="The access request '{request_id}' was not found.",
    ),
    "email_outside_company_domains": Message(
        de="Die E-Mail-Adresse {email} gehört nicht zu Ihrer Firma. Erlaubt sind Adressen mit "
        "der Endung: {domains}.",
        en="The e-mail address {email} does not belong to your company. Allowed are addresses "
        "ending in: {domains}.",
    ),
    "email_taken": Message(
        de="Für die E-Mail-Adresse {email} gibt es schon ein Benutzerkonto.",
        en="There already is an account for the e-mail address {email}.",
    ),
    "customer_number_taken": Message(
        de="Die Kundennummer {customer_number} ist schon vergeben.",
        en="The customer number {customer_number} is already taken.",
    ),
    "user_limit_reached": Message(
        de="Ihre Firma hat schon die höchstmögliche Zahl von {limit} Benutzern. Deaktivieren "
        "Sie einen Benutzer oder wenden Sie sich an Ihre Ansprechperson der "
        "Servicegesellschaft.",
        en="Your company already has the maximum of {limit} users. Deactivate a user or "
        "contact your contact person at the service company.",
    ),
    "last_administrator": Message(
        de="Das geht nicht: Ihre Firma braucht mindestens einen aktiven Administrator. Bitte "
        "ernennen Sie zuerst einen weiteren Administrator oder wenden Sie sich an Ihre "
        "Ansprechperson der Servicegesellschaft.",
        en="This is not possible: your company needs at least one active administrator. "
        "Please appoint another administrator first or contact your contact person at the "
        "service company.",
    ),
    "company_closed": Message(
        de="Der Zugang dieser Firma ist geschlossen. Bitte wenden Sie sich an Ihre "
        "Ansprechperson der Servicegesellschaft.",
        en="This company's access is closed. Please contact your contact person at the "
        "service company.",
    ),
    "user_status_conflict": Message(
        de="Das ist im jetzigen Zustand des Benutzerkontos ({status}) nicht möglich.",
        en="This is not possible in the account's current state ({status}).",
    ),
    "grants_need_internal_company": Message(
        de="Einzelne Berechtigungen können nur interne Firmen der Unternehmensgruppe vergeben.",
        en="Only internal companies of the group can grant single permissions.",
    ),
    "invalid_credentials": Message(
        de="Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut oder setzen "
        "Sie Ihr Passwort zurück.",
        en="The user name or password is wrong. Please try again or reset your password.",
    ),
    "account_deactivated": Message(
        de="Ihr Benutzerkonto ist deaktiviert. Bitte wenden Sie sich an einen Administrator "
        "Ihrer Firma.",
        en="Your account is deactivated. Please contact an administrator of your company.",
    ),
    "account_not_activated": Message(
        de="Ihr Benutzerkonto ist noch nicht bestätigt. Bitte folgen Sie dem Link in unserer "
        "E-Mail oder registrieren Sie sich erneut.",
        en="Your account is not confirmed yet. Please follow the link in our e-mail or "
        "register again.",
    ),
    "login_method_disabled": Message(
        de="Die Anmeldung mit {method} ist in diesem Portal nicht vorgesehen.",
        en="Logging in with {method} is not offered by this portal.",
    ),
    "session_expired": Message(
        de="Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        en="Your session has expired. Please log in again.",
    ),
    "wrong_current_password": Message(
        de="Ihr bisheriges Passwort ist nicht richtig. Bitte geben Sie es erneut ein.",
        en="Your current password is not correct. Please enter it again.",
    ),
    "terms_not_accepted": Message(
        de="Bitte akzeptieren Sie die Nutzungsbedingungen und die Datenschutzerklärung.",
        en="Please accept the terms of use and the privacy notice.",
    ),
    "registration_mismatch": Message(
        de="Die Angaben passen nicht zu unseren Kundendaten. Bitte prüfen Sie Name und "
        "Kundennummer oder wenden Sie sich an unseren Kundenservice.",
        en="The details do not match our customer records. Please check the name and "
        "customer number or contact our customer service.",
    ),
    "registration_needs_invitation": Message(
        de="Ihre Firma hat schon einen Administrator. Bitte lassen Sie sich von ihm einladen.",
        en="Your company already has an administrator. Please ask them to invite you.",
    ),
    "domain_in_use": Message(
        de="Die Domain {domain} wird noch von {users} Benutzerkonten verwendet. Ändern oder "
        "löschen Sie diese zuerst.",
        en="The domain {domain} is still used by {users} accounts. Change or delete them first.",
    ),
    "operator_not_found": Message(
        de="Das Betriebskonto „{operator_id}“ wurde nicht gefunden.",
        en="The operator account '{operator_id}' was not found.",
    ),
    "operator_name_missing": Message(
        de="Bitte geben Sie den Namen der Mitarbeiterin oder des Mitarbeiters an.",
        en="Please enter the staff member's name.",
    ),
}
