"""The ``flask portal`` command group: info, demo-data, the operator accounts, and the
operations commands of :mod:`portalkit.adapters.flask.maintenance`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo

from portalkit._errors import PortalkitError
from portalkit._i18n import Language
from portalkit.accounts import create_operator, deactivate_operator
from portalkit.adapters.flask.demo import create_portal_demo_data, describe_demo_data
from portalkit.adapters.flask.maintenance import (
    _clear_errors,
    apply_service_changes_command,
    backup_command,
    init_db_command,
    send_mail_command,
    sweep_inactive_command,
)
from portalkit.adapters.flask.portal import get_portal
from portalkit.adapters.flask.sessions import account_services
from portalkit.policy import PasswordRejected
from portalkit.policy.emails import EmailAddress

__all__ = ["init_cli", "refusal_line", "refuse_start", "started_by_flask_cli"]


def refusal_line(reason: Exception) -> str:
    """Return the one line that says why the portal does not start, in German and English.

    Both languages: settings are read before any language is known.

    Args:
        reason: a :class:`~portalkit.PortalkitError` or a TOML syntax error of the instance file.
    """
    if isinstance(reason, PortalkitError):
        text = f"{reason.message('de')} | {reason.message('en')}"
    else:
        # The TOML parser speaks English only; its position of the mistake is what matters.
        text = f"Die Datei portalkit.toml ist fehlerhaft | portalkit.toml is invalid: {reason}"
    return "Portal: " + " ".join(text.split())


def refuse_start(reason: Exception, status: int) -> NoReturn:
    """Print :func:`refusal_line` of *reason* on standard error and end with *status*.

    ``SystemExit`` rather than a click error: Flask's command listing (``flask --help``) and
    WSGI servers print any other exception with its traceback.
    """
    click.echo(refusal_line(reason), err=True)
    raise SystemExit(status) from None


def started_by_flask_cli() -> bool:
    """Return whether the ``flask`` command is loading the app right now."""
    context = click.get_current_context(silent=True)
    return context is not None and context.find_object(ScriptInfo) is not None


def _info() -> None:
    """Show the settings the portal runs with (never the secret key)."""
    config = current_app.config
    portal = get_portal()
    lines = {
        "environment": config["ENVIRONMENT"],
        "base url": config["BASE_URL"],
        "trusted hosts": ", ".join(config["TRUSTED_HOSTS"]),
        "holiday state": config["HOLIDAY_STATE"] or "nationwide",
        "password policy": config["PASSWORD_POLICY"],
        "access requests": "connected" if portal.access_requests is not None else "not connected",
        "storage": config["STORAGE"],
        "database": config["DATABASE"] if config["STORAGE"] == "sqlite" else "-",
        "mail": config["MAIL_BACKEND"],
        "now": portal.now().isoformat(timespec="minutes"),
    }
    for key, value in lines.items():
        click.echo(f"{key:>16}: {value}")


def _demo_data() -> None:
    """Create the demo company, accounts, tickets and services (if missing); print the accounts."""
    account_services()  # a clear error for a portal without accounts
    created = create_portal_demo_data(get_portal())
    if current_app.config["STORAGE"] == "memory":
        click.echo(
            "Note: STORAGE is memory, so the data end with this command. A development portal "
            "with PORTALKIT_DEMO_DATA=true creates them at start (make run).",
            err=True,
        )
    click.echo("Demo data created." if created else "Demo data exist already.")
    click.echo(describe_demo_data(current_app.config["BASE_URL"]))


@click.option("--email", prompt="E-mail address", help="The operator's address (the user name).")
@click.option("--name", prompt="Name", help="The operator's name, as customers see it.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking.",
)
@click.option(
    "--language",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="The language of refusals.",
)
def _create_operator(email: str, name: str, password_stdin: bool, language: str) -> None:
    """Create an operator account (staff of the service company) for the operator pages.

    The password must meet the portal's password policy; it is asked for without echo.
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt="Repeat the password"
        )
    try:
        account = create_operator(account_services(), email=email, name=name, password=password)
    except PortalkitError as refused:
        lang: Language = "en" if language == "en" else "de"
        if isinstance(refused, PasswordRejected):
            # Each reason on a line of its own, as the portal's forms list them.
            click.echo(PortalkitError.message(refused, lang), err=True)
            for violation in refused.violations:
                click.echo(f"  - {violation.message(lang)}", err=True)
        else:
            click.echo(refused.message(lang), err=True)
        raise SystemExit(1) from None
    click.echo(f"Operator {account.name} <{account.email}> created (id {account.id}).")
    if current_app.config["STORAGE"] == "memory":
        click.echo("Note: STORAGE is memory, so the account ends with this command.", err=True)


@click.argument("email")
def _deactivate_operator(email: str) -> None:
    """Deactivate the operator account of EMAIL: no more sign-ins, its sessions end now."""
    services = account_services()
    try:
        address = EmailAddress.parse(email)
    except PortalkitError as refused:
        click.echo(refused.message("en"), err=True)
        raise SystemExit(1) from None
    with services.unit_of_work() as uow:
        account = uow.operators.by_email(address)
    if account is None:
        click.echo(f"No operator account has the address {address}.", err=True)
        raise SystemExit(1)
    deactivate_operator(services, account.id)
    click.echo(f"Operator {account.name} <{account.email}> deactivated.")


@click.argument("url")
@click.option(
    "--database",
    "sqlite_file",
    help="The SQLite file to copy (default: the portal's DATABASE setting).",
)
def _copy_to_postgres(url: str, sqlite_file: str | None) -> None:
    """Copy the portal's SQLite database into the empty PostgreSQL database URL and verify it.

    Every table is copied through the domain values and compared afterwards by row counts
    and checksums. Then set PORTALKIT_DATABASE_URL=URL to run the portal on PostgreSQL.
    """
    # Imported here: psycopg comes with the extra "postgres".
    from portalkit.adapters.postgres import PostgresStore
    from portalkit.adapters.postgres.copy import copy_to_postgres
    from portalkit.adapters.sqlite import SqliteStore

    source = sqlite_file or current_app.config.get("DATABASE")
    if not source or not Path(source).is_file():
        # Opening a missing file would create an empty database and copy nothing.
        click.echo(f"No SQLite database at {source}: pass --database FILE.", err=True)
        raise SystemExit(1)
    try:
        with SqliteStore(source) as sqlite, PostgresStore(url) as postgres:
            checks = copy_to_postgres(sqlite, postgres)
    except PortalkitError as refused:
        click.echo(refused.message("en"), err=True)
        raise SystemExit(1) from None
    for check in checks:
        click.echo(str(check))
    click.echo("Copied and verified. Now set PORTALKIT_DATABASE_URL to the new database.")


def init_cli(app: Flask) -> None:
    """Add the ``flask portal`` commands to *app*."""
    group = AppGroup("portal", help="Run and inspect the portalkit portal.")
    # The storage may refuse (a database of a newer portalkit, a file that is no database):
    # one line and status 1 for these too, as for the operations commands.
    group.command("info")(_clear_errors(_info))
    group.command("demo-data")(_clear_errors(_demo_data))
    group.command("init-db")(init_db_command)
    group.command("sweep-inactive")(sweep_inactive_command)
    group.command("apply-service-changes")(apply_service_changes_command)
    group.command("backup")(backup_command)
    group.command("send-mail")(send_mail_command)
    group.command("create-operator")(_clear_errors(_create_operator))
    group.command("deactivate-operator")(_clear_errors(_deactivate_operator))
    group.command("copy-to-postgres")(_copy_to_postgres)
    app.cli.add_command(group)
