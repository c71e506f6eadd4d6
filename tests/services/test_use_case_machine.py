"""A stateful test of the service-change use cases on the memory adapter, with two companies.

Every step goes through :mod:`portalkit.services.use_cases`. A refused step must leave the store
exactly as it was; applying due changes a second time must change nothing.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from portalkit._errors import PortalkitError
from portalkit.adapters.memory import MemoryStore
from portalkit.services import use_cases as uc
from portalkit.services.model import ChangeKind, RequestStatus
from tests.services.strategies import add_months, berlin_day
from tests.services.strategies import first_quarter_start_after as effective_for
from tests.services.world import ServiceWorld

PEOPLE = {"maria": "acme", "greta": "globex", "anna": "acme"}
SERVICES = {"office": "acme", "windows": "acme", "snow": "globex"}


def snapshot(store: MemoryStore) -> MemoryStore:
    copy = MemoryStore()
    store.copy_into(copy)
    return copy


class ServiceChangeUseCases(RuleBasedStateMachine):
    requests = Bundle("requests")

    def __init__(self) -> None:
        super().__init__()
        self.world = ServiceWorld()
        self.world.clock.set(dt.datetime(2025, 1, 5, 9, 0, tzinfo=dt.UTC))

    @property
    def store(self) -> MemoryStore:
        return self.world.store

    def refused_without_trace(self, call: object) -> object | None:
        before = snapshot(self.store)
        try:
            return call()  # type: ignore[operator]
        except PortalkitError:
            assert before == self.store
            return None

    @rule(
        target=requests,
        person=st.sampled_from(sorted(PEOPLE)),
        service=st.sampled_from(sorted(SERVICES)),
        kind=st.sampled_from(ChangeKind),
        quantity=st.integers(min_value=1, max_value=7),
        pause_months=st.integers(min_value=1, max_value=4),
    )
    def submit(
        self, person: str, service: str, kind: ChangeKind, quantity: int, pause_months: int
    ) -> str:
        effective = effective_for(berlin_day(self.world.clock.now()))
        options: dict[str, object] = (
            {"pause_until": add_months(effective, pause_months)}
            if kind is ChangeKind.PAUSE
            else {"quantity": quantity}
        )
        mails = len(self.store.outbox)
        request = self.refused_without_trace(
            lambda: uc.submit_service_change(self.world.services, person, service, kind, **options)
        )
        if request is None:
            return ""
        assert person != "anna"  # employees may not change services
        assert PEOPLE[person] == SERVICES[service]
        assert mails + 1 == len(self.store.outbox)
        return request.id  # type: ignore[attr-defined,no-any-return]

    @rule(request_id=requests, person=st.sampled_from(sorted(PEOPLE)))
    def withdraw(self, request_id: str, person: str) -> None:
        withdrawn = self.refused_without_trace(
            lambda: uc.withdraw_service_change(self.world.services, person, request_id)
        )
        if withdrawn is not None:
            assert person != "anna"
            assert PEOPLE[person] == self.store.change_requests[request_id].company_id
            assert self.store.change_requests[request_id].status == RequestStatus.WITHDRAWN

    @rule(request_id=requests, quantity=st.integers(min_value=1, max_value=7))
    def change(self, request_id: str, quantity: int) -> None:
        old = self.store.change_requests.get(request_id)
        kind = None if old is None or old.kind is not ChangeKind.PAUSE else ChangeKind.MAXIMIZE
        changed = self.refused_without_trace(
            lambda: uc.change_service_change(
                self.world.services, "maria", request_id, kind=kind, quantity=quantity
            )
        )
        if changed is not None:
            assert old is not None
            assert self.store.change_requests[request_id].status == RequestStatus.REPLACED
            assert old.effective == changed.effective  # type: ignore[attr-defined]

    @rule(days=st.integers(min_value=1, max_value=60))
    def time_passes_and_the_daily_step_runs(self, days: int) -> None:
        self.world.clock.advance(dt.timedelta(days=days))
        uc.apply_due_changes(self.world.services)
        once = snapshot(self.store)
        again = uc.apply_due_changes(self.world.services)
        assert again.requests == ()
        assert once == self.store

    @invariant()
    def effective_dates_are_quarter_starts_with_the_lead_time(self) -> None:
        for request in self.store.change_requests.values():
            # Also a changed request: it is made before the cut-off, so it still reaches the date.
            assert request.effective == effective_for(berlin_day(request.submitted_at))
            assert request.effective.day == 1
            assert request.effective.month in (1, 4, 7, 10)
            assert (request.effective - berlin_day(request.submitted_at)).days >= 14

    @invariant()
    def pauses_last_at_most_three_months(self) -> None:
        for request in self.store.change_requests.values():
            if request.pause_until is not None:
                assert request.pause_until <= add_months(request.effective, 3)
        for service in self.store.booked_services.values():
            if service.pause_start is not None and service.pause_end is not None:
                assert service.pause_end <= add_months(service.pause_start, 3)

    @invariant()
    def one_live_request_per_service_and_quarter(self) -> None:
        live = [
            (r.service_id, r.effective) for r in self.store.change_requests.values() if r.is_live
        ]
        assert len(live) == len(set(live))

    @invariant()
    def requests_belong_to_the_services_company(self) -> None:
        for request in self.store.change_requests.values():
            assert SERVICES[request.service_id] == request.company_id
            assert PEOPLE[request.requested_by] == request.company_id


ServiceChangeUseCases.TestCase.settings = settings(stateful_step_count=30)
test_service_change_use_cases = ServiceChangeUseCases.TestCase
