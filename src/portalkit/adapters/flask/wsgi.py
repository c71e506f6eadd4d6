"""The reference portal for WSGI servers: bad settings end the start with one line, no traceback.

Point a production server at :func:`create_app` of this module rather than of the package::

    gunicorn 'portalkit.adapters.flask.wsgi:create_app()'
    waitress-serve --call portalkit.adapters.flask.wsgi:create_app

Both build the same app. The difference is a bad setting (an unknown ``HOLIDAY_STATE``,
production without a real secret key, a broken ``portalkit.toml``): the package's factory
raises, and the server prints the exception with its traceback; this one prints the line the
``flask`` command prints, in German and English, and ends the process with
:data:`EXIT_SETTINGS` (4). gunicorn reads that status as "App failed to load." and stops at
once, where another status would make it start new workers that fail alike, over and over.
"""

from __future__ import annotations

import tomllib
from typing import Final

from flask import Flask

from portalkit._errors import PortalkitError
from portalkit.adapters.flask._app import create_app as _create_app
from portalkit.adapters.flask.cli import refuse_start

__all__ = ["EXIT_SETTINGS", "create_app"]

EXIT_SETTINGS: Final = 4
"""The exit status for settings the portal cannot start with (gunicorn's "app failed to load")."""


def create_app() -> Flask:
    """Create the portal from its instance folder and environment, as a server starts it.

    Raises:
        SystemExit: with :data:`EXIT_SETTINGS`, after one line in German and English on
            standard error, when a setting is missing or invalid.
    """
    try:
        return _create_app()
    except (PortalkitError, tomllib.TOMLDecodeError) as refused:
        refuse_start(refused, EXIT_SETTINGS)
