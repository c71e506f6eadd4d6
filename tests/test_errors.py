"""The error root, the message catalog and its two languages."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pickle
import pkgutil
import string
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

import portalkit
from portalkit import (
    ConflictError,
    InvalidValueError,
    Message,
    NaiveDatetimeError,
    NotFoundError,
    PermissionDeniedError,
    PortalkitError,
    message_catalog,
)
from portalkit._i18n import format_value, render
from portalkit.policy.passwords import PasswordPolicy, PasswordRejected
from portalkit.tickets.lifecycle import TransitionNotAllowedError
from portalkit.tickets.ports import ReferenceTakenError
from portalkit.tickets.references import ReferenceNumber
from portalkit.tickets.use_cases import TicketNotFoundError

CATALOG = message_catalog()


def all_error_classes() -> list[type[PortalkitError]]:
    # Errors live beside their rules: import every module so that none is left out.
    for module in pkgutil.walk_packages(portalkit.__path__, "portalkit."):
        importlib.import_module(module.name)
    found: list[type[PortalkitError]] = []
    pending: list[type[PortalkitError]] = [PortalkitError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_code_has_a_german_and_an_english_text_with_the_same_fields(code: str) -> None:
    message = CATALOG[code]
    assert message.de.strip()
    assert message.en.strip()
    assert message.de != message.en
    assert message.fields("de") == message.fields("en")


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_code_renders_in_both_languages(code: str) -> None:
    message = CATALOG[code]
    params = dict.fromkeys(message.fields("de"), "X")
    for language in portalkit.LANGUAGES:
        rendered = render(message, language, params)
        assert "{" not in rendered.replace("{{", "")


@pytest.mark.parametrize("cls", all_error_classes(), ids=lambda cls: cls.__name__)
def test_every_error_class_has_a_code_in_the_catalog(cls: type[PortalkitError]) -> None:
    assert cls.code in CATALOG


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (InvalidValueError, ValueError),
        (NaiveDatetimeError, ValueError),
        (ConflictError, ValueError),
        (NotFoundError, LookupError),
        (PermissionDeniedError, PermissionError),
    ],
)
def test_errors_subclass_the_fitting_builtin(cls: type[PortalkitError], builtin: type) -> None:
    assert issubclass(cls, PortalkitError)
    assert issubclass(cls, builtin)


def test_an_error_speaks_german_by_default_and_english_in_str() -> None:
    error = NaiveDatetimeError("start")
    assert error.code == "naive_datetime"
    assert error.field == "start"
    assert error.params == {"field": "start"}
    assert error.message() == "Der Zeitpunkt „start“ braucht eine Zeitzone."
    assert str(error) == "The point in time 'start' needs a time zone."
    assert error.messages() == {"de": error.message("de"), "en": error.message("en")}


def test_an_instance_may_narrow_the_code_of_a_generic_error() -> None:
    error = NotFoundError("not_found", what="Ticket")
    assert error.code == "not_found"
    assert error.message("de") == "Ticket wurde nicht gefunden."
    assert repr(error) == "NotFoundError('not_found', what='Ticket')"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        render(Message(de="a", en="b"), "fr", {})  # type: ignore[arg-type]


def test_dates_are_formatted_for_each_language() -> None:
    day = dt.date(2033, 12, 31)
    assert format_value(day, "de") == "31.12.2033"
    assert format_value(day, "en") == "2033-12-31"
    assert format_value(("a", "b"), "en") == "a, b"


@given(st.dictionaries(st.sampled_from(["field", "what"]), st.text()))
def test_rendering_inserts_parameters_verbatim(params: dict[str, str]) -> None:
    message = Message(de="{field}|{what}", en="{what}|{field}")
    full = {"field": "", "what": ""} | params
    assert render(message, "de", full) == f"{full['field']}|{full['what']}"
    assert render(message, "en", full) == f"{full['what']}|{full['field']}"


@given(st.text(alphabet=string.printable))
def test_any_error_message_survives_any_parameter(value: str) -> None:
    error = NotFoundError(what=value)
    assert value in error.message("de")
    assert value in error.message("en")


def _generic(cls: type[PortalkitError]) -> st.SearchStrategy[PortalkitError]:
    """An error built the generic way: any catalog code, its fields filled with any value."""

    def build(code: str, values: st.DataObject) -> PortalkitError:
        fields = sorted(CATALOG[code].fields("en"))
        params = {name: values.draw(PLAIN, label=name) for name in fields}
        return cls(code, **params)

    return st.builds(build, st.sampled_from(sorted(CATALOG)), st.data())


def errors_of(cls: type[PortalkitError]) -> st.SearchStrategy[PortalkitError]:
    """Any instance of *cls*, built through its own constructor."""
    if "code" in inspect.signature(cls.__init__).parameters and cls.__init__ is (
        PortalkitError.__init__
    ):
        return _generic(cls)
    references = st.builds(ReferenceNumber, st.integers(2000, 2999), st.integers(1, 10**6))
    if cls is TicketNotFoundError:
        return st.builds(cls, references | st.text())
    if cls is ReferenceTakenError:
        return st.builds(cls, references)
    if cls is PasswordRejected:
        # The violations the policy finds in short passwords (a short one always breaks a rule).
        results = st.text(max_size=6).map(PasswordPolicy().check)
        return st.builds(cls, results.map(lambda result: result.violations))
    if cls is TransitionNotAllowedError:
        return st.builds(cls, code=st.none())
    # Parameters typed ``object`` take what a caller passes: texts and numbers.
    hints = typing.get_type_hints(cls.__init__)
    loose = {name: PLAIN for name, hint in hints.items() if hint is object}
    return st.builds(cls, **loose)


PLAIN = st.text() | st.integers()


PUBLIC_ERRORS = [cls for cls in all_error_classes() if not cls.__name__.startswith("_")]


@pytest.mark.parametrize("cls", PUBLIC_ERRORS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_error_crosses_a_process_boundary_whole(
    cls: type[PortalkitError], data: st.DataObject
) -> None:
    # Errors travel between processes (multiprocessing, task queues) by pickling; a failing
    # pickle there loses the error silently, and the receiver waits for nothing.
    error = data.draw(errors_of(cls))
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.code, copy.args, dict(copy.params)) == (error.code, error.args, dict(error.params))
    assert copy.messages() == error.messages()
    assert repr(copy) == repr(error)
    # The subclass's own attributes (a conflict's SQLSTATE, a token's purpose) come along.
    assert {k: v for k, v in vars(copy).items() if k != "params"} == {
        k: v for k, v in vars(error).items() if k != "params"
    }
