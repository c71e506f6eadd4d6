"""A stateful test of service changes over time: submit, withdraw, change, wait and apply."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, multiple, rule

from portalkit import PortalkitError
from portalkit.calendar import PauseEndsBeforeStartError, PauseTooLongError
from portalkit.services import (
    AboveMaximumError,
    BackToBackPauseError,
    BelowMinimumError,
    BookedService,
    ChangeConflictError,
    ChangeKind,
    ChangeRequest,
    CutoffPassedError,
    QuantityNotHigherError,
    QuantityNotLowerError,
    RequestClosedError,
    RequestStatus,
    ServicePausedError,
    ServiceStatus,
    apply_due,
    change,
    service_on,
    submit_change,
    withdraw,
)
from tests.services.strategies import BERLIN, COMPANY, USER, add_months, berlin_day
from tests.services.strategies import first_quarter_start_after as effective_for

START = dt.datetime(2025, 1, 5, 9, 0, tzinfo=BERLIN)
SERVICES = (
    BookedService("svc-1", COMPANY, "Unterhaltsreinigung", 3, "× pro Woche", maximum=6),
    BookedService("svc-2", COMPANY, "Winterdienst", 1, "Einsätze pro Tag"),
)
CLOSED_BY_CUSTOMER = (RequestStatus.WITHDRAWN, RequestStatus.REPLACED)


class ServiceChanges(RuleBasedStateMachine):
    request_ids = Bundle("request_ids")

    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.services = {service.id: service for service in SERVICES}
        self.requests: dict[str, ChangeRequest] = {}
        self.issued = 0
        self.pauses: dict[str, list[tuple[dt.date, dt.date]]] = {sid: [] for sid in self.services}

    def next_id(self) -> str:
        self.issued += 1
        return f"chg-{self.issued}"

    def then(self, service_id: str, day: dt.date) -> BookedService:
        others = [r for r in self.requests.values() if r.effective < day]
        return service_on(self.services[service_id], others, day)

    def explain(self, error: PortalkitError, service_id: str, effective: dt.date) -> None:
        """Assert that a refusal is justified by the state the machine knows."""
        live_same_quarter = [
            r
            for r in self.requests.values()
            if r.is_live and r.service_id == service_id and r.effective == effective
        ]
        if isinstance(error, ChangeConflictError):
            assert [r.id for r in live_same_quarter] == [error.existing]
            return
        assert live_same_quarter == []
        then = self.then(service_id, effective)
        if isinstance(error, QuantityNotLowerError):
            assert error.quantity >= then.quantity == error.current
        elif isinstance(error, QuantityNotHigherError):
            assert error.quantity <= then.quantity == error.current
        elif isinstance(error, BelowMinimumError):
            assert error.quantity < then.minimum
        elif isinstance(error, AboveMaximumError):
            assert then.maximum is not None
            assert error.quantity > then.maximum
        elif isinstance(error, PauseTooLongError):
            assert error.end > add_months(effective, 3)
        elif isinstance(error, PauseEndsBeforeStartError):
            assert error.end <= effective
        elif isinstance(error, ServicePausedError):
            assert then.is_paused_on(effective)
        elif isinstance(error, BackToBackPauseError):
            assert then.pause_end == effective or any(
                r.is_live and r.kind is ChangeKind.PAUSE and r.effective == error.end
                for r in self.requests.values()
                if r.service_id == service_id
            )
        else:  # pragma: no cover - any other refusal is a bug
            raise error

    @rule(by=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40)))
    def wait(self, by: dt.timedelta) -> None:
        self.now = (self.now + by).astimezone(BERLIN)

    @rule(
        target=request_ids,
        service_id=st.sampled_from([service.id for service in SERVICES]),
        kind=st.sampled_from(ChangeKind),
        quantity=st.integers(1, 8),
        pause_days=st.none() | st.integers(-3, 100),
    )
    def submit(
        self, service_id: str, kind: ChangeKind, quantity: int, pause_days: int | None
    ) -> object:
        effective = effective_for(berlin_day(self.now))
        pause_until = None
        if kind is ChangeKind.PAUSE and pause_days is not None:
            pause_until = effective + dt.timedelta(days=pause_days)
        request_id = self.next_id()
        try:
            request = submit_change(
                self.services[service_id],
                kind,
                request_id=request_id,
                requested_by=USER,
                submitted_at=self.now,
                quantity=None if kind is ChangeKind.PAUSE else quantity,
                pause_until=pause_until,
                pending=self.requests.values(),
            )
        except PortalkitError as error:
            event(f"submit refused: {error.code}")
            self.explain(error, service_id, effective)
            return multiple()
        assert (request.effective, request.submitted_at) == (effective, self.now)
        self.requests[request.id] = request
        return request.id

    @rule(request_id=request_ids)
    def withdraw(self, request_id: str) -> None:
        request = self.requests[request_id]
        try:
            withdrawn = withdraw(request, at=self.now)
        except RequestClosedError:
            event("withdraw refused: closed")
            assert not request.is_live
        except CutoffPassedError:
            event("withdraw refused: cut-off passed")
            assert request.is_live
            assert berlin_day(self.now) > request.cutoff
        else:
            event("withdrawn")
            assert request.is_live
            assert berlin_day(self.now) <= request.cutoff
            self.requests[request_id] = withdrawn

    @rule(target=request_ids, request_id=request_ids, quantity=st.integers(1, 8))
    def change(self, request_id: str, quantity: int) -> object:
        request = self.requests[request_id]
        new_id = self.next_id()
        options = {} if request.kind is ChangeKind.PAUSE else {"quantity": quantity}
        try:
            revision = change(
                request,
                self.services[request.service_id],
                new_id=new_id,
                at=self.now,
                pending=self.requests.values(),
                **options,  # type: ignore[arg-type]
            )
        except RequestClosedError:
            assert not request.is_live
            return multiple()
        except CutoffPassedError:
            assert berlin_day(self.now) > request.cutoff
            return multiple()
        except (QuantityNotLowerError, QuantityNotHigherError, BelowMinimumError):
            return multiple()
        except AboveMaximumError:
            return multiple()
        assert berlin_day(self.now) <= request.cutoff
        self.requests[request_id] = revision.replaced
        self.requests[new_id] = revision.request
        return new_id

    @rule()
    def apply(self) -> None:
        today = berlin_day(self.now)
        result = apply_due(self.services.values(), self.requests.values(), today)
        for request in result.requests:
            event(f"apply: {request.kind} {request.status}")
            assert request.effective <= today
            self.requests[request.id] = request
            if request.status is RequestStatus.APPLIED and request.kind is ChangeKind.PAUSE:
                assert request.pause_until is not None
                self.pauses[request.service_id].append((request.effective, request.pause_until))
        self.services = {service.id: service for service in result.services}
        again = apply_due(self.services.values(), self.requests.values(), today)
        assert again.requests == ()
        assert again.services == result.services
        assert not any(r.is_live and r.effective <= today for r in self.requests.values())
        for service in self.services.values():
            assert not (service.status is ServiceStatus.PAUSED and service.pause_end <= today)  # type: ignore[operator]

    @invariant()
    def effective_dates_are_quarter_starts_with_the_lead_time(self) -> None:
        for request in self.requests.values():
            day = berlin_day(request.submitted_at)
            assert effective_for(day) == request.effective
            assert request.effective - dt.timedelta(days=14) == request.cutoff
            assert (request.effective - day).days >= 14

    @invariant()
    def a_pause_never_lasts_longer_than_3_months(self) -> None:
        for request in self.requests.values():
            if request.kind is ChangeKind.PAUSE:
                assert request.pause_until is not None
                assert request.effective < request.pause_until <= add_months(request.effective, 3)
        for intervals in self.pauses.values():
            ordered = sorted(intervals)
            for (_, end), (start, _) in itertools.pairwise(ordered):
                assert end < start  # never back to back, so never paused for longer at a stretch

    @invariant()
    def no_two_live_requests_share_a_service_and_quarter(self) -> None:
        keys = [(r.service_id, r.effective) for r in self.requests.values() if r.is_live]
        assert len(set(keys)) == len(keys)

    @invariant()
    def requests_were_withdrawn_or_changed_only_before_the_cutoff(self) -> None:
        for request in self.requests.values():
            if request.status in CLOSED_BY_CUSTOMER:
                assert request.closed_at is not None
                assert berlin_day(request.closed_at) <= request.cutoff

    @invariant()
    def applied_requests_took_effect_on_their_effective_date(self) -> None:
        for request in self.requests.values():
            if request.status in (RequestStatus.APPLIED, RequestStatus.LAPSED):
                assert request.applied_on == request.effective


ServiceChanges.TestCase.settings = settings(
    ServiceChanges.TestCase.settings, stateful_step_count=40
)
TestServiceChanges = ServiceChanges.TestCase
