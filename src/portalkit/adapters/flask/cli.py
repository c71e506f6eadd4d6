"""The ``flask portal`` command group; later areas add init-db, send-mail, sweeps here."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portalkit.adapters.flask.portal import get_portal

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
        "now": portal.now().isoformat(timespec="minutes"),
    }
    for key, value in lines.items():
        click.echo(f"{key:>16}: {value}")


def init_cli(app: Flask) -> None:
    """Add the ``flask portal`` commands to *app*."""
    group = AppGroup("portal", help="Run and inspect the portalkit portal.")
    group.command("info")(_info)
    app.cli.add_command(group)
