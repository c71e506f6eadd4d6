"""portalkit: the business rules of a German B2B customer portal.

The core is pure: it does no I/O and is told the time by a :class:`Clock`. Rule areas live in
sub-packages (:mod:`portalkit.policy`, :mod:`portalkit.calendar`); adapters to the outside world
live in :mod:`portalkit.adapters`.
"""

from __future__ import annotations

from portalkit._errors import (
    ConflictError,
    InvalidValueError,
    NaiveDatetimeError,
    NotFoundError,
    PermissionDeniedError,
    PortalkitError,
)
from portalkit._i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, Message
from portalkit.clock import Clock, FixedClock, require_aware

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Clock",
    "ConflictError",
    "FixedClock",
    "InvalidValueError",
    "Language",
    "Message",
    "NaiveDatetimeError",
    "NotFoundError",
    "PermissionDeniedError",
    "PortalkitError",
    "message_catalog",
    "require_aware",
]


def message_catalog() -> dict[str, Message]:
    """Return every message code portalkit can report with its German and English template."""
    from portalkit._messages import CATALOG

    return dict(CATALOG)
