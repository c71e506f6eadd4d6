"""The shortcuts of the request path give what the long way gave.

Catalogs kept per language and app, the users list's fields written in the template, the SLA
clocks of a list from companies loaded once: each is checked against the slower original.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from babel.messages.pofile import read_po
from flask import Flask, Request, g, render_template_string, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from flask.typing import ResponseReturnValue
from werkzeug.routing import BuildError

from portalkit import FixedClock
from portalkit.accounts import User, set_authorisations
from portalkit.adapters.flask import tickets as tickets_views
from portalkit.adapters.flask._formatting import MOMENTS_KEPT, MOMENTS_KEY, _moment, moment, moments
from portalkit.adapters.flask._forms import Refusal
from portalkit.adapters.flask._layout import (
    LINKS_KEPT,
    SITE_LINKS_KEY,
    URLS_KEPT,
    URLS_KEY,
    kept_url_for,
    site_links,
)
from portalkit.adapters.flask._text import CATALOGS_KEY, gettext, lazy_gettext, ngettext
from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, create_portal_demo_data
from portalkit.adapters.flask.sessions import (
    COOKIES_KEPT,
    KeptCookieSessionInterface,
    SignedIn,
    account_services,
    load_signed_in,
    signed_in,
)
from portalkit.adapters.flask.tickets._display import (
    companies_of,
    priority_name,
    state_name,
    ticket_services,
    user_names,
    with_sla,
)
from portalkit.adapters.flask.users import AuthorisationForm, RoleForm, _role_choices
from portalkit.adapters.memory import (
    MemoryCompanyRepository,
    MemoryStore,
    MemoryUserSessionRepository,
)
from portalkit.policy.roles import Action, ActionNotAllowedError
from portalkit.tickets import Priority
from portalkit.tickets import use_cases as tickets
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    MANAGER,
    PRODUCTION_URL,
    accounts_of,
    make_account_app,
    make_app,
    post_form,
    signed_in_client,
)

LANGUAGES = ["de", "en"]
PO_FILE = (
    Path(__file__).parents[3]
    / "src/portalkit/adapters/flask/translations/de/LC_MESSAGES/messages.po"
)


def test_each_request_gets_the_texts_of_its_own_language(app: Flask) -> None:
    client = app.test_client()
    for language, other in [("de", "en"), ("en", "de"), ("de", "en")]:
        page = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        assert {"de": "Zum Inhalt springen", "en": "Skip to content"}[language] in page
        assert {"de": "Zum Inhalt springen", "en": "Skip to content"}[other] not in page


def test_the_language_link_switches_the_texts_at_once(app: Flask) -> None:
    client = app.test_client()
    german = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    english = client.get("/?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "Passwortregeln" in german
    assert "Password rules" in english
    assert "Passwortregeln" not in english


def test_gettext_follows_a_change_of_language_within_a_request(app: Flask) -> None:
    with app.test_request_context():
        g.language = "de"
        assert gettext("Overview") == "Übersicht"
        label = lazy_gettext("Overview")
        g.language = "en"
        assert gettext("Overview") == "Overview"
        assert str(label) == "Overview"
        g.language = "de"
        assert str(label) == "Übersicht"
        assert render_template_string("{{ _('Overview') }}") == "Übersicht"
        assert ngettext("%(num)d day", "%(num)d days", 3) == "3 Tage"


def test_outside_an_app_the_texts_stay_untranslated() -> None:
    assert gettext("Overview") == "Overview"
    assert gettext("Welcome, %(name)s", name="Anna") == "Welcome, Anna"
    assert ngettext("%(num)d day", "%(num)d days", 1) == "1 day"


def test_apps_keep_their_catalogs_apart(tmp_path: Path, clock: FixedClock) -> None:
    first = make_app(tmp_path / "first", clock)
    second = make_app(tmp_path / "second", clock)
    first.test_client().get("/", headers={"Accept-Language": "de"})
    assert set(first.extensions[CATALOGS_KEY]) == {"de"}
    assert CATALOGS_KEY not in second.extensions
    second.test_client().get("/", headers={"Accept-Language": "en"})
    assert set(second.extensions[CATALOGS_KEY]) == {"en"}
    assert first.extensions[CATALOGS_KEY]["de"] is not second.extensions[CATALOGS_KEY].get("de")


def _users(store: MemoryStore) -> list[User]:
    return sorted(store.users.values(), key=lambda user: user.id)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_users_list_has_the_markup_of_its_forms(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    admin = next(user for user in store.users.values() if str(user.email) == ADMIN.email)
    manager = next(user for user in store.users.values() if str(user.email) == MANAGER.email)
    accounts = accounts_of(demo_app)
    set_authorisations(accounts, admin.id, manager.id, [Action.PLACE_ORDER])
    page = (
        signed_in_client(demo_app)
        .get("/benutzer/", headers={"Accept-Language": language})
        .get_data(as_text=True)
    )
    with demo_app.test_request_context():
        g.language = language
        for user in _users(store):
            role = RoleForm(prefix=f"u-{user.id}", data={"role": user.role.value})
            role.role.choices = _role_choices()
            boxes = AuthorisationForm(
                prefix=f"a-{user.id}",
                data={
                    "place_order": Action.PLACE_ORDER in user.authorised_for,
                    "give_instruction": Action.GIVE_INSTRUCTION in user.authorised_for,
                },
            )
            expected = [
                f"{role.role.label(class_='visually-hidden')} {role.role()}",
                f'<span class="checkbox">{boxes.place_order()} {boxes.place_order.label()}</span>',
                f'<span class="checkbox">{boxes.give_instruction()} '
                f"{boxes.give_instruction.label()}</span>",
            ]
            for markup in expected:
                assert markup in page
    assert page.count("<input checked ") == 1


def test_the_dashboards_sla_clocks_are_the_cores(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock)
    portal = app.extensions["portalkit"]
    create_portal_demo_data(portal)
    with app.test_request_context():
        accounts = accounts_of(app)
        with accounts.unit_of_work() as uow:
            viewers = [user.id for user in uow.users.all()]
        checked = 0
        for viewer in viewers:
            services = ticket_services()
            try:
                page = tickets.list_tickets(services, viewer, limit=20)
            except ActionNotAllowedError:  # guests
                continue
            expected = [
                (ticket, tickets.ticket_sla(services, viewer, ticket.reference))
                for ticket in page.tickets
            ]
            companies = companies_of(accounts, (ticket.company_id for ticket in page.tickets))
            assert with_sla(page.tickets, companies, viewer) == expected
            # A company not loaded: the core is asked, with the same answer.
            assert with_sla(page.tickets, {}, viewer) == expected
            checked += len(expected)
        assert checked > 0


def test_kept_moments_are_the_ones_babel_makes_in_each_language(app: Flask) -> None:
    instant = dt.datetime(2026, 12, 7, 16, 45, tzinfo=dt.UTC)
    same_in_berlin = instant.astimezone(ZoneInfo("Europe/Berlin"))
    with app.test_request_context():
        g.language = "de"
        german = moment(instant)
        assert german == _moment(instant) == "Montag, 7. Dezember 2026, 17:45"
        assert moment(same_in_berlin) == german
        assert moments()(same_in_berlin) == german  # a page's formatter, as the ticket list's
    with app.test_request_context():
        g.language = "en"
        assert moment(instant) == _moment(instant) == "Monday, December 7, 2026, 5:45\u202fPM"
        assert moments()(instant) == moment(instant)
    assert len(app.extensions[MOMENTS_KEY]) == 2


def test_an_app_keeps_a_bounded_number_of_moments(
    app: Flask, tmp_path: Path, clock: FixedClock
) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with app.test_request_context():
        for minutes in range(MOMENTS_KEPT + 10):
            moment(start + dt.timedelta(minutes=minutes))
        assert 0 < len(app.extensions[MOMENTS_KEY]) <= MOMENTS_KEPT
        assert moment(start) == _moment(start)
    other = make_app(tmp_path / "other", clock)
    assert MOMENTS_KEY not in other.extensions


def test_a_request_loads_the_company_once_and_the_next_request_anew(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app)
    company_id = next(iter(store.companies))
    assert store.companies[company_id].name in client.get("/uebersicht/").get_data(as_text=True)
    admin = next(user for user in store.users.values() if str(user.email) == ADMIN.email)
    with demo_app.test_request_context():
        current = SignedIn(admin, "session")
        first = current.company()
        store.companies[company_id] = attrs.evolve(first, name="Umbenannt GmbH")
        assert current.company() is first
        assert SignedIn(admin, "session").company() == store.companies[company_id]
    assert "Umbenannt GmbH" in client.get("/uebersicht/").get_data(as_text=True)


def test_a_views_own_security_headers_win_and_none_is_doubled(production_app: Flask) -> None:
    @production_app.get("/own-headers")
    def own() -> tuple[str, dict[str, str]]:
        return "x", {"X-Frame-Options": "SAMEORIGIN", "Strict-Transport-Security": "max-age=60"}

    response = production_app.test_client().get("/own-headers", base_url=PRODUCTION_URL)
    assert response.status_code == 200, response.status_code
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("Strict-Transport-Security") == ["max-age=60"]
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert response.headers["Cache-Control"] == "no-store"


def test_production_compiles_each_template_once(production_app: Flask) -> None:
    # Checking the template files for changes on every render is for development only.
    assert production_app.jinja_env.auto_reload is False


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Willkommen, &lt;b&gt;Anna&lt;/b&gt;|Übersicht|3 Tage"),
        ("en", "Welcome, &lt;b&gt;Anna&lt;/b&gt;|Overview|3 days"),
    ],
)
def test_templates_translate_escape_and_format_as_jinja_does(
    app: Flask, language: str, expected: str
) -> None:
    source = (
        "{{ _('Welcome, %(name)s', name=name) }}|{{ gettext('Overview') }}"
        "|{{ ngettext('%(num)d day', '%(num)d days', 3) }}"
    )
    with app.test_request_context():
        g.language = language
        assert render_template_string(source, name="<b>Anna</b>") == expected
        # Without variables the text is still a format string, as in Jinja's newstyle gettext.
        with pytest.raises(ValueError, match="format"):
            render_template_string("{{ _('100 %') }}")


# The navigation as base.html rendered it before its links were kept (the current page given
# as ?as=, since the reference view is a page of its own).
_ORIGINAL_NAVIGATION = """
<ul class="wrap">
{% if user %}
{% set links = [("dashboard.index", _("Overview")), ("account.index", _("Your account"))]
     + ([("users.index", _("Users"))] if user.role == "administrator" else [])
     + ([("tickets.index", _("Tickets"))] if uses_tickets else [])
     + ([("services.index", _("Services"))] if may_view_services else [])
     + [("deadlines.overview", _("Deadlines"))] %}
{% else %}
{% set links = [
     ("home.index", _("Start")),
     ("passwords.check", _("Password rules")),
     ("access.request_access", _("Request access")),
     ("deadlines.overview", _("Deadlines")),
     ("auth.login", _("Sign in")),
   ] %}
{% endif %}
{% for endpoint, label in links %}
<li><a href="{{ url_for(endpoint) }}"{% if request.args["as"] == endpoint
%} aria-current="page"{% endif %}>{{ label }}</a></li>
{% endfor %}
{% if dev_mails %}<li><a href="{{ url_for('devmail.index') }}"{%
  if request.args["as"] == "devmail.index" %} aria-current="page"{% endif
%}>{{ _("Mails (development)") }}</a></li>{% endif %}
</ul>
"""

_NAVIGATION = re.compile(
    r'<nav class="site-nav"[^>]*>\s*(<ul class="wrap">.*?)(?:<li><form|</ul>)', re.S
)


def _links_of(page: str) -> str:
    match = _NAVIGATION.search(page)
    assert match is not None, page
    return re.sub(r">\s+<", "><", match.group(1).strip()).removesuffix("</ul>")


_PATHS = [
    "/",
    "/uebersicht/",
    "/konto/",
    "/benutzer/",
    "/tickets/",
    "/leistungen/",
    "/fristen/",
    "/passwortregeln/",
    "/zugang-beantragen/",
    "/anmelden/",
    "/entwicklung/mails/",
    "/passwort-vergessen/",
]


def test_the_kept_navigation_is_the_original_for_every_visitor_page_and_language(
    tmp_path: Path, clock: FixedClock, store: MemoryStore
) -> None:
    app = make_account_app(tmp_path, clock, store)
    app.add_url_rule(
        "/reference-navigation/",
        "reference_navigation",
        lambda: render_template_string(_ORIGINAL_NAVIGATION),
    )
    adapter = app.url_map.bind("localhost")
    marked = 0
    for account in (None, *DEMO_ACCOUNTS):
        client = app.test_client() if account is None else signed_in_client(app, account)
        for language in LANGUAGES:
            headers = {"Accept-Language": language}
            for path in _PATHS:
                response = client.get(path, headers=headers)
                if response.status_code != 200:
                    continue
                endpoint, _ = adapter.match(path)
                page = _links_of(response.get_data(as_text=True))
                reference = client.get(f"/reference-navigation/?as={endpoint}", headers=headers)
                assert page == _links_of(
                    '<nav class="site-nav">' + reference.get_data(as_text=True)
                ), (account, language, path)
                marked += page.count('aria-current="page"')
    assert marked > 20  # the current page was marked, not only the plain links compared


def test_the_navigation_follows_the_address_root(demo_app: Flask) -> None:
    client = signed_in_client(demo_app)
    below = client.get("/tickets/", base_url="http://localhost/portal").get_data(as_text=True)
    assert '<a href="/portal/uebersicht/">' in below
    assert '<a href="/portal/tickets/" aria-current="page">' in below
    plain = client.get("/tickets/").get_data(as_text=True)
    assert '<a href="/uebersicht/">' in plain
    assert "/portal/" not in plain


def test_an_app_keeps_a_bounded_number_of_navigations(app: Flask) -> None:
    for number in range(LINKS_KEPT + 10):
        with app.test_request_context("/", base_url=f"http://localhost/root{number}"):
            assert f'href="/root{number}/passwortregeln/"' in site_links(None, False, False, False)
    assert 0 < len(app.extensions[SITE_LINKS_KEY]) <= LINKS_KEPT


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("autoescape", ["true", "false"])
def test_the_pages_translator_gives_what_the_global_one_gives(
    app: Flask, language: str, autoescape: str
) -> None:
    with PO_FILE.open("rb") as po:
        texts = [message.id for message in read_po(po) if isinstance(message.id, str)]
    texts = [text for text in texts if text and "%(" not in text]
    assert len(texts) > 100
    source = (
        f"{{% autoescape {autoescape} %}}"
        "{% for text in texts %}{{ _(text) }}|{{ mine(text) }}\n{% endfor %}"
        "{{ _('Closed now; open again %(when)s.', when='<b>') }}|"
        "{{ mine('Closed now; open again %(when)s.', when='<b>') }}\n"
        "{% endautoescape %}"
    )
    with app.test_request_context(headers={"Accept-Language": language}):
        app.preprocess_request()
        for _ in range(2):  # the second time from the kept texts
            page = render_template_string(source, texts=texts, mine=app.jinja_env.globals["_"])
            lines = page.splitlines()
            assert len(lines) == len(texts) + 1
            for line in lines:
                kept, fresh = line.split("|")
                assert kept == fresh
    assert ("&lt;b&gt;" in lines[-1]) is (autoescape == "true")


def test_the_sign_in_checks_company_needs_no_second_load(
    demo_app: Flask, store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = signed_in_client(demo_app)
    cookie = client.get_cookie(demo_app.config["LOGIN_COOKIE_NAME"])
    assert cookie is not None
    admin = next(user for user in store.users.values() if str(user.email) == ADMIN.email)
    loaded: list[str] = []
    original = MemoryCompanyRepository.get
    with_owner = MemoryUserSessionRepository.with_owner

    def counted(self: MemoryCompanyRepository, company_id: str) -> object:
        loaded.append(company_id)
        return original(self, company_id)

    def counted_with_owner(self: MemoryUserSessionRepository, secret_hash: str) -> object:
        # The sign-in check reads the company together with the session and the user.
        found = with_owner(self, secret_hash)
        if found is not None and found.company is not None:
            loaded.append(found.company.id)
        return found

    monkeypatch.setattr(MemoryCompanyRepository, "get", counted)
    monkeypatch.setattr(MemoryUserSessionRepository, "with_owner", counted_with_owner)
    headers = {"Cookie": f"{cookie.key}={cookie.value}"}
    with demo_app.test_request_context("/uebersicht/", headers=headers):
        assert load_signed_in() == admin
        assert loaded == [admin.company_id]  # the sign-in check's own
        assert signed_in().company() == store.companies[admin.company_id]
        assert loaded == [admin.company_id]


def test_kept_addresses_are_the_ones_url_for_builds(app: Flask) -> None:
    calls: list[tuple[str, dict[str, str]]] = [
        ("home.index", {}),
        ("static", {"filename": "portal.css"}),
        ("tickets.detail", {"reference": "T-2026-000001-11"}),
        ("tickets.index", {"nach": "T-2026-000001-11"}),
        ("tickets.index", {"nach": "T-2026-000002-22"}),
    ]
    for _ in range(2):  # the second time from the kept addresses
        for root in ("", "/portal", "/anderswo"):
            with app.test_request_context("/", base_url=f"https://localhost{root}/"):
                for endpoint, values in calls:
                    assert kept_url_for(endpoint, **values) == url_for(endpoint, **values)
                    assert kept_url_for(endpoint, **values).startswith(f"{root}/")
                external = kept_url_for("home.index", _external=True)
                assert external == f"https://localhost{root}/"
    with app.test_request_context("/tickets/"):
        assert kept_url_for(".index") == url_for(".index")  # not kept: the blueprint decides
        with pytest.raises(BuildError):
            kept_url_for("no.such.endpoint")
    assert len(app.extensions[URLS_KEY]) == len(calls) * 3


def test_an_app_keeps_a_bounded_number_of_addresses(app: Flask) -> None:
    with app.test_request_context("/"):
        for number in range(URLS_KEPT + 10):
            reference = f"T-2026-{number:06d}-00"
            assert kept_url_for("tickets.detail", reference=reference) == f"/tickets/{reference}"
    assert 0 < len(app.extensions[URLS_KEY]) <= URLS_KEPT


def test_the_ticket_list_loads_only_the_other_requesters_names(
    demo_app: Flask, store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    for subject in ("Printer", "Scanner"):
        data = {"subject": subject, "body": "Broken.", "priority": "normal"}
        assert post_form(client, "/tickets/neu", data).status_code == 303
    asked: list[str] = []
    original = tickets_views.user_names

    def recorded(services: object, user_ids: Iterable[str]) -> Mapping[str, str]:
        ids = list(user_ids)
        asked.extend(ids)
        return original(services, ids)  # type: ignore[arg-type]

    monkeypatch.setattr(tickets_views, "user_names", recorded)
    employee = next(user for user in store.users.values() if str(user.email) == EMPLOYEE.email)
    own = client.get("/tickets/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert own.count("<td>you</td>") == 2
    assert employee.id not in asked
    admin_page = signed_in_client(demo_app).get("/tickets/", headers={"Accept-Language": "en"})
    assert employee.id in asked
    assert admin_page.get_data(as_text=True).count(f"<td>{employee.display_name}</td>") == 2


def _session_cookie(app: Flask, client: FlaskClient) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def _session_of(app: Flask, cookie: str) -> dict[str, object]:
    interface = app.session_interface
    with app.test_request_context(
        headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}
    ):
        opened = interface.open_session(app, request)
    assert opened is not None
    return dict(opened)


def test_a_kept_session_cookie_opens_as_flask_checks_it(
    demo_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    interface = demo_app.session_interface
    assert isinstance(interface, KeptCookieSessionInterface)
    client = signed_in_client(demo_app)
    client.get("/uebersicht/")  # the page's form token starts the session
    cookie = _session_cookie(demo_app, client)
    checked = SecureCookieSessionInterface().open_session(demo_app, _request_with(cookie))
    assert checked is not None
    assert "csrf_token" in checked
    assert _session_of(demo_app, cookie) == dict(checked)  # checked, now kept
    assert _session_of(demo_app, cookie) == dict(checked)  # from the kept values
    # A changed signature is refused although the genuine cookie is kept.
    forged = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    assert _session_of(demo_app, forged) == {}
    # Older than the session lifetime: refused, as Flask's check refuses it.
    later = time.time() + demo_app.permanent_session_lifetime.total_seconds() + 2
    monkeypatch.setattr(time, "time", lambda: later)
    assert _session_of(demo_app, cookie) == {}
    assert SecureCookieSessionInterface().open_session(demo_app, _request_with(cookie)) == {}


def _request_with(cookie: str) -> Request:
    return Request.from_values(headers={"Cookie": f"portalkit_session={cookie}"})


def test_a_session_with_flash_messages_is_not_kept(demo_app: Flask) -> None:
    client = signed_in_client(demo_app)
    assert post_form(client, "/abmelden/", {}).status_code == 303  # "You have signed out."
    cookie = _session_cookie(demo_app, client)
    first = _session_of(demo_app, cookie)
    assert "_flashes" in first
    interface = demo_app.session_interface
    assert isinstance(interface, KeptCookieSessionInterface)
    assert cookie not in interface._kept
    assert _session_of(demo_app, cookie) == first


def test_an_app_keeps_a_bounded_number_of_session_cookies(app: Flask) -> None:
    interface = app.session_interface
    assert isinstance(interface, KeptCookieSessionInterface)
    serializer = interface.get_signing_serializer(app)
    assert serializer is not None
    for number in range(COOKIES_KEPT + 10):
        cookie = serializer.dumps({"csrf_token": f"token-{number}"})
        opened = interface.open_session(app, _request_with(cookie))
        assert opened == {"csrf_token": f"token-{number}"}
    assert 0 < len(interface._kept) <= COOKIES_KEPT


# The ticket list's template before its rows were computed in the view, as it was.
_ORIGINAL_TICKET_LIST = (Path(__file__).parent / "originals/tickets_index.html").read_text()


def _original_list(
    *, archived: bool, error: Refusal | None = None, status: int = 200
) -> ResponseReturnValue:
    me = signed_in().user
    page = tickets.list_tickets(
        ticket_services(),
        me.id,
        archived=archived,
        after=tickets_views._after(),
        limit=tickets_views.PAGE_SIZE,
    )
    others = (ticket.requester_id for ticket in page.tickets if ticket.requester_id != me.id)
    names = user_names(account_services(), others)
    rendered = render_template_string(
        _ORIGINAL_TICKET_LIST,
        page=page,
        archived=archived,
        names=names,
        me=me,
        error=error,
        looked_up=request.args.get("referenz", ""),
        state_name=state_name,
        priority_name=priority_name,
    )
    return rendered, status


_TOKEN = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]*')
_NEXT = re.compile(r'rel="next" href="([^"]+)"')


def test_the_ticket_list_is_the_original_templates_for_every_account_and_language(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, clock)
    create_portal_demo_data(app.extensions["portalkit"])
    with app.test_request_context():
        with accounts_of(app).unit_of_work() as uow:
            employee = next(u for u in uow.users.all() if str(u.email) == EMPLOYEE.email)
        # More than a page, and subjects that need escaping.
        for number in range(tickets_views.PAGE_SIZE + 2):
            tickets.open_ticket(
                ticket_services(),
                employee.id,
                subject=f"Drucker <b>{number}</b> & \"Scanner\" 'kaputt'",
                body="Bitte prüfen.",
                priority=Priority.HIGH,
            )
    paths = [
        "/tickets/",
        "/tickets/archiv/",
        "/tickets/suchen?referenz=T-2025-000001-79",
        "/tickets/suchen?referenz=",
    ]
    compared = rows = 0
    for account in DEMO_ACCOUNTS:
        client = signed_in_client(app, account)
        for language in LANGUAGES:
            headers = {"Accept-Language": language}
            pending = list(paths)
            while pending:
                path = pending.pop()
                with monkeypatch.context() as original:
                    original.setattr(tickets_views, "_list", _original_list)
                    before = client.get(path, headers=headers)
                after = client.get(path, headers=headers)
                assert after.status_code == before.status_code, (account, language, path)
                page = _TOKEN.sub(r"\1", after.get_data(as_text=True))
                assert page == _TOKEN.sub(r"\1", before.get_data(as_text=True)), (
                    account,
                    language,
                    path,
                )
                compared += 1
                rows += page.count("<tr>") - page.count("<thead><tr>")
                if (found := _NEXT.search(page)) and path == "/tickets/":
                    pending.append(html.unescape(found[1]))
    assert compared > 4 * len(DEMO_ACCOUNTS) * len(LANGUAGES)  # the next pages as well
    assert rows > 100
