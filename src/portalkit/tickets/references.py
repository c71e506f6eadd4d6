"""Ticket reference numbers: readable, unique per year, protected by ISO 7064 MOD 97-10.

A reference number reads ``T-2025-000123-45``:

- ``T`` marks a ticket, so that nobody mistakes it for a customer or invoice number;
- ``2025`` is the year the ticket was opened (Europe/Berlin), which orients readers and lets the
  counter start again each year;
- ``000123`` is the year's running number from the storage's counter, zero-padded to six digits
  so that numbers sort and read alike (the field widens beyond 999 999 tickets a year);
- ``45`` are two check digits by ISO 7064 MOD 97-10 over the year and running number.

The hyphens group the digits for reading aloud over the phone; :meth:`ReferenceNumber.parse`
does not need them.

Why MOD 97-10: it is the scheme of the IBAN (ISO 13616), which German business customers meet
on every invoice, so "two check digits at the end" is familiar. Since 97 is a prime that divides
neither 10 nor any difference of two digits, it detects every single-digit substitution and
every transposition of adjacent digits, including those that touch the check digits, and about
99 % of all other errors. The Luhn algorithm (ISO/IEC 7812) is weaker: it misses the swap
``09`` ↔ ``90``. Verhoeff and Damm detect both error classes with a single check digit, but
they rest on dihedral groups or quasigroup tables that nobody checks by hand, and neither is
familiar from German business documents; one extra digit buys the IBAN's familiarity and a
hundredfold smaller chance of a random error slipping through.

References:
    ISO 7064:2003 (MOD 97-10); ISO 13616 (IBAN); seed 002 ("Ihr Ticket wird durch eine
    Referenznummer identifiziert").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, Literal, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

import attrs

from portalkit._errors import InvalidValueError
from portalkit.clock import require_aware

PREFIX: Final = "T"
"""The letter that starts every ticket reference number."""

SEQUENCE_DIGITS: Final = 6
"""The running number is zero-padded to this many digits."""

REFERENCE_TIME_ZONE: Final = ZoneInfo("Europe/Berlin")
"""The year of a reference number is the year of opening in this time zone."""

_MAX_INPUT_LENGTH: Final = 64
_SEPARATORS: Final = re.compile(r"[\s\-‐‑‒–—/.]+")
_DIGITS: Final = re.compile(r"[0-9]+")

Reason = Literal["malformed", "check_digits"]


class InvalidReferenceNumberError(InvalidValueError):
    """A text is not a valid ticket reference number.

    :attr:`reason` tells the two cases apart: ``"malformed"`` (code
    ``ticket_reference_malformed``: wrong letters, too few or too many digits) and
    ``"check_digits"`` (code ``ticket_reference_check_digits``: well-formed, but the check
    digits do not match, so at least one digit is mistyped).

    References:
        ISO 7064:2003 (MOD 97-10).
    """

    code = "ticket_reference_malformed"

    def __init__(self, text: str, reason: Reason) -> None:
        self.text = text
        self.reason: Reason = reason
        code = "ticket_reference_check_digits" if reason == "check_digits" else None
        super().__init__(code, text=text)


def check_digits(payload: str) -> int:
    """Return the ISO 7064 MOD 97-10 check digits (2..98) for a string of decimal digits.

    Appending them as two digits makes the whole number leave remainder 1 when divided by 97.

    >>> check_digits("2025000123")
    22

    References:
        ISO 7064:2003, pure system MOD 97-10.
    """
    if not payload or not payload.isascii() or not payload.isdigit():
        msg = f"payload must be ASCII digits, got {payload!r}"
        raise ValueError(msg)
    return 98 - (int(payload) * 100) % 97


def _valid_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1000 <= value <= 9999:
        raise InvalidValueError(field=attribute.name)


def _valid_sequence(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise InvalidValueError(field=attribute.name)


@attrs.frozen(order=True)
class ReferenceNumber:
    """The reference number of one ticket: year and running number; the check digits follow.

    >>> reference = ReferenceNumber(2025, 123)
    >>> str(reference)
    'T-2025-000123-22'
    >>> ReferenceNumber.parse(" t 2025 000123 22 ") == reference
    True

    Raises:
        InvalidValueError: if the year has not four digits or the running number is below 1.

    References:
        seed 002; ISO 7064:2003 (MOD 97-10).
    """

    year: int = attrs.field(validator=_valid_year)
    sequence: int = attrs.field(validator=_valid_sequence)

    @property
    def digits(self) -> str:
        """The year and running number as one digit string, without the check digits."""
        return f"{self.year:04d}{self.sequence:0{SEQUENCE_DIGITS}d}"

    @property
    def check(self) -> int:
        """The two check digits as a number (2..98)."""
        return check_digits(self.digits)

    def format(self) -> str:
        """Return the canonical form, e.g. ``T-2025-000123-22``."""
        return f"{PREFIX}-{self.year:04d}-{self.sequence:0{SEQUENCE_DIGITS}d}-{self.check:02d}"

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def parse(cls, text: str) -> ReferenceNumber:
        """Read a reference number as a person typed or pasted it.

        Case, surrounding whitespace, the leading ``T`` and separators (spaces, hyphens, dashes,
        slashes, dots) are optional: ``t2025000123 22`` reads like ``T-2025-000123-22``.

        Raises:
            InvalidReferenceNumberError: ``reason="malformed"`` if the text does not have the
                shape of a reference number; ``reason="check_digits"`` if the check digits do
                not match.
        """
        cleaned = text.strip()
        if len(cleaned) > _MAX_INPUT_LENGTH:
            raise InvalidReferenceNumberError(text, "malformed")
        if cleaned[:1].upper() == PREFIX:
            cleaned = cleaned[1:]
        digits = _SEPARATORS.sub("", cleaned)
        if not _DIGITS.fullmatch(digits) or len(digits) < 4 + SEQUENCE_DIGITS + 2:
            raise InvalidReferenceNumberError(text, "malformed")
        year, sequence = digits[:4], digits[4:-2]
        # Beyond six digits the running number is written without padding, so every number has
        # exactly one spelling; a leading zero there means a digit too many.
        if len(sequence) > SEQUENCE_DIGITS and sequence[0] == "0":
            raise InvalidReferenceNumberError(text, "malformed")
        if int(digits) % 97 != 1:
            raise InvalidReferenceNumberError(text, "check_digits")
        # Only now: a typo that turns the year's first digit into 0 is a check-digit error.
        if year[0] == "0" or int(sequence) == 0:
            raise InvalidReferenceNumberError(text, "malformed")
        return cls(int(year), int(sequence))


@runtime_checkable
class ReferenceCounter(Protocol):
    """Hands out the running numbers of reference numbers; implemented by the storage.

    The storage must never hand out a number twice for the same year, also not under
    concurrent use (a row lock or an atomic ``UPDATE ... RETURNING``); gaps are harmless.
    """

    def next_value(self, year: int) -> int:
        """Return the next unused running number (1, 2, 3, ...) for *year*."""
        ...


def issue_reference(counter: ReferenceCounter, opened_at: dt.datetime) -> ReferenceNumber:
    """Return a new reference number for a ticket opened at *opened_at*.

    The year is the calendar year of *opened_at* in Europe/Berlin, so a ticket opened at
    New Year's midnight in Germany carries the new year.

    Raises:
        NaiveDatetimeError: if *opened_at* has no time zone.
    """
    year = require_aware(opened_at, "opened_at").astimezone(REFERENCE_TIME_ZONE).year
    return ReferenceNumber(year, counter.next_value(year))
