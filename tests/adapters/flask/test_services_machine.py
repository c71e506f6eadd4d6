"""The service pages as a lifecycle: changes previewed, confirmed, withdrawn and changed over time.

A manager clicks through the pages while days pass and the daily step runs; after every step
the pages and the store agree: the list offers withdraw and change exactly for the changes
still open, and every live change aims at the quarter its submission day reached.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from portalkit import FixedClock
from portalkit.adapters.memory import MemoryStore
from portalkit.calendar import effective_quarter_start
from portalkit.services import can_still_change
from portalkit.services.use_cases import apply_due_changes
from tests.adapters.flask.conftest import MANAGER, MOMENT, csrf_token, make_account_app
from tests.adapters.flask.conftest import signed_in_client as sign_in
from tests.adapters.flask.test_services import book_demo_services, services_of

_HIDDEN = re.compile(r'name="(\w+)" type="hidden" value="([^"]*)"')


class ServicePages(RuleBasedStateMachine):
    """A manager of the demo company on the service pages, with a clock that moves."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.store = MemoryStore()
        self.clock = FixedClock(MOMENT)
        self.app = make_account_app(Path(self.folder.name), self.clock, self.store)
        office, windows = book_demo_services(self.app, self.store)
        self.service_ids = [office.id, windows.id]
        self.client = sign_in(self.app, MANAGER)

    def teardown(self) -> None:
        self.folder.cleanup()

    def _post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        token = csrf_token(self.client, "/konto/")
        response = self.client.post(path, data={**data, "csrf_token": token})
        return response.status_code, response.get_data(as_text=True)

    def _live(self) -> list[str]:
        return sorted(r.id for r in self.store.change_requests.values() if r.is_live)

    @rule(
        service=st.integers(0, 1),
        kind=st.sampled_from(["minimize", "maximize", "pause"]),
        quantity=st.integers(1, 6),
    )
    def request_a_change(self, service: int, kind: str, quantity: int) -> None:
        service_id = self.service_ids[service]
        before = dict(self.store.change_requests)
        status, page = self._post(
            f"/leistungen/{service_id}/vorschau", {"kind": kind, "quantity": str(quantity)}
        )
        assert self.store.change_requests == before  # the preview writes nothing
        if status != 200:
            assert status == 400
            return
        shown = dict(_HIDDEN.findall(page))
        status, _ = self._post(f"/leistungen/{service_id}/einreichen", shown)
        assert status == 303
        (new,) = [r for i, r in self.store.change_requests.items() if i not in before]
        assert new.effective.isoformat() == shown["expected_effective"]

    @rule(pick=st.integers(0, 10))
    def withdraw_a_change(self, pick: int) -> None:
        live = self._live()
        if not live:
            return
        request = self.store.change_requests[live[pick % len(live)]]
        open_ = can_still_change(request, self.clock.now())
        status, _ = self._post(f"/leistungen/aenderungen/{request.id}/zurueckziehen", {})
        assert status == (303 if open_ else 400)
        assert self.store.change_requests[request.id].is_live is not open_

    @rule(pick=st.integers(0, 10), quantity=st.integers(1, 6))
    def change_a_change(self, pick: int, quantity: int) -> None:
        live = self._live()
        if not live:
            return
        request = self.store.change_requests[live[pick % len(live)]]
        data = {"kind": str(request.kind), "quantity": str(quantity), "pause_until": ""}
        status, _ = self._post(f"/leistungen/aenderungen/{request.id}/aendern", data)
        changed = not self.store.change_requests[request.id].is_live
        assert (status == 303) is changed
        if changed:
            (replacement,) = [
                r for r in self.store.change_requests.values() if r.replaces == request.id
            ]
            assert replacement.effective == request.effective

    @rule(days=st.integers(1, 40))
    def time_passes_and_the_daily_step_runs(self, days: int) -> None:
        self.clock.advance(dt.timedelta(days=days))
        apply_due_changes(services_of(self.app))
        self.client = sign_in(self.app, MANAGER)  # the old session has gone idle

    @invariant()
    def the_list_offers_withdraw_exactly_for_the_open_changes(self) -> None:
        page = self.client.get("/leistungen/").get_data(as_text=True)
        offered = set(re.findall(r"/leistungen/aenderungen/(\w+)/zurueckziehen", page))
        now = self.clock.now()
        open_ = {r.id for r in self.store.change_requests.values() if can_still_change(r, now)}
        assert offered == open_

    @invariant()
    def every_live_change_aims_at_the_quarter_its_submission_reached(self) -> None:
        for request in self.store.change_requests.values():
            if request.is_live and request.replaces is None:
                assert request.effective == effective_quarter_start(request.submitted_at)


TestServicePages = ServicePages.TestCase
TestServicePages.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
