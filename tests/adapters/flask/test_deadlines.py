"""The deadlines page: quarters, link lifetimes, inactivity and retention from today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask.testing import FlaskClient

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
