"""The ``flask portal`` command group: info, demo-data, send-mail, create-operator; later areas
add more."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portalkit._errors import PortalkitError
from portalkit._i18n import Language
from portalkit.accounts import create_operator
from portalkit.adapters.flask.demo import create_demo_data, describe_demo_data
from portalkit.adapters.flask.mail import deliver_pending
from portalkit.adapters.flask.mailer import ConsoleMailer
from portalkit.adapters.flask.portal import get_portal
from portalkit.adapters.flask.sessions import account_services
from portalkit.policy import PasswordRejected

__all__ = ["init_cli"]


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
        "now": portal.now().isoformat(timespec="minutes"),
    }
    for key, value in lines.items():
        click.echo(f"{key:>16}: {value}")


def _demo_data() -> None:
    """Create the demo company and its accounts (if missing) and print the passwords."""
    created = create_demo_data(account_services())
    if current_app.config["STORAGE"] == "memory":
        click.echo(
            "Note: STORAGE is memory, so the data end with this command. A development portal "
            "with PORTALKIT_DEMO_DATA=true creates them at start (make run).",
            err=True,
        )
    click.echo("Demo data created." if created else "Demo data exist already.")
    click.echo(describe_demo_data(current_app.config["BASE_URL"]))


def _send_mail() -> None:
    """Deliver the pending mails of the outbox (to the console until SMTP is configured)."""
    mailer = get_portal().mailer or ConsoleMailer()
    sent, failed = deliver_pending(account_services(), mailer)
    click.echo(f"{sent} sent, {failed} failed")
    if failed:
        raise SystemExit(1)


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
    if not source:
        click.echo("No SQLite database: pass --database FILE.", err=True)
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
    group.command("info")(_info)
    group.command("demo-data")(_demo_data)
    group.command("send-mail")(_send_mail)
    group.command("create-operator")(_create_operator)
    group.command("copy-to-postgres")(_copy_to_postgres)
    app.cli.add_command(group)
