"""The deadlines page: quarters, link lifetimes, inactivity and retention from today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from tests.adapters.flask.conftest import BERLIN, make_app


def test_a_change_submitted_on_18_march_takes_effect_on_1_april(client: FlaskClient) -> None:
    page = client.get("/fristen/").get_data(as_text=True)
    assert "wird eine Änderung am 1. April 2025 wirksam" in page
    assert "Einreichungsschluss für diesen Termin ist der 18. März 2025" in page


def test_one_day_later_it_takes_effect_on_1_july(tmp_path: Path) -> None:
    app = make_app(tmp_path, FixedClock(dt.datetime(2025, 3, 19, 9, 0, tzinfo=BERLIN)))
    page = app.test_client().get("/fristen/").get_data(as_text=True)
    assert "wird eine Änderung am 1. Juli 2025 wirksam" in page
    assert "17. Juni 2025" in page


def test_the_next_four_quarters_are_listed_with_their_cut_offs(client: FlaskClient) -> None:
    page = client.get("/fristen/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for quarter, start, cutoff in [
        ("Q2 2025", "Apr 1, 2025", "Mar 18, 2025"),
        ("Q3 2025", "Jul 1, 2025", "Jun 17, 2025"),
        ("Q4 2025", "Oct 1, 2025", "Sep 17, 2025"),
        ("Q1 2026", "Jan 1, 2026", "Dec 18, 2025"),
    ]:
        assert f"<tr><td>{quarter}</td><td>{start}</td><td>{cutoff}</td></tr>" in page


def test_link_lifetimes_are_shown(client: FlaskClient) -> None:
    page = client.get("/fristen/").get_data(as_text=True)
    assert "<tr><td>Einladungslink</td><td>90 Tage</td></tr>" in page
    assert (
        "<tr><td>Aktivierungslink nach der Selbstregistrierung</td><td>24 Stunden</td></tr>" in page
    )


def test_inactivity_ends_an_account_two_years_after_the_last_login(client: FlaskClient) -> None:
    page = client.get("/fristen/").get_data(as_text=True)
    assert "das Konto endet am 18. März 2027" in page
    assert "erinnert (30 Tage vorher)" in page


def test_the_retention_table_counts_from_the_end_of_the_year(client: FlaskClient) -> None:
    page = client.get("/fristen/").get_data(as_text=True)
    assert "<tr><td>Rechnungen</td><td>8 Jahre</td><td>31.12.2033</td>" in page
    assert "<tr><td>Handels- und Geschäftsbriefe</td><td>6 Jahre</td><td>31.12.2031</td>" in page
    english = client.get("/fristen/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<tr><td>Invoices</td><td>8 years</td><td>Dec 31, 2033</td>" in english


_SHARED: dict[str, tuple[FixedClock, FlaskClient]] = {}


def shared_client(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixedClock, FlaskClient]:
    if "app" not in _SHARED:
        clock = FixedClock(dt.datetime(2025, 3, 18, 10, 0, tzinfo=BERLIN))
        _SHARED["app"] = (clock, make_app(tmp_path_factory.mktemp("dl"), clock).test_client())
    return _SHARED["app"]


@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_the_page_shows_the_first_quarter_start_at_least_14_days_ahead(
    tmp_path_factory: pytest.TempPathFactory, day: dt.date
) -> None:
    clock, client = shared_client(tmp_path_factory)
    clock.set(dt.datetime.combine(day, dt.time(12), tzinfo=BERLIN))
    starts = [
        dt.date(year, month, 1) for year in (day.year, day.year + 1) for month in (1, 4, 7, 10)
    ]
    effective = min(start for start in starts if (start - day).days >= 14)
    cutoff = effective - dt.timedelta(days=14)
    page = client.get("/fristen/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert (
        f"takes effect on {effective:%B} {effective.day}, {effective.year}. The cut-off for that "
        f"date is {cutoff:%B} {cutoff.day}, {cutoff.year}."
    ) in page
