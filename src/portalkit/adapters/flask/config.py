"""The portal's configuration: defaults, instance file, environment, and what is refused.

Settings are read in this order, later ones winning: :data:`DEFAULTS`, the instance folder's
``portalkit.toml``, environment variables ``PORTALKIT_<SETTING>`` (values parsed as JSON where
they parse, as Flask's ``from_prefixed_env`` does), and the mapping given to
:func:`~portalkit.adapters.flask.create_app`. :func:`finish_config` then checks them and derives
the security settings, so that a portal never starts half-configured.
"""

from __future__ import annotations

import email.utils
import os
import secrets
import tomllib
import urllib.parse
from collections.abc import Mapping
from typing import Any, Final, Literal

from flask import Config

from portalkit._errors import InvalidValueError
from portalkit.adapters.flask.storage import STORAGES, resolve_database

__all__ = [
    "CONFIG_FILE",
    "DEFAULTS",
    "ENVIRONMENTS",
    "MIN_SECRET_KEY_LENGTH",
    "BaseUrlError",
    "InsecureSecretKeyError",
    "PortalConfigurationError",
    "UnknownEnvironmentError",
    "finish_config",
    "load_config",
]

Environment = Literal["production", "development"]
ENVIRONMENTS: Final[tuple[Environment, ...]] = ("production", "development")

CONFIG_FILE: Final = "portalkit.toml"
"""The settings file in the instance folder (TOML, upper-case keys), read if it exists."""

MIN_SECRET_KEY_LENGTH: Final = 32
"""The shortest secret key accepted in production (32 characters, e.g. 16 random bytes hex)."""

DEVELOPMENT_BASE_URL: Final = "http://127.0.0.1:5000"

DEFAULTS: Final[Mapping[str, object]] = {
    # "production" unless said otherwise: a forgotten setting must fail safe. ``None`` means
    # "development when Flask's debug mode is on, production otherwise".
    "ENVIRONMENT": None,
    "SECRET_KEY": None,
    # Links in e-mails are built from here, never from the request's Host header.
    "BASE_URL": None,
    # Host names the portal answers to; ``None``: the host of BASE_URL (plus 127.0.0.1 and
    # localhost in development).
    "TRUSTED_HOSTS": None,
    # Reverse proxies in front of the portal whose X-Forwarded-For and X-Forwarded-Proto are
    # trusted (0: none). X-Forwarded-Host never is: BASE_URL and TRUSTED_HOSTS decide.
    "PROXY_COUNT": 0,
    # Shown in the header; ``None``: "Kundenportal" / "Customer portal".
    "PORTAL_NAME": None,
    "SUPPORT_PHONE": None,
    "SUPPORT_EMAIL": None,
    # The federal state whose public holidays close support and count for Werktage; empty or
    # ``None`` for the nationwide holidays only.
    "HOLIDAY_STATE": "BY",
    # Werktage until the service company sets up a requested access (seed 000).
    "ACCESS_REQUEST_WORKING_DAYS": 10,
    # "portal" (the rule of seed 003) or "nist" (NIST SP 800-63B rev. 4).
    "PASSWORD_POLICY": "portal",
    # Where the data live: a name in portalkit.adapters.flask.storage.STORAGES. "sqlite" keeps
    # them in the file DATABASE; "memory" in the process (gone at a restart).
    "STORAGE": "sqlite",
    # The SQLite file; ``None``: portalkit.sqlite3 in the instance folder. A relative path is
    # relative to the instance folder.
    "DATABASE": None,
    # A PostgreSQL server, "postgresql://user@host/database": chooses STORAGE "postgres".
    "DATABASE_URL": None,
    # "argon2id" (OWASP parameters); "insecure-fast-for-tests" only outside production.
    "PASSWORD_HASHING": "argon2id",
    # How send-mail delivers: "console" (development only), "file" (one .eml per mail into
    # MAIL_DIRECTORY) or "smtp". ``None``: console in development, smtp in production.
    "MAIL_BACKEND": None,
    # The From address; ``None``: noreply@ the host of BASE_URL.
    "MAIL_FROM": None,
    # The folder of the file backend, relative to the instance folder.
    "MAIL_DIRECTORY": "mails",
    "SMTP_HOST": None,
    "SMTP_PORT": 587,
    # STARTTLS before anything else; a server without it gets no mail.
    "SMTP_STARTTLS": True,
    "SMTP_USERNAME": None,
    "SMTP_PASSWORD": None,
    # Seconds to wait for the SMTP server at each step.
    "SMTP_TIMEOUT": 30,
    # A PEM file of the CA that signed the SMTP server's certificate, if not a public one.
    "SMTP_CA_FILE": None,
    # send-mail's retries: given up after this many failed attempts; the wait after the first
    # failure (seconds) doubles after each further one, up to 4 hours.
    "MAIL_MAX_ATTEMPTS": 10,
    "MAIL_RETRY_SECONDS": 60,
    # Development only: create the demo company and its accounts at start if missing.
    "DEMO_DATA": False,
    # Forms are small: refuse large bodies early (413) instead of parsing them.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    "MAX_FORM_PARTS": 100,
    "BABEL_DEFAULT_LOCALE": "de",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
    # Form messages come from the portal's own catalog (lazy_gettext), not from WTForms'.
    "WTF_I18N_ENABLED": False,
}


