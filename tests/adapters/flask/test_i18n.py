"""Languages: German by default, English by link, cookie or browser; catalogs complete."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

import portalkit.adapters.flask

PACKAGE = Path(portalkit.adapters.flask.__file__).parent
PO = PACKAGE / "translations" / "de" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def test_german_is_the_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Ihr Kundenportal" in page


def test_the_browser_language_is_honoured(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Your customer portal" in page


def test_an_unsupported_browser_language_falls_back_to_german(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_the_switch_sets_a_cookie_and_returns_to_a_clean_address(client: FlaskClient) -> None:
    response = client.get("/fristen/?lang=en")
    assert response.status_code == 303
    assert response.headers["Location"] == "/fristen/"
    page = client.get("/fristen/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Deadlines" in page


def test_the_switch_keeps_other_query_parameters(client: FlaskClient) -> None:
    response = client.get("/fristen/?a=1&lang=en&b=2")
    assert response.headers["Location"] == "/fristen/?a=1&b=2"


def test_the_cookie_wins_over_the_browser_language(client: FlaskClient) -> None:
    client.get("/?lang=de")
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_every_page_links_to_the_other_language(client: FlaskClient) -> None:
    page = client.get("/passwortregeln/").get_data(as_text=True)
    assert 'href="?lang=en" hreflang="en"' in page
    page = client.get("/passwortregeln/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'href="?lang=de" hreflang="de"' in page


@given(value=st.text(max_size=20))
def test_any_language_value_is_harmless(value: str) -> None:
    # A fresh app per example would be slow; the factory is pure, so one suffices.
    client = _shared_client()
    response = client.get("/", query_string={"lang": value})
    assert response.status_code in {200, 303}
    client.set_cookie("portalkit_language", value.encode("utf-8", "replace").decode("latin-1"))
    assert client.get("/").status_code == 200


_CLIENT: list[FlaskClient] = []


def _shared_client() -> FlaskClient:
    if not _CLIENT:
        from portalkit.adapters.flask import create_app

        app = create_app(
            {
                "ENVIRONMENT": "development",
                "TESTING": True,
                "INSTANCE_PATH": "/nonexistent-portalkit-instance",
            }
        )
        _CLIENT.append(app.test_client())
    return _CLIENT[0]


# -- the catalogs ---------------------------------------------------------------------------


def _po():
    with PO.open("rb") as file:
        return read_po(file)


def test_every_page_text_has_a_german_translation() -> None:
    untranslated = [
        message.id
        for message in _po()
        if message.id
        and (
            "fuzzy" in message.flags
            or not (all(message.string) if isinstance(message.id, tuple) else message.string)
        )
    ]
    assert untranslated == []


def test_the_catalog_holds_every_text_the_code_and_templates_use() -> None:
    extracted = {
        message[2]
        for message in extract_from_dir(
            str(PACKAGE),
            method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
            keywords={"gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_": None},
        )
    }
    catalog = {message.id for message in _po() if message.id}
    assert set() == {m for m in extracted if m not in catalog}, "run `make translations`"
    assert set() == {m for m in catalog if m not in extracted}, "run `make translations`"


def test_the_compiled_catalog_is_up_to_date_with_the_source() -> None:
    def entries(catalog) -> dict[object, object]:
        return {
            tuple(message.id) if isinstance(message.id, list | tuple) else message.id: (
                tuple(message.string)
                if isinstance(message.string, list | tuple)
                else message.string
            )
            for message in catalog
            if message.id
        }

    with MO.open("rb") as file:
        compiled = entries(read_mo(file))
    source = entries(_po())
    assert source == compiled, "run `make translations` and commit the .mo file"


def test_placeholders_are_the_same_in_both_languages() -> None:
    import re

    field = re.compile(r"%\((\w+)\)[sd]")
    for message in _po():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(field.findall(ids[-1]))
        for string in strings:
            assert expected == set(field.findall(string)), message.id


@pytest.mark.parametrize("path", ["/", "/passwortregeln/", "/zugang-beantragen/", "/fristen/"])
def test_no_english_text_is_left_on_a_german_page(client: FlaskClient, path: str) -> None:
    page = client.get(path).get_data(as_text=True)
    for english in ("Password", "Request access", "Deadlines", "open now", "Skip to"):
        assert english not in page


def test_the_compiled_catalog_reads_back(tmp_path: Path) -> None:
    assert read_mo(io.BytesIO(MO.read_bytes())).locale is not None


def test_the_package_carries_its_catalog_templates_and_stylesheet() -> None:
    # What a wheel installs: the files are package data, found through importlib.resources.
    from importlib.resources import files

    package = files("portalkit.adapters.flask")
    for name in (
        "translations/de/LC_MESSAGES/messages.mo",
        "static/portal.css",
        "templates/base.html",
        "passwords/templates/passwords/check.html",
    ):
        assert package.joinpath(name).is_file(), name
