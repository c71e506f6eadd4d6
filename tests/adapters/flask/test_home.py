"""The start page: what the portal offers, support hours and whether support is open now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from tests.adapters.flask.conftest import BERLIN, make_app


def page_at(tmp_path: Path, when: dt.datetime, language: str = "de", **settings: object) -> str:
    app = make_app(tmp_path, FixedClock(when), **settings)
    response = app.test_client().get("/", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("de", ["Ihr Kundenportal", "Leistungen anpassen", "bis zu 10 Werktage", "Mo–Fr"]),
        ("en", ["Your customer portal", "Adjust services", "up to 10 working days", "Monday"]),
    ],
)
def test_the_start_page_tells_what_the_portal_offers(
    client: FlaskClient, language: str, texts: list[str]
) -> None:
    page = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
    for text in texts:
        assert text in page


def test_support_is_open_on_a_tuesday_morning(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Der Support ist jetzt erreichbar." in page


def test_on_a_saturday_support_opens_again_on_monday_at_eight(tmp_path: Path) -> None:
    page = page_at(tmp_path, dt.datetime(2025, 3, 22, 11, 0, tzinfo=BERLIN))
    assert "wieder erreichbar am Montag, 24. März 2025, 08:00" in page


def test_in_english_the_next_opening_reads_in_english(tmp_path: Path) -> None:
    page = page_at(tmp_path, dt.datetime(2025, 3, 22, 11, 0, tzinfo=BERLIN), "en")
    assert "Support is closed now. It opens again on Monday, March 24, 2025" in page


def test_support_is_closed_on_labour_day(tmp_path: Path) -> None:
    page = page_at(tmp_path, dt.datetime(2025, 5, 1, 10, 0, tzinfo=BERLIN))
    assert "Freitag, 2. Mai 2025, 08:00" in page


def test_epiphany_closes_support_in_bavaria_but_not_nationwide(tmp_path: Path) -> None:
    epiphany = dt.datetime(2025, 1, 6, 10, 0, tzinfo=BERLIN)
    assert "jetzt geschlossen" in page_at(tmp_path / "by", epiphany)
    nationwide = page_at(tmp_path / "de", epiphany, HOLIDAY_STATE="")
    assert "jetzt erreichbar" in nationwide
    assert "bundesweiten Feiertagen" in nationwide


def test_support_closes_at_six_in_the_evening(tmp_path: Path) -> None:
    assert "jetzt erreichbar" in page_at(tmp_path, dt.datetime(2025, 3, 18, 17, 59, tzinfo=BERLIN))
    page = page_at(tmp_path, dt.datetime(2025, 3, 18, 18, 0, tzinfo=BERLIN))
    assert "Mittwoch, 19. März 2025, 08:00" in page


def test_support_contacts_appear_when_configured(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock, SUPPORT_PHONE="+49 89 123456", SUPPORT_EMAIL="hilfe@example.de")
    page = app.test_client().get("/").get_data(as_text=True)
    assert 'href="tel:+4989123456"' in page
    assert 'href="mailto:hilfe@example.de"' in page


def test_the_portal_name_is_configurable(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock, PORTAL_NAME="Beispiel <Portal>")
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Beispiel &lt;Portal&gt;" in page


def test_the_layout_is_accessible(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert '<nav class="site-nav" aria-label="Hauptnavigation">' in page
    assert 'aria-current="page"' in page
    assert '<meta name="viewport"' in page


def test_the_start_page_stays_up_when_the_clock_is_beyond_the_calendar(tmp_path: Path) -> None:
    page = page_at(tmp_path, dt.datetime(9999, 6, 1, 10, 0, tzinfo=BERLIN))
    assert "Ihr Kundenportal" in page


_SHARED: dict[str, tuple[FixedClock, FlaskClient]] = {}


def shared_client(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixedClock, FlaskClient]:
    # One app for every example: its clock is moved instead of building the calendars anew.
    if "app" not in _SHARED:
        clock = FixedClock(dt.datetime(2025, 3, 18, 10, 0, tzinfo=BERLIN))
        app = make_app(tmp_path_factory.mktemp("home"), clock)
        _SHARED["app"] = (clock, app.test_client())
    return _SHARED["app"]


# hypothesis takes naive bounds and attaches the zone itself.
FIRST = dt.datetime(2024, 1, 1)  # noqa: DTZ001
LAST = dt.datetime(2030, 12, 31)  # noqa: DTZ001


@given(when=st.datetimes(min_value=FIRST, max_value=LAST, timezones=st.just(BERLIN)))
def test_the_page_says_open_exactly_in_business_hours_on_bavarian_working_days(
    tmp_path_factory: pytest.TempPathFactory, when: dt.datetime
) -> None:
    clock, client = shared_client(tmp_path_factory)
    clock.set(when)
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    local = when.astimezone(BERLIN)
    bavarian = holidays.country_holidays("DE", subdiv="BY", years=local.year)
    expected = local.weekday() < 5 and local.date() not in bavarian and 8 <= local.hour < 18
    assert expected == ("Support is open now." in page)
    assert expected != ("Support is closed now." in page)