_POSTGRES_URL_SCHEMES: Final = ("postgresql://", "postgres://")
"""A ``DATABASE_URL`` starting with one of these selects the PostgreSQL store."""


class PortalConfigurationError(InvalidValueError):
    """The portal refuses to start because a setting is missing or invalid.

    Attributes:
        setting: the name of the setting, as in ``PORTALKIT_<setting>``.
    """

    code = "portal_setting_invalid"

    def __init__(self, setting: str, **params: object) -> None:
        self.setting = setting
        super().__init__(setting=setting, **params)


class InsecureSecretKeyError(PortalConfigurationError):
    """Production mode was asked for without a real secret key.

    Attributes:
        minimum: the fewest characters a secret key must have.

    References:
        Flask's documentation on SECRET_KEY (signs the session and CSRF tokens).
    """

    code = "portal_secret_key_insecure"

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum
        super().__init__("SECRET_KEY", minimum=minimum)


class BaseUrlError(PortalConfigurationError):
    """BASE_URL is missing or not an absolute http(s) URL (https in production).

    Attributes:
        value: the configured value.
    """

    code = "portal_base_url_invalid"

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__("BASE_URL", value=value)


class UnknownEnvironmentError(PortalConfigurationError):
    """ENVIRONMENT is neither ``production`` nor ``development``.

    Attributes:
        value: the configured value.
        choices: the allowed values.
    """

    code = "portal_environment_unknown"

    def __init__(self, value: object) -> None:
        self.value = value
        self.choices = ENVIRONMENTS
        super().__init__("ENVIRONMENT", value=value, choices=ENVIRONMENTS)


