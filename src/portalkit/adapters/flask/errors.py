"""Error pages: every error a user can cause is a message in their language, never a 500.

A :class:`~portalkit.PortalkitError` renders its own message from portalkit's catalog with
the fitting status (404 for "not found", 403 for "not allowed", 400 otherwise). HTTP errors
(404, 405, 413, ...) and refused CSRF tokens get friendly pages. Anything else is a bug: it is
logged and answered with a polite 500 page.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portalkit._errors import NotFoundError, PermissionDeniedError, PortalkitError
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.i18n import current_language

__all__ = ["init_errors", "is_server_fault", "status_of"]

_log = logging.getLogger(__name__)


def is_server_fault(error: PortalkitError) -> bool:
    """Return whether *error* is the installation's fault, not the visitor's.

    The storage's refusals (a database of a newer portalkit, a broken migration) are
    portalkit errors that are also :class:`RuntimeError`; their messages name files and
    schema versions, which belong in the log, never on a page: they answer as a bug does.
    """
    return isinstance(error, RuntimeError)


def status_of(error: PortalkitError) -> int:
    """Return the HTTP status that fits *error*: 404, 403 or 400."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, PermissionDeniedError):
        return 403
    return 400


def _title(status: int) -> str:
    titles = {
        403: gettext("Access denied"),
        404: gettext("Page not found"),
        405: gettext("This action is not possible here"),
        413: gettext("Too much data"),
        500: gettext("Something went wrong on our side"),
    }
    return titles.get(status, gettext("The request could not be processed"))


def _explanation(status: int) -> str:
    texts = {
        404: gettext("The address may be mistyped, or the page has moved."),
        405: gettext("Please use the links and buttons of the portal."),
        413: gettext("The form sent more data than the portal accepts. Please shorten it."),
        500: gettext(
            "The error has been recorded. Please try again later; if it happens again, "
            "contact support."
        ),
    }
    return texts.get(status, gettext("Please check your input and try again."))


def _page(status: int, message: str) -> ResponseReturnValue:
    if request_ctx.url_adapter is None:
        # No URLs can be built (the Host header was refused): plain text without links.
        text = f"{_title(status)}\n\n{message}\n"
        return text, status, {"Content-Type": "text/plain; charset=utf-8"}
    page = render_template(
        "errors/error.html", status=status, title=_title(status), message=message
    )
    return page, status


def _portalkit_error(error: PortalkitError) -> ResponseReturnValue:
    if is_server_fault(error):
        return _unexpected(error)
    return _page(status_of(error), error.message(current_language()))


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    return _page(
        400,
        gettext(
            "The form has expired or was sent from elsewhere. Please reload the page and "
            "send the form again."
        ),
    )


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    if status < 400:  # redirects raised as exceptions (e.g. routing) pass through unchanged
        return error
    if status >= 500:
        return _unexpected(error)
    return _page(status, _explanation(status))


def _unexpected(error: Exception) -> ResponseReturnValue:
    # A real bug: record it with its traceback, show the user nothing of it.
    _log.error("unhandled error", exc_info=error)
    try:
        return _page(500, _explanation(500))
    except Exception:  # the page itself failed: fall back to werkzeug's plain 500
        _log.exception("the error page failed too")
        return InternalServerError.description or "Internal Server Error", 500


def init_errors(app: Flask) -> None:
    """Register the error pages on *app*."""
    app.register_error_handler(PortalkitError, _portalkit_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
