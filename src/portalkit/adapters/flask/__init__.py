"""The Flask reference portal: ``flask --app portalkit.adapters.flask run``.

A thin adapter: every rule lives in the core; the views translate HTTP to rules and errors to
messages. :func:`create_app` is the application factory; the services of one application are a
:class:`Portal` in ``app.extensions["portalkit"]``, its storage (SQLite by default) chosen by the
``STORAGE`` setting (:mod:`portalkit.adapters.flask.storage`). Views behind sign-in use
:func:`login_required` and :func:`signed_in`; mails leave through a :class:`Mailer`.
"""

from __future__ import annotations

from portalkit.adapters.flask._app import create_app
from portalkit.adapters.flask.config import (
    BaseUrlError,
    InsecureSecretKeyError,
    PortalConfigurationError,
    UnknownEnvironmentError,
)
from portalkit.adapters.flask.mailer import ConsoleMailer, Mailer, RenderedMail
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
from portalkit.adapters.flask.sessions import SignedIn, login_required, signed_in

__all__ = [
    "AccessRequest",
    "AccessRequestReceiver",
    "BaseUrlError",
    "ConsoleMailer",
    "InsecureSecretKeyError",
    "Mailer",
    "Portal",
    "PortalConfigurationError",
    "RenderedMail",
    "SignedIn",
    "SupportStatus",
    "UnknownEnvironmentError",
    "UserLoader",
    "create_app",
    "current_user",
    "external_url",
    "get_portal",
    "login_required",
    "signed_in",
]
