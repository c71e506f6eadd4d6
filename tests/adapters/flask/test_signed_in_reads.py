"""The ticket list and the dashboard read the signed-in user and their company once per
request (the sign-in check's read), not again in the use cases."""

from __future__ import annotations

import pytest
from flask import Flask

from portalkit.adapters.memory import MemoryCompanyRepository, MemoryStore, MemoryUserRepository
from portalkit.policy.roles import Role
from tests.adapters.flask.conftest import ADMIN, EMPLOYEE, signed_in_client, without_tokens


@pytest.mark.parametrize("page", ["/tickets/", "/uebersicht/"])
@pytest.mark.parametrize("account", [ADMIN, EMPLOYEE], ids=["administrator", "employee"])
def test_the_pages_take_the_user_and_company_the_sign_in_check_read(
    demo_app: Flask,
    store: MemoryStore,
    monkeypatch: pytest.MonkeyPatch,
    account: object,
    page: str,
) -> None:
    client = signed_in_client(demo_app, account)  # type: ignore[arg-type]
    me = next(user for user in store.users.values() if str(user.email) == account.email)  # type: ignore[attr-defined]
    before = client.get(page)
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
    after = client.get(page)
    assert after.status_code == 200
    # The same page, but for the form token: it is signed with the second it was made in.
    assert without_tokens(before.get_data(as_text=True)) == without_tokens(
        after.get_data(as_text=True)
    )
    # The ticket list loads only the other requesters' names, the dashboard's ticket part
    # nothing (its services part, for those who see contracts, loads the user and the company
    # in its own use case).
    services_part = page == "/uebersicht/" and me.role is Role.ADMINISTRATOR
    assert users.count(me.id) == (1 if services_part else 0)
    assert len(companies) == (1 if services_part else 0)
