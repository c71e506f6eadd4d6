"""Requesting access: the 10-Werktage deadline now, the form behind its seam."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock, InvalidValueError
from portalkit.accounts import MailTemplate
from portalkit.adapters.flask import AccessRequest, Portal, create_app
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import BERLIN, MOMENT, mails_to, make_app, post_form

PATH = "/zugang-beantragen/"


class RecordingReceiver:
    """Keeps the requests it gets, as the account use cases will."""

    def __init__(self) -> None:
        self.requests: list[AccessRequest] = []

    def submit(self, request: AccessRequest) -> None:
        if request.company == "Abgelehnt GmbH":
            raise InvalidValueError(field="company")
        self.requests.append(request)


def app_with(tmp_path: Path, receiver: RecordingReceiver) -> Flask:
    import attrs

    portal = attrs.evolve(
        Portal.from_config({"HOLIDAY_STATE": "BY"}, clock=FixedClock(MOMENT)),
        access_requests=receiver,
    )
    return create_app(
        {"TESTING": True, "ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)},
        portal=portal,
    )


def test_the_deadline_of_a_request_made_on_18_march_is_saturday_29_march(
    client: FlaskClient,
) -> None:
    # 19–22 and 24–29 March are ten Werktage; Sunday 23 March does not count.
    page = client.get(PATH).get_data(as_text=True)
    assert "Ein Antrag von heute, Dienstag, 18. März 2025, ist spätestens am Samstag, " in page
    assert "29. März 2025 eingerichtet." in page
    assert "<tr><td>Sonntag, 23. März 2025</td><td>Sonntag</td></tr>" in page


def test_holidays_on_the_way_are_named(tmp_path: Path) -> None:
    # From Tuesday 15 April 2025: Good Friday, Easter Monday and two Sundays do not count.
    app = make_app(tmp_path, FixedClock(dt.datetime(2025, 4, 15, 9, 0, tzinfo=BERLIN)))
    page = app.test_client().get(PATH, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<tr><td>Friday, April 18, 2025</td><td>Karfreitag</td></tr>" in page
    assert "<tr><td>Monday, April 21, 2025</td><td>Ostermontag</td></tr>" in page
    assert "is set up by Tuesday, April 29, 2025 at the latest." in page


def test_the_number_of_werktage_is_configurable(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock, ACCESS_REQUEST_WORKING_DAYS=1)
    page = app.test_client().get(PATH).get_data(as_text=True)
    assert "spätestens am Mittwoch, 19. März 2025 eingerichtet." in page


def test_without_a_receiver_the_page_says_honestly_that_it_takes_no_requests(
    tmp_path: Path,
) -> None:
    import attrs

    portal = attrs.evolve(
        Portal.from_config({"HOLIDAY_STATE": "BY"}, clock=FixedClock(MOMENT)),
        access_requests=None,
    )
    app = create_app(
        {"TESTING": True, "ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)},
        portal=portal,
    )
    page = app.test_client().get(PATH).get_data(as_text=True)
    assert "Dieses Portal nimmt noch keine Anträge entgegen." in page
    assert "<form" not in page


def test_with_a_receiver_the_form_appears(tmp_path: Path) -> None:
    page = app_with(tmp_path, RecordingReceiver()).test_client().get(PATH).get_data(as_text=True)
    assert "<form" in page
    for field in ("name", "company", "email", "customer_number", "message"):
        assert f'<label for="{field}">' in page


def test_a_complete_request_reaches_the_receiver_with_its_deadline(tmp_path: Path) -> None:
    receiver = RecordingReceiver()
    client = app_with(tmp_path, receiver).test_client()
    data = {"name": " Erika Mustermann ", "company": "Beispiel AG", "email": "erika@example.de"}
    response = post_form(client, PATH, data)
    assert response.status_code == 303
    assert [
        AccessRequest(
            name="Erika Mustermann",
            company="Beispiel AG",
            email="erika@example.de",
            customer_number="",
            message="",
            submitted_at=MOMENT,
            deadline=dt.date(2025, 3, 29),
        )
    ] == receiver.requests
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ihr Antrag ist eingegangen." in page
    assert "Samstag, 29. März 2025" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"company": "Beispiel AG", "email": "e@example.de"}, "Bitte geben Sie Ihren Namen an."),
        ({"name": "Erika", "company": "Beispiel AG", "email": "kein-at"}, "name@beispiel.de"),
        ({"name": "Erika", "email": "e@example.de"}, "Bitte geben Sie Ihre Firma an."),
    ],
)
def test_an_incomplete_request_is_shown_again_and_not_kept(
    tmp_path: Path, data: dict[str, str], message: str
) -> None:
    receiver = RecordingReceiver()
    client = app_with(tmp_path, receiver).test_client()
    response = post_form(client, PATH, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert receiver.requests == []


def test_a_request_the_receiver_refuses_shows_its_message(tmp_path: Path) -> None:
    receiver = RecordingReceiver()
    client = app_with(tmp_path, receiver).test_client()
    data = {"name": "Erika", "company": "Abgelehnt GmbH", "email": "e@example.de"}
    response = post_form(client, PATH, data)
    assert response.status_code == 400
    assert "Der Wert für „company“ ist ungültig." in response.get_data(as_text=True)


_SHARED: dict[str, tuple[FixedClock, FlaskClient]] = {}


def shared_client(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixedClock, FlaskClient]:
    if "app" not in _SHARED:
        clock = FixedClock(MOMENT)
        _SHARED["app"] = (clock, make_app(tmp_path_factory.mktemp("access"), clock).test_client())
    return _SHARED["app"]


@given(day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 1)))
def test_the_deadline_is_the_tenth_werktag_after_today(
    tmp_path_factory: pytest.TempPathFactory, day: dt.date
) -> None:
    clock, client = shared_client(tmp_path_factory)
    clock.set(dt.datetime.combine(day, dt.time(12), tzinfo=BERLIN))
    bavarian = holidays.country_holidays("DE", subdiv="BY", years=[day.year, day.year + 1])
    deadline, counted = day, 0
    while counted < 10:  # Werktage: Monday to Saturday, not a public holiday
        deadline += dt.timedelta(days=1)
        counted += deadline.weekday() < 6 and deadline not in bavarian
    page = client.get(PATH, headers={"Accept-Language": "en"}).get_data(as_text=True)
    expected = f"is set up by {deadline:%A, %B} {deadline.day}, {deadline.year} at the latest."
    assert expected in page


def test_the_portal_keeps_requests_through_the_account_use_cases(
    demo_app: Flask, demo_client: FlaskClient, store: MemoryStore
) -> None:
    response = post_form(
        demo_client,
        PATH + "?lang=en",
        {"name": "Erika Muster", "company": "Muster GmbH", "email": "erika@muster.de"},
    )
    assert response.status_code == 303
    (request,) = store.access_requests.values()
    assert (request.company_name, request.contact_name, str(request.email)) == (
        "Muster GmbH",
        "Erika Muster",
        "erika@muster.de",
    )
    assert request.deadline == dt.date(2025, 3, 29)
    (mail,) = mails_to(store, "erika@muster.de", MailTemplate.ACCESS_REQUEST_RECEIVED)
    assert mail.language == "en"
    assert mail.params["deadline"] == "2025-03-29"
