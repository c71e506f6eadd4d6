"""Kept pages: a page handed out again is the page a fresh rendering gives, token aside.

The ticket list is kept by what it shows (``_pages.render_kept``). While tickets are opened
and closed, names and roles change, support opens and closes, languages switch and flash
messages come and go, every list a user gets is compared with the one rendered anew for the
same request; the form token in it is the user's own and Flask-WTF accepts it.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, session
from flask.testing import FlaskClient
from flask_wtf.csrf import validate_csrf
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from jinja2 import ChoiceLoader, DictLoader

from portalkit import FixedClock
from portalkit.accounts import change_role, update_contact_data
from portalkit.adapters.flask._pages import LAYOUT_VALUES, PAGES_KEPT, PAGES_KEY, render_kept
from portalkit.adapters.flask.demo import DemoAccount, create_demo_data
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import Role
from portalkit.tickets import Priority, TicketState
from portalkit.tickets import use_cases as tickets
from tests.adapters.flask.conftest import (
    ADMIN,
    BERLIN,
    EMPLOYEE,
    MANAGER,
    accounts_of,
    make_account_app,
    make_app,
    signed_in_client,
    without_tokens,
)

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]*)"')
# Tuesday 18 March 2025, 17:50 in Germany: support closes ten minutes later.
BEFORE_CLOSING = dt.datetime(2025, 3, 18, 17, 50, tzinfo=BERLIN)
PEOPLE = (ADMIN, MANAGER, EMPLOYEE)
_LISTS = ("/tickets/", "/tickets/archiv/", "/tickets/?referenz=T")


def _pages(app: Flask) -> dict[Any, Any]:
    kept: dict[Any, Any] = app.extensions[PAGES_KEY][0]
    return kept


def _user_id(app: Flask, account: DemoAccount) -> str:
    with accounts_of(app).unit_of_work() as uow:
        return next(u.id for u in uow.users.all() if str(u.email) == account.email)


def _assert_own_token(app: Flask, client: FlaskClient, page: str) -> None:
    tokens = set(_TOKEN.findall(page))
    assert len(tokens) == 1, tokens
    with client.session_transaction() as stored:
        raw = stored["csrf_token"]
    with app.test_request_context():
        session["csrf_token"] = raw
        validate_csrf(tokens.pop())  # raises if the token is not this session's


class KeptTicketLists(RuleBasedStateMachine):
    """Three users of the demo company read their ticket lists while everything changes."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.clock = FixedClock(BEFORE_CLOSING)
        self.app = self._make_app(Path(self.folder.name))
        self.ids = {account.email: _user_id(self.app, account) for account in PEOPLE}
        self.clients = {account.email: signed_in_client(self.app, account) for account in PEOPLE}
        self.references: list[str] = []
        self.turn = 0

    def _make_app(self, folder: Path) -> Flask:
        return make_account_app(folder, self.clock, MemoryStore())

    def teardown(self) -> None:
        storage = self.app.extensions["portalkit"].storage
        if storage is not None:
            storage.close()
        self.folder.cleanup()

    def _services(self) -> Any:
        return self.app.extensions["portalkit"].tickets

    @rule(
        who=st.sampled_from(PEOPLE),
        subject=st.sampled_from(["Drucker", "<b>fett</b> & 'so'", "Sie", "Überweisung"]),
    )
    def open_a_ticket(self, who: DemoAccount, subject: str) -> None:
        ticket = tickets.open_ticket(
            self._services(),
            self.ids[who.email],
            subject=subject,
            body="Bitte.",
            priority=Priority.HIGH,
        )
        self.references.append(str(ticket.reference))

    @precondition(lambda self: self.references)
    @rule(pick=st.integers(0, 50))
    def close_a_ticket(self, pick: int) -> None:
        reference = self.references[pick % len(self.references)]
        shown = tickets.show_ticket(self._services(), self.ids[ADMIN.email], reference)
        if shown.ticket.state is not TicketState.CLOSED:
            tickets.close(self._services(), self.ids[ADMIN.email], reference)

    @rule(who=st.sampled_from(PEOPLE), title=st.sampled_from(["", "Dr.", "<i>Prof.</i>"]))
    def retitle_a_user(self, who: DemoAccount, title: str) -> None:
        update_contact_data(accounts_of(self.app), self.ids[who.email], title=title)

    @rule(role=st.sampled_from([Role.MANAGER, Role.EMPLOYEE]))
    def change_the_managers_role(self, role: Role) -> None:
        change_role(accounts_of(self.app), self.ids[ADMIN.email], self.ids[MANAGER.email], role)

    @rule(minutes=st.integers(1, 9))
    def time_passes(self, minutes: int) -> None:
        # Support closes at 18:00; sessions stay alive, since every user reads a page often.
        self.clock.advance(dt.timedelta(minutes=minutes))
        for account in PEOPLE:
            if self.clients[account.email].get("/tickets/").status_code != 200:
                self.clients[account.email] = signed_in_client(self.app, account)

    @rule(who=st.sampled_from(PEOPLE))
    def a_flash_message_is_shown_once_and_never_kept(self, who: DemoAccount) -> None:
        client = self.clients[who.email]
        with client.session_transaction() as stored:
            stored["_flashes"] = [("info", "Gespeichert & erledigt")]
        kept = dict(_pages(self.app))
        page = client.get("/tickets/").get_data(as_text=True)
        assert "Gespeichert &amp; erledigt" in page
        assert _pages(self.app) == kept
        assert "Gespeichert" not in client.get("/tickets/").get_data(as_text=True)

    @invariant()
    def every_list_is_the_one_a_fresh_rendering_gives(self) -> None:
        # Every list of every user, in one language a step: a page kept from an earlier step
        # must still be right.
        self.turn += 1
        headers = {"Accept-Language": "de" if self.turn % 2 else "en"}
        for account in PEOPLE:
            client = self.clients[account.email]
            for path in _LISTS:
                response = client.get(path, headers=headers)
                page = response.get_data(as_text=True)
                if response.status_code == 200:
                    _assert_own_token(self.app, client, page)
                kept = dict(_pages(self.app))
                _pages(self.app).clear()
                fresh = client.get(path, headers=headers)
                assert fresh.status_code == response.status_code
                assert without_tokens(page) == without_tokens(fresh.get_data(as_text=True)), (
                    account,
                    path,
                )
                _pages(self.app).update(kept)  # the others stay kept for the next step


