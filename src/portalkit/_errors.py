"""The error hierarchy: one root, stable codes, structured attributes, two languages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portalkit._frozen import freeze
from portalkit._i18n import DEFAULT_LANGUAGE, Language, Message, render


class PortalkitError(Exception):
    """Root of every error portalkit raises.

    Every error has a stable machine-readable :attr:`code`, the parameters that explain it in
    :attr:`params` (also set as attributes by the subclasses), and a message in German and
    English from :meth:`message`. Subclasses also derive from the fitting builtin exception
    (:class:`ValueError`, :class:`LookupError`, :class:`PermissionError`), so code that knows
    nothing of portalkit still catches them sensibly.

    ``str(error)`` is the English message, for logs; show users :meth:`message` in their
    language.

    Args:
        code: the message code; defaults to the class's :attr:`code`.
        params: the values the message refers to.
    """

    code: str = "error"

    def __init__(self, code: str | None = None, /, **params: object) -> None:
        if code is not None:
            # An instance may narrow a generic class (e.g. ConflictError) to a precise code.
            self.code = code
        self.params: Mapping[str, object] = freeze(params)
        super().__init__(self.message("en"))

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the message for the user in *language* (``"de"`` or ``"en"``)."""
        return render(_lookup(self.code), language, self.params)

    def messages(self) -> dict[Language, str]:
        """Return the message in every supported language."""
        return {language: self.message(language) for language in ("de", "en")}

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take constructor arguments of their own, so pickle's default (calling the
        # class with ``args``) would fail; rebuilding from the state lets every error cross a
        # process boundary whole (multiprocessing, task queues), attributes and all.
        return (_rebuild, (type(self), self.args), dict(vars(self)))

    def __repr__(self) -> str:
        params = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{type(self).__name__}({self.code!r}{', ' if params else ''}{params})"


def _rebuild(cls: type[PortalkitError], args: tuple[object, ...]) -> PortalkitError:
    # No subclass constructor runs; the state follows. ``args`` is set by hand: OSError's
    # subclasses (PermissionError, ConnectionError) take it in __init__, not in __new__.
    error = cls.__new__(cls)
    error.args = args
    return error


def _lookup(code: str) -> Message:
    # Imported late: the catalog gathers the texts of every area, and areas import this module.
    from portalkit._messages import CATALOG

    return CATALOG[code]


class InvalidValueError(PortalkitError, ValueError):
    """A value breaks a rule; :attr:`code` names the rule."""

    code = "invalid_value"


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given where an instant is needed."""

    code = "naive_datetime"

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(field=field)


class NotFoundError(PortalkitError, LookupError):
    """Something does not exist, or the actor may not know that it exists."""

    code = "not_found"


class PermissionDeniedError(PortalkitError, PermissionError):
    """The actor may not do this; :attr:`code` says why."""

    code = "permission_denied"


class ConflictError(PortalkitError, ValueError):
    """The action conflicts with the current state; :attr:`code` says how."""

    code = "conflict"
