"""Previewing, submitting, withdrawing, changing and applying service changes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, NaiveDatetimeError
from portalkit._messages.services import TEXTS
from portalkit.calendar import PauseEndsBeforeStartError, PauseTooLongError, Quarter
from portalkit.services import (
    AboveMaximumError,
    AppliedChanges,
    BackToBackPauseError,
    BelowMinimumError,
    BookedService,
    ChangeConflictError,
    ChangeKind,
    ChangeRequest,
    CutoffPassedError,
    EffectiveDateMovedError,
    QuantityNotHigherError,
    QuantityNotLowerError,
    RequestClosedError,
    RequestStatus,
    ServiceEndedError,
    ServicePausedError,
    ServiceStatus,
    apply_due,
    can_still_change,
    change,
    confirmation_mail,
    preview_change,
    service_on,
    submit_change,
    withdraw,
)
from tests.services.strategies import (
    BERLIN,
    USER,
    add_months,
    berlin_day,
    first_quarter_start_after,
    instants,
    office,
    services,
)

MINIMIZE, MAXIMIZE, PAUSE = ChangeKind.MINIMIZE, ChangeKind.MAXIMIZE, ChangeKind.PAUSE


def berlin(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def submit(
    service: BookedService,
    kind: ChangeKind,
    at: dt.datetime,
    request_id: str = "chg-1",
    **options: object,
) -> ChangeRequest:
    return submit_change(
        service,
        kind,
        request_id=request_id,
        requested_by=USER,
        submitted_at=at,
        **options,  # type: ignore[arg-type]
    )


# Effective dates and cut-offs (seed 000, DOMAIN.md section 3) -------------------------------


@pytest.mark.parametrize(
    ("submitted", "effective", "cutoff"),
    [
        (berlin(2025, 3, 18, 23, 59), dt.date(2025, 4, 1), dt.date(2025, 3, 18)),
        (berlin(2025, 3, 19, 0, 0), dt.date(2025, 7, 1), dt.date(2025, 6, 17)),
        (berlin(2025, 4, 1), dt.date(2025, 7, 1), dt.date(2025, 6, 17)),
        (berlin(2025, 12, 18), dt.date(2026, 1, 1), dt.date(2025, 12, 18)),
        (berlin(2025, 12, 19), dt.date(2026, 4, 1), dt.date(2026, 3, 18)),
        (berlin(2024, 2, 29), dt.date(2024, 4, 1), dt.date(2024, 3, 18)),
    ],
)
def test_a_change_takes_effect_at_the_next_quarter_start_with_14_days_lead_time(
    submitted: dt.datetime, effective: dt.date, cutoff: dt.date
) -> None:
    preview = preview_change(office(), MINIMIZE, submitted_at=submitted, quantity=2)
    assert (preview.effective, preview.cutoff) == (effective, cutoff)


def test_the_preview_names_the_quarter_it_aims_at() -> None:
    preview = preview_change(office(), PAUSE, submitted_at=berlin(2025, 6, 17))
    assert Quarter(2025, 3) == preview.quarter


def test_the_submission_day_is_the_day_in_berlin_not_in_utc() -> None:
    late = dt.datetime(2025, 3, 18, 23, 30, tzinfo=dt.UTC)  # 19 March 00:30 in Berlin
    preview = preview_change(office(), MINIMIZE, submitted_at=late, quantity=2)
    assert dt.date(2025, 7, 1) == preview.effective


def test_a_naive_submission_instant_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        preview_change(office(), MINIMIZE, submitted_at=dt.datetime(2025, 3, 1), quantity=2)  # noqa: DTZ001


def test_a_longer_lead_time_can_be_configured() -> None:
    preview = preview_change(
        office(), MINIMIZE, submitted_at=berlin(2025, 3, 2), quantity=2, lead_days=31
    )
    assert (dt.date(2025, 7, 1), dt.date(2025, 5, 31)) == (preview.effective, preview.cutoff)


@given(service=services(), at=instants(), lead_days=st.integers(0, 60))
def test_the_effective_date_is_the_first_quarter_start_with_the_lead_time(
    service: BookedService, at: dt.datetime, lead_days: int
) -> None:
    preview = preview_change(service, PAUSE, submitted_at=at, lead_days=lead_days)
    day = berlin_day(at)
    assert first_quarter_start_after(day, max(lead_days, 1)) == preview.effective
    assert preview.effective - dt.timedelta(days=max(lead_days, 1)) == preview.cutoff
    assert day <= preview.cutoff


# Summary ----------------------------------------------------------------------------------


def test_the_summary_of_a_minimize_says_what_changes_from_when_and_the_cutoff() -> None:
    preview = preview_change(office(), MINIMIZE, submitted_at=berlin(2025, 3, 18), quantity=2)
    assert preview.summary("de") == (
        "„Unterhaltsreinigung“ wird ab dem 01.04.2025 von 3 auf 2 × pro Woche reduziert. "
        "Sie können den Antrag bis einschließlich 18.03.2025 zurückziehen oder ändern."
    )


def test_the_summary_of_a_pause_says_until_when_and_when_the_service_resumes() -> None:
    preview = preview_change(office(), PAUSE, submitted_at=berlin(2025, 6, 17))
    assert preview.summary("en") == (
        "'Unterhaltsreinigung' will be paused from 2025-07-01 to 2025-09-30 inclusive and "
        "resumes on 2025-10-01. You can withdraw or change the request until 2025-06-17 "
        "inclusive."
    )


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_a_german_and_an_english_version_with_the_same_fields(key: str) -> None:
    text = TEXTS[key]
    assert text.de != text.en
    assert text.fields("de") == text.fields("en")


# Minimize and maximize ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "quantity", "error"),
    [
        (MINIMIZE, 3, QuantityNotLowerError),
        (MINIMIZE, 4, QuantityNotLowerError),
        (MINIMIZE, 1, BelowMinimumError),
        (MAXIMIZE, 3, QuantityNotHigherError),
        (MAXIMIZE, 2, QuantityNotHigherError),
        (MAXIMIZE, 6, AboveMaximumError),
    ],
)
def test_a_quantity_outside_the_direction_or_the_bounds_is_refused(
    kind: ChangeKind, quantity: int, error: type[Exception]
) -> None:
    service = office(3, minimum=2, maximum=5)
    with pytest.raises(error):
        preview_change(service, kind, submitted_at=berlin(2025, 3, 1), quantity=quantity)


def test_the_error_tells_the_user_the_quantity_booked_then_and_the_bound() -> None:
    service = office(3, minimum=2)
    with pytest.raises(BelowMinimumError) as caught:
        preview_change(service, MINIMIZE, submitted_at=berlin(2025, 3, 1), quantity=1)
    assert caught.value.message("de") == (
        "„Unterhaltsreinigung“ kann höchstens auf 2 × pro Woche reduziert werden, nicht auf "
        "1 × pro Woche. Wenn Sie die Leistung beenden möchten, wenden Sie sich bitte an Ihre "
        "Kontaktperson."
    )


@pytest.mark.parametrize(
    "options",
    [{}, {"quantity": True}, {"quantity": 2, "pause_until": dt.date(2025, 5, 1)}],
)
def test_a_minimize_needs_a_quantity_and_no_pause_end(options: dict[str, object]) -> None:
    with pytest.raises(InvalidValueError):
        preview_change(office(), MINIMIZE, submitted_at=berlin(2025, 3, 1), **options)  # type: ignore[arg-type]


def test_a_minimize_is_judged_against_the_quantity_after_earlier_live_requests() -> None:
    service = office(3)
    up = submit(service, MAXIMIZE, berlin(2025, 3, 1), quantity=5)  # from 1 April
    with pytest.raises(QuantityNotLowerError):
        preview_change(service, MINIMIZE, submitted_at=berlin(2025, 5, 1), quantity=5, pending=[up])
    preview = preview_change(
        service, MINIMIZE, submitted_at=berlin(2025, 5, 1), quantity=4, pending=[up]
    )
    assert (preview.quantity_before, preview.quantity) == (5, 4)


def test_a_paused_service_can_still_be_minimized_for_when_it_resumes() -> None:
    service = office(
        3,
        status=ServiceStatus.PAUSED,
        pause_start=dt.date(2025, 4, 1),
        pause_end=dt.date(2025, 7, 1),
    )
    request = submit(service, MINIMIZE, berlin(2025, 5, 2), quantity=2)
    assert dt.date(2025, 7, 1) == request.effective


def test_an_ended_service_cannot_be_changed() -> None:
    with pytest.raises(ServiceEndedError):
        preview_change(office(status=ServiceStatus.ENDED), PAUSE, submitted_at=berlin(2025, 3, 1))


# Pauses (at most 3 months) ------------------------------------------------------------------


def test_a_pause_from_1_july_lasts_until_1_october_at_most() -> None:
    preview = preview_change(office(), PAUSE, submitted_at=berlin(2025, 6, 1))
    assert (dt.date(2025, 7, 1), dt.date(2025, 10, 1), dt.date(2025, 10, 1)) == (
        preview.effective,
        preview.pause_until,
        preview.latest_pause_end,
    )
    with pytest.raises(PauseTooLongError):
        preview_change(
            office(), PAUSE, submitted_at=berlin(2025, 6, 1), pause_until=dt.date(2025, 10, 2)
        )


def test_a_pause_may_end_earlier_than_the_limit_but_not_before_it_starts() -> None:
    early = preview_change(
        office(), PAUSE, submitted_at=berlin(2025, 6, 1), pause_until=dt.date(2025, 8, 15)
    )
    assert dt.date(2025, 8, 15) == early.pause_until
    with pytest.raises(PauseEndsBeforeStartError):
        preview_change(
            office(), PAUSE, submitted_at=berlin(2025, 6, 1), pause_until=dt.date(2025, 7, 1)
        )


def test_a_pause_takes_no_quantity() -> None:
    with pytest.raises(InvalidValueError):
        preview_change(office(), PAUSE, submitted_at=berlin(2025, 6, 1), quantity=2)


def test_a_pause_cannot_start_while_the_service_is_still_paused() -> None:
    service = office(
        status=ServiceStatus.PAUSED,
        pause_start=dt.date(2025, 6, 1),
        pause_end=dt.date(2025, 8, 15),
    )
    with pytest.raises(ServicePausedError) as caught:
        preview_change(service, PAUSE, submitted_at=berlin(2025, 5, 2))
    assert dt.date(2025, 8, 15) == caught.value.paused_until


def test_a_pause_cannot_start_on_the_day_another_pause_ends() -> None:
    first = submit(office(), PAUSE, berlin(2025, 3, 1))  # 1 April to 1 July
    with pytest.raises(BackToBackPauseError):
        preview_change(office(), PAUSE, submitted_at=berlin(2025, 5, 2), pending=[first])
    applied = apply_due([office()], [first], dt.date(2025, 7, 1)).services[0]
    with pytest.raises(BackToBackPauseError):
        preview_change(applied, PAUSE, submitted_at=berlin(2025, 5, 2))


def test_a_pause_cannot_end_on_the_day_a_later_pause_starts() -> None:
    later = ChangeRequest(
        "chg-9",
        "svc-office",
        "acme",
        USER,
        PAUSE,
        berlin(2025, 3, 1),
        dt.date(2025, 7, 1),
        dt.date(2025, 6, 17),
        pause_until=dt.date(2025, 9, 1),
    )
    with pytest.raises(BackToBackPauseError):
        preview_change(office(), PAUSE, submitted_at=berlin(2025, 3, 1), pending=[later])
    preview = preview_change(
        office(),
        PAUSE,
        submitted_at=berlin(2025, 3, 1),
        pause_until=dt.date(2025, 6, 30),
        pending=[later],
    )
    assert dt.date(2025, 6, 30) == preview.pause_until


def test_a_pause_after_a_quarter_of_service_is_allowed() -> None:
    first = submit(office(), PAUSE, berlin(2025, 3, 1))  # 1 April to 1 July
    second = submit(office(), PAUSE, berlin(2025, 6, 18), "chg-2", pending=[first])
    assert (dt.date(2025, 10, 1), dt.date(2026, 1, 1)) == (second.effective, second.pause_until)


@given(at=instants(), months=st.integers(0, 4), days=st.integers(-3, 3))
def test_a_pause_is_accepted_exactly_when_it_ends_within_3_months_after_it_starts(
    at: dt.datetime, months: int, days: int
) -> None:
    start = first_quarter_start_after(berlin_day(at))
    end = add_months(start, months) + dt.timedelta(days=days)
    allowed = start < end <= add_months(start, 3)
    try:
        preview = preview_change(office(), PAUSE, submitted_at=at, pause_until=end)
    except (PauseTooLongError, PauseEndsBeforeStartError):
        assert not allowed
    else:
        assert allowed
        assert end == preview.pause_until


# Conflicts ----------------------------------------------------------------------------------


def test_a_second_request_for_the_same_service_and_quarter_is_refused_clearly() -> None:
    first = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    with pytest.raises(ChangeConflictError) as caught:
        submit(office(), PAUSE, berlin(2025, 3, 10), "chg-2", pending=[first])
    assert caught.value.message("en") == (
        "There is already a change request for 'Unterhaltsreinigung' taking effect on "
        "2025-04-01 (chg-1). Please change or withdraw that request instead of submitting a "
        "second one."
    )


def test_requests_of_other_quarters_services_or_closed_ones_do_not_conflict() -> None:
    first = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    other_service = attrs.evolve(office(), id="svc-windows")
    assert submit(other_service, PAUSE, berlin(2025, 3, 2), "chg-2", pending=[first]).is_live
    withdrawn = withdraw(first, at=berlin(2025, 3, 2))
    assert submit(office(), PAUSE, berlin(2025, 3, 3), "chg-3", pending=[withdrawn]).is_live
    assert dt.date(2025, 7, 1) == (
        submit(office(), PAUSE, berlin(2025, 3, 19), "chg-4", pending=[first]).effective
    )


# Submitting -----------------------------------------------------------------------------------


def test_a_submitted_request_records_what_the_customer_confirmed() -> None:
    at = berlin(2025, 3, 18, 9)
    request = submit(office(), MINIMIZE, at, quantity=2, expected_effective=dt.date(2025, 4, 1))
    expected = ChangeRequest(
        "chg-1",
        "svc-office",
        "acme",
        USER,
        MINIMIZE,
        at,
        dt.date(2025, 4, 1),
        dt.date(2025, 3, 18),
        quantity_before=3,
        quantity=2,
    )
    assert expected == request


def test_a_submission_after_the_summary_s_cutoff_asks_to_confirm_the_later_date() -> None:
    preview = preview_change(
        office(), MINIMIZE, submitted_at=berlin(2025, 3, 18, 23, 59), quantity=2
    )
    with pytest.raises(EffectiveDateMovedError) as caught:
        submit(
            office(),
            MINIMIZE,
            berlin(2025, 3, 19, 0, 1),
            quantity=2,
            expected_effective=preview.effective,
        )
    assert (dt.date(2025, 4, 1), dt.date(2025, 7, 1)) == (
        caught.value.expected,
        caught.value.effective,
    )


# Withdrawing and changing until the cut-off ---------------------------------------------------


def test_a_request_can_be_withdrawn_until_the_end_of_its_cutoff_day_in_berlin() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    last_minute = berlin(2025, 3, 18, 23, 59)
    withdrawn = withdraw(request, at=last_minute)
    assert (RequestStatus.WITHDRAWN, last_minute) == (withdrawn.status, withdrawn.closed_at)
    with pytest.raises(CutoffPassedError) as caught:
        withdraw(request, at=berlin(2025, 3, 19, 0, 0))
    assert "18.03.2025" in caught.value.message("de")


def test_a_request_cannot_be_withdrawn_or_changed_before_it_was_submitted() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 2), quantity=2)
    with pytest.raises(InvalidValueError):
        withdraw(request, at=berlin(2025, 3, 1))
    with pytest.raises(InvalidValueError):
        change(request, office(), new_id="chg-2", at=berlin(2025, 3, 1), quantity=1)


def test_a_closed_request_cannot_be_withdrawn_or_changed_again() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    withdrawn = withdraw(request, at=berlin(2025, 3, 2))
    with pytest.raises(RequestClosedError):
        withdraw(withdrawn, at=berlin(2025, 3, 3))
    with pytest.raises(RequestClosedError):
        change(withdrawn, office(), new_id="chg-2", at=berlin(2025, 3, 3), quantity=1)


def test_changing_replaces_the_request_for_the_same_quarter() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    at = berlin(2025, 3, 18, 20)
    revision = change(request, office(), new_id="chg-2", at=at, quantity=1, pending=[request])
    assert (RequestStatus.REPLACED, at) == (revision.replaced.status, revision.replaced.closed_at)
    new = revision.request
    assert (new.id, new.replaces, new.quantity, new.quantity_before) == ("chg-2", "chg-1", 1, 3)
    assert (request.effective, request.cutoff, at) == (new.effective, new.cutoff, new.submitted_at)


def test_a_change_may_switch_the_kind_and_is_checked_like_a_new_submission() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    revision = change(request, office(), new_id="chg-2", at=berlin(2025, 3, 5), kind=PAUSE)
    assert (PAUSE, None, dt.date(2025, 7, 1)) == (
        revision.request.kind,
        revision.request.quantity,
        revision.request.pause_until,
    )
    with pytest.raises(QuantityNotHigherError):
        change(request, office(), new_id="chg-3", at=berlin(2025, 3, 5), kind=MAXIMIZE, quantity=3)
    with pytest.raises(InvalidValueError):
        change(request, office(), new_id="chg-3", at=berlin(2025, 3, 5), kind=MAXIMIZE)


def test_a_change_after_the_cutoff_or_for_another_service_is_refused() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    with pytest.raises(CutoffPassedError):
        change(request, office(), new_id="chg-2", at=berlin(2025, 3, 19), quantity=1)
    with pytest.raises(InvalidValueError):
        change(
            request,
            attrs.evolve(office(), id="svc-windows"),
            new_id="chg-2",
            at=berlin(2025, 3, 5),
            quantity=1,
        )


@given(
    at=instants(), later=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=120))
)
def test_withdrawing_is_allowed_exactly_until_the_cutoff_day(
    at: dt.datetime, later: dt.timedelta
) -> None:
    request = submit(office(), PAUSE, at)
    when = at + later
    allowed = berlin_day(when) <= request.cutoff
    assert allowed == can_still_change(request, when)
    try:
        withdrawn = withdraw(request, at=when)
    except CutoffPassedError:
        assert not allowed
    else:
        assert allowed
        assert withdrawn.status == RequestStatus.WITHDRAWN


# Applying -----------------------------------------------------------------------------------


def test_a_request_applies_on_its_effective_date_and_not_before() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    before = apply_due([office()], [request], dt.date(2025, 3, 31))
    assert ((office(),), ()) == (before.services, before.requests)
    on = apply_due([office()], [request], dt.date(2025, 4, 1))
    assert on.services[0].quantity == 2
    applied = attrs.evolve(request, status=RequestStatus.APPLIED, applied_on=dt.date(2025, 4, 1))
    assert (applied,) == on.requests


def test_applying_twice_changes_nothing() -> None:
    request = submit(office(), PAUSE, berlin(2025, 3, 1))
    first = apply_due([office()], [request], dt.date(2025, 4, 1))
    second = apply_due(first.services, first.requests, dt.date(2025, 4, 1))
    assert (first.services, ()) == (second.services, second.requests)


def test_a_paused_service_resumes_when_the_pause_ends() -> None:
    request = submit(office(), PAUSE, berlin(2025, 3, 1), pause_until=dt.date(2025, 5, 15))
    paused = apply_due([office()], [request], dt.date(2025, 4, 1)).services[0]
    assert (ServiceStatus.PAUSED, dt.date(2025, 4, 1), dt.date(2025, 5, 15)) == (
        paused.status,
        paused.pause_start,
        paused.pause_end,
    )
    assert apply_due([paused], [], dt.date(2025, 5, 14)).services[0].status == ServiceStatus.PAUSED
    assert apply_due([paused], [], dt.date(2025, 5, 15)).services[0].status == ServiceStatus.ACTIVE


def test_a_late_run_catches_up_in_the_order_of_the_effective_dates() -> None:
    up = submit(office(2), MAXIMIZE, berlin(2025, 3, 1), quantity=4)
    pause = submit(office(2), PAUSE, berlin(2025, 5, 1), "chg-2", pending=[up])
    down = submit(office(2), MINIMIZE, berlin(2025, 8, 1), "chg-3", quantity=3, pending=[up, pause])
    late = apply_due([office(2)], [down, pause, up], berlin(2025, 10, 2, 9))
    assert [request.status for request in late.requests] == [RequestStatus.APPLIED] * 3
    assert [request.id for request in late.requests] == ["chg-1", "chg-2", "chg-3"]
    service = late.services[0]
    assert (service.quantity, service.status) == (3, ServiceStatus.ACTIVE)
    assert service == service_on(office(2), [up, pause, down], dt.date(2025, 10, 2))


def test_a_request_for_a_service_that_ended_meanwhile_lapses() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    ended = office(status=ServiceStatus.ENDED)
    result = apply_due([ended], [request], dt.date(2025, 4, 1))
    assert ((ended,), RequestStatus.LAPSED) == (result.services, result.requests[0].status)


def test_a_quantity_outside_bounds_changed_meanwhile_lapses() -> None:
    request = submit(office(), MAXIMIZE, berlin(2025, 3, 1), quantity=5)
    narrowed = office(maximum=4)
    result = apply_due([narrowed], [request], dt.date(2025, 4, 1))
    assert (result.services[0].quantity, result.requests[0].status) == (3, RequestStatus.LAPSED)


def test_applying_leaves_requests_of_other_services_alone() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    other = attrs.evolve(office(), id="svc-windows")
    result = apply_due([other], [request], dt.date(2025, 4, 1))
    assert AppliedChanges((other,), ()) == result


@given(
    service=services(),
    at=instants(),
    quantity=st.integers(1, 20),
    days=st.integers(0, 400),
)
def test_applying_is_idempotent_for_any_request(
    service: BookedService, at: dt.datetime, quantity: int, days: int
) -> None:
    kind = MINIMIZE if quantity < service.quantity else MAXIMIZE
    try:
        request = submit(service, kind, at, quantity=quantity)
    except (QuantityNotHigherError, AboveMaximumError, BelowMinimumError):
        request = submit(service, PAUSE, at)
    today = berlin_day(at) + dt.timedelta(days=days)
    first = apply_due([service], [request], today)
    assert (request.effective <= today) == bool(first.requests)
    merged = list(first.requests) or [request]
    second = apply_due(first.services, merged, today)
    assert (first.services, ()) == (second.services, second.requests)


# Confirmation mails ---------------------------------------------------------------------------


def test_the_confirmation_mail_names_the_exact_date() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 18, 9), quantity=2)
    mail = confirmation_mail(request, office())
    assert (
        mail.template,
        mail.recipient_id,
        mail.company_id,
    ) == ("service_change_submitted", USER, "acme")
    assert (dt.date(2025, 4, 1), dt.date(2025, 3, 18)) == (
        mail.params["effective"],
        mail.params["cutoff"],
    )
    assert mail.subject("de") == "Ihr Änderungsantrag für „Unterhaltsreinigung“ ist eingegangen"
    assert mail.body("de") == (
        "Guten Tag,\n\nwir haben Ihren Änderungsantrag chg-1 erhalten. „Unterhaltsreinigung“ "
        "wird ab dem 01.04.2025 von 3 auf 2 × pro Woche reduziert.\n\nSie können den Antrag "
        "bis einschließlich 18.03.2025 im Kundenportal zurückziehen oder ändern. Danach wird "
        "er zum 01.04.2025 automatisch umgesetzt."
    )


def test_each_status_gets_its_own_mail_and_a_replaced_request_none() -> None:
    request = submit(office(), MINIMIZE, berlin(2025, 3, 1), quantity=2)
    revision = change(request, office(), new_id="chg-2", at=berlin(2025, 3, 2), quantity=1)
    withdrawn = withdraw(revision.request, at=berlin(2025, 3, 3))
    applied = apply_due([office()], [request], dt.date(2025, 4, 1)).requests[0]
    lapsed = attrs.evolve(applied, status=RequestStatus.LAPSED)
    templates = [
        confirmation_mail(each, office()).template
        for each in (revision.request, withdrawn, applied, lapsed)
    ]
    assert templates == [
        "service_change_changed",
        "service_change_withdrawn",
        "service_change_applied",
        "service_change_lapsed",
    ]
    with pytest.raises(InvalidValueError):
        confirmation_mail(revision.replaced, office())
    with pytest.raises(InvalidValueError):
        confirmation_mail(request, attrs.evolve(office(), id="svc-windows"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_mail_renders_with_its_dates(language: str) -> None:
    request = submit(office(), PAUSE, berlin(2025, 3, 1))
    date = "01.04.2025" if language == "de" else "2025-04-01"
    for each in (request, withdraw(request, at=berlin(2025, 3, 2))):
        mail = confirmation_mail(each, office())
        assert date in mail.body(language)  # type: ignore[arg-type]
        assert mail.subject(language)  # type: ignore[arg-type]