TestKeptTicketLists = KeptTicketLists.TestCase
TestKeptTicketLists.settings = settings(max_examples=20, stateful_step_count=15, deadline=None)


class KeptTicketListsOnSqlite(KeptTicketLists):
    """The same on the portal's default store, whose company versions come from triggers."""

    def _make_app(self, folder: Path) -> Flask:
        app = make_app(folder, self.clock, STORAGE="sqlite")
        create_demo_data(accounts_of(app))
        return app


TestKeptTicketListsOnSqlite = KeptTicketListsOnSqlite.TestCase
TestKeptTicketListsOnSqlite.settings = settings(
    max_examples=8, stateful_step_count=12, deadline=None
)


class KeptTicketListsWithoutVersions(KeptTicketLists):
    """The same with a store that counts no versions (as PostgreSQL): kept by the data."""

    def _make_app(self, folder: Path) -> Flask:
        self._counted = tickets.company_data_version
        tickets.company_data_version = _counts_none
        return super()._make_app(folder)

    def teardown(self) -> None:
        tickets.company_data_version = self._counted
        super().teardown()


def _counts_none(services: object, company_id: str) -> None:
    return None


TestKeptTicketListsWithoutVersions = KeptTicketListsWithoutVersions.TestCase
TestKeptTicketListsWithoutVersions.settings = settings(
    max_examples=10, stateful_step_count=12, deadline=None
)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_account_app(tmp_path, FixedClock(BEFORE_CLOSING), MemoryStore())


def test_the_processors_give_only_values_the_key_accounts_for(app: Flask) -> None:
    client = signed_in_client(app, ADMIN)
    with client.application.test_request_context("/tickets/"):
        app.preprocess_request()
        values: dict[str, Any] = {}
        app.update_template_context(values)
    assert set(values) == LAYOUT_VALUES


def test_a_kept_page_is_handed_out_again_with_each_sessions_token(app: Flask) -> None:
    first, second = signed_in_client(app, ADMIN), signed_in_client(app, ADMIN)
    one = first.get("/tickets/").get_data(as_text=True)
    assert len(_pages(app)) == 1
    two = second.get("/tickets/").get_data(as_text=True)
    assert len(_pages(app)) == 1  # the same user, the same list: the kept page
    assert without_tokens(one) == without_tokens(two)
    assert _TOKEN.findall(one) != _TOKEN.findall(two)
    _assert_own_token(app, first, one)
    _assert_own_token(app, second, two)


def test_users_never_get_each_others_pages(app: Flask) -> None:
    pages = {
        account.email: signed_in_client(app, account).get("/tickets/").get_data(as_text=True)
        for account in PEOPLE
    }
    assert len(_pages(app)) == len(PEOPLE)
    assert len({without_tokens(page) for page in pages.values()}) == len(PEOPLE)


def test_a_failed_look_up_is_rendered_each_time(app: Flask) -> None:
    client = signed_in_client(app, ADMIN)
    response = client.get("/tickets/suchen?referenz=kaputt")
    assert response.status_code == 400
    assert _pages(app) == {}


def test_an_app_keeps_a_bounded_number_of_pages(app: Flask) -> None:
    client = signed_in_client(app, ADMIN)
    for number in range(PAGES_KEPT + 5):
        assert client.get(f"/tickets/?referenz={number}").status_code == 200
    assert 0 < len(_pages(app)) <= PAGES_KEPT


def test_a_page_with_the_sessions_own_token_is_served_whole_and_not_kept(
    tmp_path: Path,
) -> None:
    # A macro imported without context takes Flask-WTF's global csrf_token(), not the
    # page's placeholder: that page belongs to its session and must carry its token only.
    app = make_account_app(tmp_path, FixedClock(BEFORE_CLOSING), MemoryStore())
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader(
                {
                    "probe.html": '{% extends "base.html" %}'
                    '{% from "_fields.html" import csrf_field %}'
                    "{% block content %}<form>{{ csrf_field() }}</form>{% endblock %}"
                }
            ),
            app.jinja_env.loader,  # type: ignore[list-item]
        ]
    )

    @app.get("/probe")
    def probe() -> str:
        return render_kept("probe.html", "probe", dict)

    client = signed_in_client(app, ADMIN)
    page = client.get("/probe").get_data(as_text=True)
    placeholder = app.extensions[PAGES_KEY][1]
    assert placeholder not in page
    assert page.count('name="csrf_token"') == 2  # the sign-out form and the probe's
    _assert_own_token(app, client, page)
    assert _pages(app) == {}