def load_config(config: Config, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill *config* from the defaults, the instance file, the environment and *overrides*.

    Raises:
        tomllib.TOMLDecodeError: the instance file is not valid TOML.
    """
    config.from_mapping(DEFAULTS)
    config.from_file(CONFIG_FILE, load=tomllib.load, silent=True, text=False)
    config.from_prefixed_env("PORTALKIT")
    if overrides:
        config.from_mapping(overrides)


def finish_config(config: Config, *, debug: bool) -> None:
    """Check the settings in *config* and derive the security settings from them.

    Raises:
        UnknownEnvironmentError: ENVIRONMENT is not one of :data:`ENVIRONMENTS`.
        InsecureSecretKeyError: production without a secret key of at least
            :data:`MIN_SECRET_KEY_LENGTH` characters.
        BaseUrlError: BASE_URL is missing in production, not absolute, or not https there.
        PortalConfigurationError: another setting has an invalid value.
    """
    environment = config["ENVIRONMENT"]
    if environment is None:
        environment = "development" if debug else "production"
    if environment not in ENVIRONMENTS:
        raise UnknownEnvironmentError(environment)
    config["ENVIRONMENT"] = environment
    production = environment == "production"

    key = config.get("SECRET_KEY")
    if production:
        if not isinstance(key, str | bytes) or len(key) < MIN_SECRET_KEY_LENGTH:
            raise InsecureSecretKeyError(MIN_SECRET_KEY_LENGTH)
    elif not key:
        # A fresh key per process: sessions end at a restart, which is fine while developing.
        config["SECRET_KEY"] = secrets.token_hex(32)

    base_url = _base_url(config.get("BASE_URL"), production=production)
    config["BASE_URL"] = base_url
    parts = urllib.parse.urlsplit(base_url)
    config["PREFERRED_URL_SCHEME"] = parts.scheme
    config["TRUSTED_HOSTS"] = _trusted_hosts(
        config.get("TRUSTED_HOSTS"), parts.hostname or "", production=production
    )

    # Cookies: never readable by scripts, not sent on cross-site posts, and outside local
    # development only over HTTPS with the __Host- prefix (no Domain, Path=/, Secure).
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = production
    config["SESSION_COOKIE_PATH"] = "/"
    config["SESSION_COOKIE_DOMAIN"] = False if production else config.get("SESSION_COOKIE_DOMAIN")
    config["SESSION_COOKIE_NAME"] = "__Host-session" if production else "portalkit_session"
    config["LANGUAGE_COOKIE_NAME"] = "__Host-language" if production else "portalkit_language"
    # The login cookie holds only the random secret of the server-side session.
    config["LOGIN_COOKIE_NAME"] = "__Host-login" if production else "portalkit_login"
    config["OPERATOR_COOKIE_NAME"] = "__Host-operator" if production else "portalkit_operator"

    state = config.get("HOLIDAY_STATE")
    # Empty (or null) means nationwide; 0 or false from the environment is a mistake, not that.
    if state is not None and not isinstance(state, str):
        raise PortalConfigurationError("HOLIDAY_STATE")
    config["HOLIDAY_STATE"] = state or None
    days = config.get("ACCESS_REQUEST_WORKING_DAYS")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 366:
        raise PortalConfigurationError("ACCESS_REQUEST_WORKING_DAYS")
    proxies = config.get("PROXY_COUNT")
    if not isinstance(proxies, int) or isinstance(proxies, bool) or not 0 <= proxies <= 10:
        raise PortalConfigurationError("PROXY_COUNT")
    if config.get("PASSWORD_POLICY") not in ("portal", "nist"):
        raise PortalConfigurationError("PASSWORD_POLICY")
    database_url = config.get("DATABASE_URL")
    if database_url is not None and not isinstance(database_url, str):
        raise PortalConfigurationError("DATABASE_URL")
    if database_url and database_url.startswith(_POSTGRES_URL_SCHEMES):
        config["STORAGE"] = "postgres"
    elif config.get("STORAGE") == "postgres":
        raise PortalConfigurationError("DATABASE_URL")
    if config.get("STORAGE") not in STORAGES:
        raise PortalConfigurationError("STORAGE")
    # The config's root is the instance folder (the app is instance-relative).
    database = resolve_database(config.get("DATABASE"), os.fspath(config.root_path))
    if database is None:
        raise PortalConfigurationError("DATABASE")
    config["DATABASE"] = database
    hashing = config.get("PASSWORD_HASHING")
    if hashing not in ("argon2id", "insecure-fast-for-tests") or (
        production and hashing != "argon2id"
    ):
        raise PortalConfigurationError("PASSWORD_HASHING")
    demo = config.get("DEMO_DATA")
    if not isinstance(demo, bool) or (production and demo):
        raise PortalConfigurationError("DEMO_DATA")
    _finish_mail(config, parts.hostname or "localhost", production=production)
    for setting in ("PORTAL_NAME", "SUPPORT_PHONE", "SUPPORT_EMAIL"):
        if config.get(setting) is not None and not isinstance(config[setting], str):
            raise PortalConfigurationError(setting)


MAIL_BACKENDS: Final = ("console", "file", "smtp")


def _int_setting(config: Config, setting: str, low: int, high: int) -> None:
    value = config.get(setting)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise PortalConfigurationError(setting)


def _finish_mail(config: Config, host: str, *, production: bool) -> None:
    backend = config.get("MAIL_BACKEND")
    if backend is None:
        backend = "smtp" if production else "console"
    # Console mail in production would write reset links and one-time passwords to a log.
    if backend not in MAIL_BACKENDS or (production and backend == "console"):
        raise PortalConfigurationError("MAIL_BACKEND")
    config["MAIL_BACKEND"] = backend
    sender = config.get("MAIL_FROM")
    if sender is None:
        sender = f"noreply@{host}"
    if not isinstance(sender, str) or "@" not in email.utils.parseaddr(sender)[1]:
        raise PortalConfigurationError("MAIL_FROM")
    config["MAIL_FROM"] = sender
    directory = config.get("MAIL_DIRECTORY")
    if not isinstance(directory, str) or not directory:
        raise PortalConfigurationError("MAIL_DIRECTORY")
    config["MAIL_DIRECTORY"] = os.path.join(os.fspath(config.root_path), directory)
    # SMTP_HOST may stay unset until send-mail runs: the portal itself never sends.
    for setting in ("SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_CA_FILE"):
        if config.get(setting) is not None and not isinstance(config[setting], str):
            raise PortalConfigurationError(setting)
    if not isinstance(config.get("SMTP_STARTTLS"), bool):
        raise PortalConfigurationError("SMTP_STARTTLS")
    _int_setting(config, "SMTP_PORT", 1, 65535)
    _int_setting(config, "SMTP_TIMEOUT", 1, 600)
    _int_setting(config, "MAIL_MAX_ATTEMPTS", 1, 100)
    _int_setting(config, "MAIL_RETRY_SECONDS", 1, 86400)


def _base_url(value: object, *, production: bool) -> str:
    if value is None and not production:
        return DEVELOPMENT_BASE_URL
    if not isinstance(value, str):
        raise BaseUrlError(value)
    parts = urllib.parse.urlsplit(value)
    allowed = ("https",) if production else ("http", "https")
    if (
        parts.scheme not in allowed
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise BaseUrlError(value)
    return value.rstrip("/")


def _trusted_hosts(value: object, base_host: str, *, production: bool) -> list[str]:
    if isinstance(value, str):
        value = [host.strip() for host in value.split(",") if host.strip()]
    if value is None:
        hosts = [base_host]
        if not production:
            hosts += ["127.0.0.1", "localhost"]
        return list(dict.fromkeys(hosts))
    if not isinstance(value, list | tuple) or not value:
        raise PortalConfigurationError("TRUSTED_HOSTS")
    if not all(isinstance(host, str) and host for host in value):
        raise PortalConfigurationError("TRUSTED_HOSTS")
    return list(value)
