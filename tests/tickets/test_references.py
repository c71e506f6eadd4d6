"""Ticket reference numbers and their MOD 97-10 check digits."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.iso7064 import mod_97_10

from portalkit import InvalidValueError, NaiveDatetimeError
from portalkit.tickets.references import (
    InvalidReferenceNumberError,
    ReferenceCounter,
    ReferenceNumber,
    check_digits,
    issue_reference,
)
from tests.tickets.strategies import MemoryReferenceCounter, instants, references

DIGITS = "0123456789"


def substitutions(digits: str) -> list[str]:
    return [
        digits[:i] + other + digits[i + 1 :]
        for i, digit in enumerate(digits)
        for other in DIGITS
        if other != digit
    ]


def adjacent_transpositions(digits: str) -> list[str]:
    return [
        digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1]
    ]


def written_digits(reference: ReferenceNumber) -> str:
    return reference.format().removeprefix("T").replace("-", "")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        # ISO 13616 examples: BBAN, then the country's letters as numbers (A=10 ... Z=35).
        ("370400440532013000" + "1314", 89),  # DE89 3704 0044 0532 0130 00
        ("3214282912345698765432" + "1611", 82),  # GB82 WEST 1234 5698 7654 32
    ],
)
def test_check_digits_are_those_of_published_ibans(payload: str, expected: int) -> None:
    assert expected == check_digits(payload)


@pytest.mark.parametrize("payload", ["", "12a4", "１２３"])
def test_check_digits_need_ascii_digits(payload: str) -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        check_digits(payload)


def test_a_reference_number_reads_with_prefix_year_number_and_check_digits() -> None:
    reference = ReferenceNumber(2025, 123)
    assert reference.format() == "T-2025-000123-22"
    assert str(reference) == "T-2025-000123-22"
    assert reference.check == 22
    assert int("202500012322") % 97 == 1


def test_the_running_number_widens_beyond_six_digits() -> None:
    reference = ReferenceNumber(2025, 1_234_567)
    assert reference.format().startswith("T-2025-1234567-")
    assert reference == ReferenceNumber.parse(reference.format())


@pytest.mark.parametrize(
    "text",
    [
        "T-2025-000123-22",
        "t-2025-000123-22",
        "  T 2025 000123 22\n",
        "T2025000123-22",
        "202500012322",
        "2025/000123/22",
        "T–2025–000123–22",
        "T.2025.000123.22",
    ],
)
def test_parse_accepts_case_whitespace_and_separators(text: str) -> None:
    assert ReferenceNumber(2025, 123) == ReferenceNumber.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "T-",
        "X-2025-000123-22",
        "T-2025-00123-22",
        "T-2025-000123-2",
        "T-2025-000123-22x",
        "T-0025-000123-32",
        "T-2025-0000123-22",
        "T-2025-000000-03",
        "T-2025-000123-22" + "0" * 60,
        "TT-2025-000123-22",
        "T-2025-000１23-22",
    ],
)
def test_parse_rejects_malformed_text(text: str) -> None:
    with pytest.raises(InvalidReferenceNumberError) as caught:
        ReferenceNumber.parse(text)
    assert caught.value.reason == "malformed"
    assert caught.value.code == "ticket_reference_malformed"
    assert text == caught.value.text


def test_parse_rejects_a_typo_as_wrong_check_digits_with_a_german_message() -> None:
    with pytest.raises(InvalidReferenceNumberError) as caught:
        ReferenceNumber.parse("T-2025-000132-22")
    assert caught.value.reason == "check_digits"
    assert caught.value.code == "ticket_reference_check_digits"
    assert isinstance(caught.value, InvalidValueError)
    assert isinstance(caught.value, ValueError)
    assert "Ziffer für Ziffer" in caught.value.message("de")


@pytest.mark.parametrize(("year", "sequence"), [(999, 1), (10_000, 1), (2025, 0), (2025, -1)])
def test_a_reference_number_needs_a_four_digit_year_and_a_positive_number(
    year: int, sequence: int
) -> None:
    with pytest.raises(InvalidValueError):
        ReferenceNumber(year, sequence)


def test_luhn_would_miss_the_swap_of_09_and_90_that_mod_97_catches() -> None:
    # The docstring's reason for not using Luhn (ISO/IEC 7812), checked rather than trusted.
    assert luhn.checksum("0901") == luhn.checksum("9001")
    digits = written_digits(ReferenceNumber(2025, 900))
    swapped = digits.replace("0900", "9000", 1)
    assert luhn.checksum(digits[:-2]) == luhn.checksum(swapped[:-2])
    with pytest.raises(InvalidReferenceNumberError):
        ReferenceNumber.parse(swapped)


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
def test_check_digits_agree_with_python_stdnum(payload: str) -> None:
    assert mod_97_10.calc_check_digits(payload) == f"{check_digits(payload):02d}"


@given(references)
def test_python_stdnum_accepts_every_reference_number(reference: ReferenceNumber) -> None:
    assert mod_97_10.is_valid(written_digits(reference))


@given(references)
def test_format_and_parse_round_trip(reference: ReferenceNumber) -> None:
    assert reference == ReferenceNumber.parse(reference.format())
    assert reference == ReferenceNumber.parse(written_digits(reference).lower())


@given(references)
def test_every_single_digit_substitution_is_detected(reference: ReferenceNumber) -> None:
    for typo in substitutions(written_digits(reference)):
        with pytest.raises(InvalidReferenceNumberError):
            ReferenceNumber.parse(typo)


@given(references)
def test_every_adjacent_transposition_is_detected(reference: ReferenceNumber) -> None:
    for typo in adjacent_transpositions(written_digits(reference)):
        with pytest.raises(InvalidReferenceNumberError):
            ReferenceNumber.parse(typo)


def test_no_typo_of_the_first_thousand_numbers_of_a_year_goes_unnoticed() -> None:
    # Exhaustive over a block, beside the random examples above: 119 typos per number.
    for sequence in range(1, 1001):
        digits = written_digits(ReferenceNumber(2025, sequence))
        for typo in (*substitutions(digits), *adjacent_transpositions(digits)):
            try:
                ReferenceNumber.parse(typo)
            except InvalidReferenceNumberError:
                continue
            pytest.fail(f"{typo} passed for {digits}")


def test_a_twelve_digit_typo_is_reported_as_a_check_digit_error() -> None:
    for typo in adjacent_transpositions(written_digits(ReferenceNumber(2025, 4711))):
        with pytest.raises(InvalidReferenceNumberError) as caught:
            ReferenceNumber.parse(typo)
        assert caught.value.reason == "check_digits"


def test_issued_reference_numbers_count_up_per_berlin_year() -> None:
    counter = MemoryReferenceCounter()
    new_year_in_berlin = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    before = dt.datetime(2025, 12, 31, 22, 30, tzinfo=dt.UTC)
    assert ReferenceNumber(2025, 1) == issue_reference(counter, before)
    assert ReferenceNumber(2026, 1) == issue_reference(counter, new_year_in_berlin)
    assert ReferenceNumber(2025, 2) == issue_reference(counter, before)


def test_issuing_needs_an_aware_instant() -> None:
    with pytest.raises(NaiveDatetimeError):
        issue_reference(MemoryReferenceCounter(), dt.datetime(2025, 1, 1))  # noqa: DTZ001


def test_the_memory_counter_satisfies_the_port() -> None:
    assert isinstance(MemoryReferenceCounter(), ReferenceCounter)


@given(st.lists(instants, max_size=50))
def test_issued_reference_numbers_are_unique(moments: list[dt.datetime]) -> None:
    counter = MemoryReferenceCounter()
    issued = [issue_reference(counter, moment) for moment in moments]
    assert len(issued) == len(set(issued))
    assert len(issued) == len({reference.format() for reference in issued})
