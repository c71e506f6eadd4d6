"""The ticket list reads the signed-in user and their company once per request, not twice."""

from __future__ import annotations

import pytest
from flask import Flask

from portalkit.adapters.memory import MemoryCompanyRepository, MemoryStore, MemoryUserRepository
from tests.adapters.flask.conftest import ADMIN, EMPLOYEE, signed_in_client


@pytest.mark.parametrize("account", [ADMIN, EMPLOYEE], ids=["administrator", "employee"])
def test_the_ticket_list_takes_the_user_and_company_the_sign_in_check_read(
    demo_app: Flask, store: MemoryStore, monkeypatch: pytest.MonkeyPatch, account: object
) -> None:
    client = signed_in_client(demo_app, account)  # type: ignore[arg-type]
    me = next(user for user in store.users.values() if str(user.email) == account.email)  # type: ignore[attr-defined]
    before = client.get("/tickets/")
    users: list[str] = []
    companies: list[str] = []
    get_user, get_company = MemoryUserRepository.get, MemoryCompanyRepository.get

    def user(self: MemoryUserRepository, user_id: str) -> object:
        users.append(user_id)
        return get_user(self, user_id)

    def company(self: MemoryCompanyRepository, company_id: str) -> object:
        companies.append(company_id)
        return get_company(self, company_id)

    monkeypatch.setattr(MemoryUserRepository, "get", user)
    monkeypatch.setattr(MemoryCompanyRepository, "get", company)
    after = client.get("/tickets/")
    assert after.status_code == 200
    assert before.get_data() == after.get_data()
    assert me.id not in users  # only the other requesters' names
    assert companies == []
