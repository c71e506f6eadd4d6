"""The Flask reference portal: ``flask --app portalkit.adapters.flask run``.

A thin adapter: every rule lives in the core; the views translate HTTP to rules and errors to
messages. :func:`create_app` is the application factory; the services of one application are a
:class:`Portal` in ``app.extensions["portalkit"]``.
"""

from __future__ import annotations

from portalkit.adapters.flask._app import create_app
from portalkit.adapters.flask.config import (
    BaseUrlError,
    InsecureSecretKeyError,
    PortalConfigurationError,
    UnknownEnvironmentError,
)
from portalkit.adapters.flask.portal import (
    AccessRequest,
    AccessRequestReceiver,
    Portal,
    SupportStatus,
    UserLoader,
    current_user,
    external_url,
    get_portal,
)

__all__ = [
    "AccessRequest",
    "AccessRequestReceiver",
    "BaseUrlError",
    "InsecureSecretKeyError",
    "Portal",
    "PortalConfigurationError",
    "SupportStatus",
    "UnknownEnvironmentError",
    "UserLoader",
    "create_app",
    "current_user",
    "external_url",
    "get_portal",
]
