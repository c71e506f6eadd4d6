"""Inactivity deadlines (seed 000) and legal retention (HGB § 257, AO § 147)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, NaiveDatetimeError, NotFoundError
from portalkit.calendar import (
    DocumentClass,
    DuplicateDocumentClassError,
    NegativePeriodError,
    RetainedDocument,
    RetentionSchedule,
    UnknownDocumentClassError,
    inactivity_deadline,
    is_inactive,
    notice_date,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
GERMANY = RetentionSchedule.germany()
SUPERVISED = RetentionSchedule.germany(supervised_institution=True)

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
years = st.integers(min_value=0, max_value=30)
# hypothesis bounds datetimes by naive wall times and attaches the zone itself.
instants = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, BERLIN, dt.timezone(dt.timedelta(hours=-5))]),
)
kinds = st.sampled_from(GERMANY.kinds)


# Inactivity


@pytest.mark.parametrize(
    ("last_login", "expected"),
    [
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28)),
        (dt.date(2024, 5, 15), dt.date(2026, 5, 15)),
        (dt.date(2023, 12, 31), dt.date(2025, 12, 31)),
    ],
)
def test_login_data_stays_active_for_two_calendar_years(
    last_login: dt.date, expected: dt.date
) -> None:
    assert expected == inactivity_deadline(last_login)


def test_an_instant_keeps_its_time_zone_and_wall_time() -> None:
    last_login = dt.datetime(2024, 7, 1, 9, 15, tzinfo=BERLIN)
    assert dt.datetime(2026, 7, 1, 9, 15, tzinfo=BERLIN) == inactivity_deadline(last_login)


def test_a_deadline_in_the_skipped_dst_hour_moves_to_the_real_wall_time() -> None:
    # 30 Mar 2023 was an ordinary day; on 30 Mar 2025 Berlin skipped 02:00-03:00.
    deadline = inactivity_deadline(dt.datetime(2023, 3, 30, 2, 30, tzinfo=BERLIN))
    assert deadline.isoformat() == "2025-03-30T03:30:00+02:00"


def test_a_naive_last_login_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        inactivity_deadline(dt.datetime(2024, 7, 1, 9, 15))  # noqa: DTZ001 - the point


def test_negative_years_are_refused() -> None:
    with pytest.raises(NegativePeriodError):
        inactivity_deadline(dt.date(2024, 7, 1), years=-2)


def test_the_deadline_day_itself_is_inactive() -> None:
    last_login = dt.date(2024, 2, 29)
    assert not is_inactive(last_login, dt.date(2026, 2, 27))
    assert is_inactive(last_login, dt.date(2026, 2, 28))


def test_the_current_instant_counts_on_its_berlin_day() -> None:
    last_login = dt.date(2024, 5, 15)
    # 14 May 22:30 UTC is 15 May 00:30 in Berlin.
    assert is_inactive(last_login, dt.datetime(2026, 5, 14, 22, 30, tzinfo=UTC))
    assert not is_inactive(last_login, dt.datetime(2026, 5, 14, 21, 30, tzinfo=UTC))


def test_an_instant_of_last_login_is_compared_as_an_instant() -> None:
    last_login = dt.datetime(2024, 5, 15, 10, 0, tzinfo=BERLIN)
    assert not is_inactive(last_login, dt.datetime(2026, 5, 15, 7, 59, tzinfo=UTC))
    assert is_inactive(last_login, dt.datetime(2026, 5, 15, 8, 0, tzinfo=UTC))


def test_an_instant_of_last_login_needs_an_instant_for_now() -> None:
    with pytest.raises(TypeError, match="aware datetime"):
        is_inactive(dt.datetime(2024, 5, 15, 10, 0, tzinfo=BERLIN), dt.date(2026, 5, 16))


def test_the_notice_goes_out_thirty_days_before_the_deadline() -> None:
    assert dt.date(2026, 1, 29) == notice_date(dt.date(2026, 2, 28))
    assert dt.date(2026, 2, 21) == notice_date(dt.date(2026, 2, 28), days_before=7)
    deadline = dt.datetime(2026, 4, 10, 9, 0, tzinfo=BERLIN)
    # Thirty calendar days back cross the spring DST change and keep the wall time.
    assert dt.datetime(2026, 3, 11, 9, 0, tzinfo=BERLIN) == notice_date(deadline)


def test_a_negative_notice_is_refused() -> None:
    with pytest.raises(NegativePeriodError):
        notice_date(dt.date(2026, 2, 28), days_before=-1)


@given(days, years)
def test_the_inactivity_deadline_is_the_same_day_years_later_or_the_month_end(
    last_login: dt.date, years: int
) -> None:
    deadline = inactivity_deadline(last_login, years)
    assert (last_login.year + years, last_login.month) == (deadline.year, deadline.month)
    if deadline.day != last_login.day:
        assert (last_login.month, last_login.day, deadline.day) == (2, 29, 28)
    assert last_login.replace(day=deadline.day) == deadline - relativedelta(years=years)


@given(instants, years)
def test_an_instant_deadline_keeps_the_zone_and_the_date(
    last_login: dt.datetime, years: int
) -> None:
    deadline = inactivity_deadline(last_login, years)
    assert deadline.tzinfo is last_login.tzinfo
    assert inactivity_deadline(last_login.date(), years) == deadline.date()


@given(days, days)
def test_an_account_is_inactive_from_its_deadline_on(last_login: dt.date, today: dt.date) -> None:
    assert (today >= last_login + relativedelta(years=2)) == is_inactive(last_login, today)


@given(days, st.integers(min_value=0, max_value=400))
def test_the_notice_comes_the_given_days_before(deadline: dt.date, days_before: int) -> None:
    assert days_before == (deadline - notice_date(deadline, days_before)).days


# Retention schedule


def test_the_german_preset_lists_the_classes_and_periods_of_domain_md() -> None:
    periods = {document_class.key: document_class.period_years for document_class in GERMANY}
    assert periods == {
        "books": 10,
        "annual_accounts": 10,
        "invoices": 8,
        "booking_vouchers": 8,
        "commercial_letters": 6,
    }


def test_every_class_names_its_legal_source_in_both_languages() -> None:
    for document_class in GERMANY:
        assert "HGB § 257" in document_class.source
        assert "AO § 147" in document_class.source
        assert document_class.name("de") != document_class.name("en")
    assert GERMANY.get("invoices").name("de") == "Rechnungen"
    assert "Bürokratieentlastungsgesetz IV" in GERMANY.get("invoices").source


@pytest.mark.parametrize(
    ("kind", "document_date", "expected"),
    [
        ("invoices", dt.date(2025, 3, 10), dt.date(2033, 12, 31)),
        ("booking_vouchers", dt.date(2025, 12, 31), dt.date(2033, 12, 31)),
        ("books", dt.date(2025, 1, 1), dt.date(2035, 12, 31)),
        ("annual_accounts", dt.date(2024, 6, 30), dt.date(2034, 12, 31)),
        ("commercial_letters", dt.date(2025, 3, 10), dt.date(2031, 12, 31)),
        # BEG IV transition: a 2016 invoice's old period (to 2026) had not run out on
        # 1 Jan 2025, so the new 8 years apply.
        ("invoices", dt.date(2016, 7, 1), dt.date(2024, 12, 31)),
        ("invoices", dt.date(2015, 7, 1), dt.date(2023, 12, 31)),
        # The old period of a 2014 invoice ran out on 31 Dec 2024, before the new law.
        ("invoices", dt.date(2014, 7, 1), dt.date(2024, 12, 31)),
        ("invoices", dt.date(2010, 7, 1), dt.date(2020, 12, 31)),
    ],
)
def test_a_document_is_kept_until_the_end_of_its_year_plus_the_period(
    kind: str, document_date: dt.date, expected: dt.date
) -> None:
    assert expected == GERMANY.retain_until(kind, document_date)


def test_the_law_in_force_on_a_day_decides_for_that_day() -> None:
    invoice_2016 = dt.date(2016, 7, 1)
    assert dt.date(2026, 12, 31) == GERMANY.retain_until(
        "invoices", invoice_2016, as_of=dt.date(2024, 12, 31)
    )
    assert dt.date(2024, 12, 31) == GERMANY.retain_until(
        "invoices", invoice_2016, as_of=dt.date(2025, 1, 1)
    )
    assert GERMANY.is_under_retention("invoices", invoice_2016, dt.date(2024, 12, 31))
    assert not GERMANY.is_under_retention("invoices", invoice_2016, dt.date(2025, 1, 1))


def test_supervised_institutions_apply_the_shorter_period_a_year_later() -> None:
    invoice_2016 = dt.date(2016, 7, 1)
    assert SUPERVISED.is_under_retention("invoices", invoice_2016, dt.date(2025, 6, 1))
    assert not SUPERVISED.is_under_retention("invoices", invoice_2016, dt.date(2026, 1, 1))
    assert dt.date(2033, 12, 31) == SUPERVISED.retain_until("invoices", dt.date(2025, 3, 10))


def test_the_last_day_of_the_period_is_still_under_retention() -> None:
    invoice = dt.date(2025, 3, 10)
    assert GERMANY.is_under_retention("invoices", invoice, dt.date(2033, 12, 31))
    assert not GERMANY.is_under_retention("invoices", invoice, dt.date(2034, 1, 1))


def test_an_unknown_document_class_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownDocumentClassError) as raised:
        GERMANY.retain_until("receipts", dt.date(2025, 1, 1))
    error = raised.value
    assert isinstance(error, NotFoundError)
    assert ("receipts", GERMANY.kinds) == (error.kind, error.known)
    assert "books, annual_accounts, invoices" in error.message("en")


def test_a_schedule_lists_each_class_once() -> None:
    letters = GERMANY.get("commercial_letters")
    with pytest.raises(DuplicateDocumentClassError) as raised:
        RetentionSchedule((letters, letters))
    assert raised.value.kind == "commercial_letters"


def test_a_changed_period_needs_both_the_old_period_and_the_day_of_the_change() -> None:
    with pytest.raises(InvalidValueError):
        DocumentClass("x", "X", "X", 8, "law", previous_period_years=10)
    with pytest.raises(NegativePeriodError):
        DocumentClass("x", "X", "X", -1, "law")


def test_a_custom_schedule_needs_no_transition() -> None:
    schedule = RetentionSchedule((DocumentClass("contracts", "Verträge", "Contracts", 3, "BGB"),))
    assert dt.date(2028, 12, 31) == schedule.retain_until("contracts", dt.date(2025, 5, 5))


@given(kinds, days)
def test_retention_ends_on_a_31_december_at_least_the_period_after_the_document(
    kind: str, document_date: dt.date
) -> None:
    until = GERMANY.retain_until(kind, document_date)
    period = GERMANY.get(kind).period_years
    assert (until.month, until.day) == (12, 31)
    assert until >= document_date + relativedelta(years=period)


@given(kinds, days, days)
def test_from_2025_the_new_periods_alone_decide(
    kind: str, document_date: dt.date, today: dt.date
) -> None:
    # The transition rule of Art. 97 § 19a Abs. 2 EGAO gives every document whose old period
    # was still running the new one; those whose old period had run out were deletable anyway.
    period = GERMANY.get(kind).period_years
    new_rule_keeps = today <= dt.date(document_date.year + period, 12, 31)
    if today >= dt.date(2025, 1, 1):
        assert new_rule_keeps == GERMANY.is_under_retention(kind, document_date, today)


@given(days, days)
def test_before_2025_invoices_were_kept_ten_years(document_date: dt.date, today: dt.date) -> None:
    if today < dt.date(2025, 1, 1):
        old_rule_keeps = today <= dt.date(document_date.year + 10, 12, 31)
        assert old_rule_keeps == GERMANY.is_under_retention("invoices", document_date, today)


@given(kinds, days, days, days)
def test_retention_only_ends_once(
    kind: str, document_date: dt.date, first: dt.date, second: dt.date
) -> None:
    earlier, later = sorted([first, second])
    if GERMANY.is_under_retention(kind, document_date, later):
        assert GERMANY.is_under_retention(kind, document_date, earlier)


# Account deletion


def test_deleting_an_account_restricts_the_documents_still_under_retention() -> None:
    invoice = RetainedDocument("invoices", dt.date(2025, 3, 10), "R-2025-001")
    letter = RetainedDocument("commercial_letters", dt.date(2018, 6, 1), "B-7")
    books = RetainedDocument("books", dt.date(2020, 12, 31), "Hauptbuch 2020")
    split = GERMANY.split([invoice, letter, books], today=dt.date(2026, 2, 1))
    assert (letter,) == split.deletable
    assert [(invoice, dt.date(2033, 12, 31)), (books, dt.date(2030, 12, 31))] == [
        (restriction.document, restriction.until) for restriction in split.restricted
    ]
    assert dt.date(2033, 12, 31) == split.restricted_until


def test_nothing_restricted_has_no_restriction_end() -> None:
    letter = RetainedDocument("commercial_letters", dt.date(2018, 6, 1))
    assert GERMANY.split([letter], dt.date(2026, 1, 1)).restricted_until is None


def test_a_document_of_unknown_class_stops_the_deletion() -> None:
    documents = [
        RetainedDocument("commercial_letters", dt.date(2010, 1, 1)),
        RetainedDocument("receipts", dt.date(2010, 1, 1)),
    ]
    with pytest.raises(UnknownDocumentClassError):
        GERMANY.split(documents, dt.date(2026, 1, 1))


documents = st.builds(RetainedDocument, kinds, days, st.text(max_size=5))


@given(st.lists(documents, max_size=20), days)
def test_the_split_sorts_every_document_once_by_its_deadline(
    given_documents: list[RetainedDocument], today: dt.date
) -> None:
    split = GERMANY.split(given_documents, today)
    restricted = [restriction.document for restriction in split.restricted]
    assert sorted(given_documents, key=repr) == sorted([*split.deletable, *restricted], key=repr)
    for document in split.deletable:
        assert not GERMANY.is_under_retention(document.kind, document.document_date, today)
    for restriction in split.restricted:
        assert restriction.until >= today
        assert restriction.until == GERMANY.retain_until(
            restriction.document.kind, restriction.document.document_date, as_of=today
        )
