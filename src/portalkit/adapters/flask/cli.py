"""The ``flask portal`` command group: info, demo-data, and the operations commands of
:mod:`portalkit.adapters.flask.maintenance`; later areas add more."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portalkit.adapters.flask.demo import create_portal_demo_data, describe_demo_data
from portalkit.adapters.flask.maintenance import (
    apply_service_changes_command,
    backup_command,
    init_db_command,
    send_mail_command,
    sweep_inactive_command,
)
from portalkit.adapters.flask.portal import get_portal
from portalkit.adapters.flask.sessions import account_services

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


def init_cli(app: Flask) -> None:
    """Add the ``flask portal`` commands to *app*."""
    group = AppGroup("portal", help="Run and inspect the portalkit portal.")
    group.command("info")(_info)
    group.command("demo-data")(_demo_data)
    group.command("init-db")(init_db_command)
    group.command("sweep-inactive")(sweep_inactive_command)
    group.command("apply-service-changes")(apply_service_changes_command)
    group.command("backup")(backup_command)
    group.command("send-mail")(send_mail_command)
    app.cli.add_command(group)
