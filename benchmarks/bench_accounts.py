"""Benchmark: e-mail normalisation, access decisions and use cases on the memory adapter.

Run: .venv/bin/python benchmarks/bench_accounts.py [--addresses N] [--users N]

Compares ``EmailAddress.parse`` with ``email_validator.validate_email`` used directly (the
wrapper's overhead: a second UTS 46 pass over the domain), ``EmailDomain.parse`` with the
``idna`` package and the standard library's IDNA 2003 codec (fast but wrong for ``ß``), and
times ``can`` and the login and invitation use cases on the in-memory store with the
test-only hasher (so the figures show portalkit's own cost, not argon2's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import timeit
from collections.abc import Callable, Sequence

import email_validator
import idna

from portalkit import FixedClock
from portalkit.accounts import (
    AccountServices,
    Operator,
    accept_invitation,
    create_company,
    invite_administrator,
    invite_user,
    login_with_email,
)
from portalkit.adapters.memory import MemoryStore, PlainTextHasherForTests
from portalkit.calendar import WorkingCalendar
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Action, Actor, ActorKind, Role, Target, can

PASSWORD = "Sommer-Regen-42!"


class LengthOnly:
    def validate(self, password: str, **_: object) -> None:
        assert len(password) >= 8


def per_call(function: Callable[[], object], number: int) -> float:
    """Return the best seconds per call of *function* over three timing runs."""
    return min(timeit.repeat(function, number=number, repeat=3)) / number


def addresses(count: int) -> list[str]:
    hosts = ["muster.de", "Straße.DE", "it.example.com", "ärzte-köln.de"]
    return [f"person{n}@{hosts[n % len(hosts)]}" for n in range(count)]


def email_rows(count: int) -> list[tuple[str, float]]:
    texts = addresses(count)
    domains = [text.split("@")[1] for text in texts]

    def portalkit_addresses() -> None:
        for text in texts:
            EmailAddress.parse(text)

    def validator_directly() -> None:
        for text in texts:
            email_validator.validate_email(text, check_deliverability=False)

    def portalkit_domains() -> None:
        for domain in domains:
            EmailDomain.parse(domain)

    def idna_directly() -> None:
        for domain in domains:
            idna.encode(domain, uts46=True)

    def stdlib_idna2003() -> None:
        for domain in domains:
            domain.encode("idna")

    return [
        ("EmailAddress.parse", per_call(portalkit_addresses, 1) / count),
        ("email_validator directly", per_call(validator_directly, 1) / count),
        ("EmailDomain.parse", per_call(portalkit_domains, 1) / count),
        ("idna.encode(uts46) directly", per_call(idna_directly, 1) / count),
        ("stdlib codec (IDNA 2003)", per_call(stdlib_idna2003, 1) / count),
    ]


def use_case_rows(users: int) -> list[tuple[str, float]]:
    store = MemoryStore()
    ids = itertools.count()
    services = AccountServices(
        unit_of_work=store.unit_of_work,
        clock=FixedClock(dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)),
        hasher=PlainTextHasherForTests(),
        password_policy=LengthOnly(),
        working_days=WorkingCalendar.germany(saturdays=True),
        new_id=lambda: f"id{next(ids)}",
    )
    operator = Operator("op")
    company = create_company(
        services,
        operator,
        customer_number="100234",
        name="Muster",
        email_domains=["muster.de"],
        user_limit=None,
    )
    invitation = invite_administrator(services, operator, company.id, email="chefin@muster.de")
    admin = accept_invitation(
        services, invitation.secret, first_name="E", last_name="M", password=PASSWORD
    )
    counter = itertools.count()

    def invite() -> None:
        invite_user(services, admin.id, email=f"u{next(counter)}@muster.de")

    invite_time = per_call(invite, max(1, users // 3))
    actor = Actor(ActorKind.USER, "u1", company_id="c1", role=Role.MANAGER)
    target = Target.company("c1")
    return [
        (
            "can(manager, view_invoices)",
            per_call(lambda: can(actor, Action.VIEW_INVOICES, target), 10_000),
        ),
        (f"invite_user (store of ~{users} users)", invite_time),
        (
            "login_with_email",
            per_call(lambda: login_with_email(services, "chefin@muster.de", PASSWORD), 50),
        ),
    ]


def print_table(title: str, rows: Sequence[tuple[str, float]], reference: str) -> None:
    base = dict(rows)[reference]
    print(f"\n{title}")
    print(f"{'':36} {'µs/call':>10} {'ratio':>8}")
    for name, seconds in rows:
        print(f"{name:36} {seconds * 1e6:10.2f} {seconds / base:7.2f}x")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--addresses", type=int, default=2000)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args(argv)
    print_table(
        f"e-mail normalisation, {args.addresses} addresses",
        email_rows(args.addresses),
        "email_validator directly",
    )
    print_table(
        "access decisions and use cases (memory adapter)",
        use_case_rows(args.users),
        "can(manager, view_invoices)",
    )


if __name__ == "__main__":
    main()
