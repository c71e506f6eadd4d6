"""The application factory: configuration, services, security, languages, blueprints."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any

import click
from flask import Flask, current_app, g
from werkzeug.middleware.proxy_fix import ProxyFix

from portalkit._errors import PortalkitError
from portalkit.adapters.flask import (
    access,
    account,
    auth,
    dashboard,
    deadlines,
    devmail,
    home,
    operator,
    operator_services,
    operator_tickets,
    passwords,
    services,
    tickets,
    users,
)
from portalkit.adapters.flask._layout import init_layout, kept_support_status
from portalkit.adapters.flask._pages import init_pages
from portalkit.adapters.flask._requests import PortalFlask
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.cli import init_cli, refuse_start, started_by_flask_cli
from portalkit.adapters.flask.config import finish_config, load_config
from portalkit.adapters.flask.demo import create_portal_demo_data, describe_demo_data
from portalkit.adapters.flask.errors import init_errors
from portalkit.adapters.flask.i18n import init_i18n
from portalkit.adapters.flask.portal import EXTENSION_KEY, Portal, get_portal
from portalkit.adapters.flask.security import init_security
from portalkit.adapters.flask.sessions import (
    KeptCookieSessionInterface,
    load_signed_in,
    store_login_cookie,
)
from portalkit.clock import Clock

_PACKAGE = "portalkit.adapters.flask"


def create_app(
    config: Mapping[str, Any] | None = None,
    *,
    clock: Clock | None = None,
    portal: Portal | None = None,
) -> Flask:
    """Create the reference portal as a Flask application.

    ``flask --app portalkit.adapters.flask run`` calls this without arguments; WSGI servers
    call :func:`portalkit.adapters.flask.wsgi.create_app`, which ends a start with bad
    settings with one line instead of this function's exception.

    Args:
        config: settings that win over the defaults, the instance folder's
            ``portalkit.toml`` and the ``PORTALKIT_*`` environment variables (see
            :mod:`portalkit.adapters.flask.config`). ``INSTANCE_PATH`` (or the environment
            variable ``PORTALKIT_INSTANCE_PATH``) moves the instance folder.
        clock: the clock of the services built from the configuration; the system clock by
            default, a :class:`~portalkit.FixedClock` in tests.
        portal: services to use as they are instead of building them from the configuration.

    Raises:
        PortalConfigurationError: a setting is missing or invalid; production mode without a
            real secret key raises :class:`~portalkit.adapters.flask.InsecureSecretKeyError`.
        UnknownStateError: HOLIDAY_STATE is not a German state code.
        tomllib.TOMLDecodeError: the instance file is not valid TOML.

    Called by the ``flask`` command (``flask run``, ``flask portal ...``), these become one
    line in German and English on standard error and exit status 1, no traceback.
    """
    if clock is not None and portal is not None:
        msg = "pass either a clock or a whole portal, not both"
        raise TypeError(msg)
    try:
        return _build_app(config, clock=clock, portal=portal)
    except (PortalkitError, tomllib.TOMLDecodeError) as refused:
        if started_by_flask_cli():
            # Whoever typed the command needs the setting to fix, not Flask's loader stack.
            refuse_start(refused, 1)
        raise


def _build_app(
    config: Mapping[str, Any] | None, *, clock: Clock | None, portal: Portal | None
) -> Flask:
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("PORTALKIT_INSTANCE_PATH")
    app = PortalFlask(_PACKAGE, instance_path=instance_path, instance_relative_config=True)
    load_config(app.config, config)
    finish_config(app.config, debug=app.debug)
    app.extensions[EXTENSION_KEY] = portal or Portal.from_config(app.config, clock=clock)
    if app.config["PROXY_COUNT"]:
        # Behind a TLS-terminating proxy the request must know it came in over HTTPS, or the
        # CSRF check's same-origin test of the Referer would not run.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]

    # Language first: the CSRF check runs before any view and its error page needs it.
    init_i18n(app)
    init_security(app)
    init_errors(app)
    app.before_request(_load_user)
    app.after_request(store_login_cookie)
    app.context_processor(_layout_values)
    app.session_interface = KeptCookieSessionInterface()
    init_layout(app)
    init_pages(app)
    init_cli(app)
    areas = (home, passwords, access, deadlines, auth, dashboard, users, account, tickets, services)
    for area in areas:
        app.register_blueprint(area.bp)
    for area in (operator, operator_tickets, operator_services):
        app.register_blueprint(area.bp)
    development = app.config["ENVIRONMENT"] == "development"
    if development:
        # Shows reset and invitation links to anyone: never in production (there: 404).
        app.register_blueprint(devmail.bp)
    built = app.extensions[EXTENSION_KEY]
    if (
        development
        and app.config["DEMO_DATA"]
        and built.accounts is not None
        and create_portal_demo_data(built)
    ):
        click.echo(describe_demo_data(app.config["BASE_URL"]), err=True)
    return app


def _load_user() -> None:
    loader = get_portal().user_loader
    g.user = loader() if loader is not None else load_signed_in()


def _layout_values() -> dict[str, object]:
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # once, not per value
    config = app.config
    return {
        "portal_name": config["PORTAL_NAME"] or gettext("Customer portal"),
        "support_phone": config["SUPPORT_PHONE"],
        "support_email": config["SUPPORT_EMAIL"],
        "support": kept_support_status(app.extensions[EXTENSION_KEY]),
        "user": g.get("user"),
        "dev_mails": config["ENVIRONMENT"] == "development",
    }
