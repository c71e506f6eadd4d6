"""What the account pages share: field validators and how a refusal of the core is shown."""

from __future__ import annotations

from typing import Any

import attrs
from wtforms.validators import EqualTo, InputRequired, Length

from portalkit._errors import PortalkitError
from portalkit.adapters.flask._text import lazy_gettext
from portalkit.adapters.flask.errors import is_server_fault
from portalkit.adapters.flask.i18n import current_language
from portalkit.policy import PasswordRejected

TOO_LONG = lazy_gettext("Please enter at most %(max)d characters.")


def required(message: Any) -> list[Any]:
    """Validators of a required text field of at most 200 characters."""
    return [InputRequired(message=message), Length(max=200, message=TOO_LONG)]


def optional_text(maximum: int = 200) -> list[Any]:
    """Validators of an optional text field."""
    return [Length(max=maximum, message=TOO_LONG)]


def new_password() -> list[Any]:
    """Validators of a new password field; the rules themselves are the core's."""
    return [
        InputRequired(message=lazy_gettext("Please enter a password.")),
        Length(max=1000, message=TOO_LONG),
    ]


def repeated(field: str) -> list[Any]:
    """Validators of the field that repeats *field*."""
    return [
        InputRequired(message=lazy_gettext("Please repeat the password.")),
        EqualTo(field, message=lazy_gettext("The two passwords differ.")),
    ]


@attrs.frozen
class Refusal:
    """A refusal of the core as a page shows it: the message and, for passwords, each reason."""

    message: str
    reasons: tuple[str, ...] = ()


def refusal(error: PortalkitError) -> Refusal:
    """Return how *error* is shown in the reader's language (every password violation at once).

    Raises:
        PortalkitError: *error* itself when it is the server's fault (see
            :func:`~portalkit.adapters.flask.errors.is_server_fault`): the error pages log it
            and answer with the polite 500 page instead of showing its message in a form.
    """
    if is_server_fault(error):
        raise error
    language = current_language()
    if isinstance(error, PasswordRejected):
        reasons = tuple(violation.message(language) for violation in error.violations)
        return Refusal(PortalkitError.message(error, language), reasons)
    return Refusal(error.message(language))
