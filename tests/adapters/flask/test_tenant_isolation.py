"""Another company's user or session, addressed by its id, answers 404 like a missing one.

Tickets (test_tickets.py) and services (test_services.py) have tests of their own; here the
user pages and the session list, with real ids of another company, not made-up ones.
"""

from __future__ import annotations

import pytest
from flask import Flask

from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import ADMIN, csrf_token, sign_in, signed_in_client
from tests.adapters.flask.test_tickets import OTHER, other_company

USER_FORMS = {
    "rolle": {"u-{id}-role": "guest"},
    "deaktivieren": {},
    "reaktivieren": {},
    "bevollmaechtigung": {"a-{id}-place_order": "y", "a-{id}-give_instruction": "y"},
}


@pytest.mark.parametrize("step", sorted(USER_FORMS))
@pytest.mark.parametrize("language", ["de", "en"])
def test_another_companys_user_answers_404_like_a_missing_one(
    demo_app: Flask, store: MemoryStore, step: str, language: str
) -> None:
    greta = other_company(demo_app)
    before = store.users[greta.id]
    client = signed_in_client(demo_app, ADMIN)
    token = csrf_token(client, "/benutzer/")
    headers = {"Accept-Language": language}
    answers = []
    for user_id in (greta.id, "no-such-user"):
        form = {name.format(id=user_id): value for name, value in USER_FORMS[step].items()}
        response = client.post(
            f"/benutzer/{user_id}/{step}", data={**form, "csrf_token": token}, headers=headers
        )
        answers.append((response.status_code, response.get_data(as_text=True)))

    (foreign_status, foreign_page), (missing_status, missing_page) = answers
    assert foreign_status == missing_status == 404
    assert OTHER.email not in foreign_page
    # Same words for both: the answer does not tell that the id exists elsewhere.
    assert foreign_page.replace(greta.id, "") == missing_page.replace("no-such-user", "")
    assert store.users[greta.id] == before


def test_another_companys_user_is_not_listed(demo_app: Flask) -> None:
    other_company(demo_app)
    page = signed_in_client(demo_app, ADMIN).get("/benutzer/").get_data(as_text=True)
    assert ADMIN.last_name in page
    assert OTHER.email not in page


def test_another_users_session_answers_404_and_stays_signed_in(
    demo_app: Flask, store: MemoryStore
) -> None:
    other_company(demo_app)
    greta = demo_app.test_client()
    assert sign_in(greta, OTHER.email, OTHER.password).status_code == 303
    (session_id,) = store.sessions
    client = signed_in_client(demo_app, ADMIN)
    token = csrf_token(client, "/konto/")
    response = client.post(f"/konto/sitzungen/{session_id}/beenden", data={"csrf_token": token})
    assert response.status_code == 404
    assert greta.get("/konto/").status_code == 200
