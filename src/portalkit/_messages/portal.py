"""Texts of the reference portal's own errors: configuration refused at start-up."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "portal_setting_invalid": Message(
        de="Die Einstellung {setting} hat einen ungültigen Wert. Bitte prüfen Sie die "
        "Konfiguration (Instanz-Datei portalkit.toml oder Umgebungsvariable PORTALKIT_{setting}).",
        en="The setting {setting} has an invalid value. Please check the configuration "
        "(instance file portalkit.toml or environment variable PORTALKIT_{setting}).",
    ),
    "portal_secret_key_insecure": Message(
        de="Im Produktivbetrieb braucht das Portal einen geheimen Schlüssel mit mindestens "
        "{minimum} Zeichen. Setzen Sie PORTALKIT_SECRET_KEY, zum Beispiel auf die Ausgabe von "
        "„python -c 'import secrets; print(secrets.token_hex(32))'“, oder starten Sie zum "
        "Entwickeln mit PORTALKIT_ENVIRONMENT=development.",
        en="In production the portal needs a secret key of at least {minimum} characters. Set "
        "PORTALKIT_SECRET_KEY, for example to the output of "
        "'python -c \"import secrets; print(secrets.token_hex(32))\"', or start with "
        "PORTALKIT_ENVIRONMENT=development for local development.",
    ),
    "portal_base_url_invalid": Message(
        de="Die Einstellung BASE_URL muss eine vollständige Adresse wie "
        "https://portal.example.de sein (im Produktivbetrieb mit https, ohne ? und #); "
        "gesetzt ist „{value}“. Links in E-Mails werden nur aus dieser Adresse gebildet.",
        en="The setting BASE_URL must be a full address such as https://portal.example.com "
        "(https in production, without ? and #); it is '{value}'. Links in e-mails are built "
        "from this address only.",
    ),
    "portal_environment_unknown": Message(
        de="Die Einstellung ENVIRONMENT ist „{value}“; erlaubt sind {choices}.",
        en="The setting ENVIRONMENT is '{value}'; allowed are {choices}.",
    ),
}
