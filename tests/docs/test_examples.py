"""The programs in examples/ run and print what their documentation promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.site import ROOT

EXAMPLES = ROOT / "examples"

# Every program in examples/ with the arguments to run it with, its exit status and lines it
# must print.
CASES = {
    "accounts_memory.py": [
        (
            ["--now", "2025-03-03T10:00+01:00"],
            0,
            [
                "access request from Muster GmbH: answer due by 2025-03-14",
                "accept with 'Muster123!': refused (password_rejected)",
                "erika@muster.de: administrator, active",
                "invite max@muster-online.de: refused (email_outside_company_domains)",
                "  Die E-Mail-Adresse max@muster-online.de gehört nicht zu Ihrer Firma. Erlaubt "
                "sind Adressen mit der Endung: muster.de.",
                "invited max@muster.de as manager",
                "login with a wrong password: refused (invalid_credentials)",
                "  access_request_received  → erika@muster.de",
                "  invitation               → max@muster.de",
            ],
        ),
        (
            ["--language", "en", "--now", "2025-03-03T10:00+01:00"],
            0,
            [
                "  The user name or password is wrong. Please try again or reset your password.",
            ],
        ),
        # On the system clock the run's output differs by the day; that it succeeds is the point.
        ([], 0, ["erika@muster.de: administrator, active"]),
    ],
    "check_password.py": [
        (
            ["Herbst-Laub#Tee7", "--name", "Erika Mustermann", "Mustermann#2025x"],
            1,
            [
                "Herbst-Laub#Tee7: ok",
                "Mustermann#2025x: personal_data",
                "  - Das Passwort enthält „Mustermann“ aus Ihren persönlichen Daten (Name, Firma, "
                "E-Mail-Adresse, Kundennummer oder Geburtstag). Lassen Sie diesen Teil weg.",
            ],
        ),
        (["--language", "en", "Herbst-Laub#Tee7"], 0, ["Herbst-Laub#Tee7: ok"]),
        (
            ["--language", "en", "abc"],
            1,
            [
                "abc: too_short, missing_uppercase, missing_digit, missing_special, sequence",
                "  - The password contains the run 'abc'. Avoid runs such as ABC or 123.",
            ],
        ),
    ],
    "deadlines.py": [
        (
            ["2025-03-18"],
            0,
            [
                "10 Werktage ab 2025-03-18      2025-03-29",
                "Leistungsänderung wirksam ab   2025-04-01",
                "  (Einreichung spätestens am)  2025-03-18",
                "Letzter Login → Löschung ab    2027-03-18",
                "Rechnung aufbewahren bis       2033-12-31",
            ],
        ),
        (
            # Good Friday and Easter Monday are holidays in every state.
            ["--language", "en", "--state", "BE", "2025-04-17"],
            0,
            ["10 Werktage from 2025-04-17  2025-05-02", "Service change takes effect  2025-07-01"],
        ),
    ],
    "fastapi_app.py": [
        (
            [],
            0,
            [
                'POST /login → 403 {"code": "invalid_credentials", "message": "Benutzername oder '
                "Passwort ist falsch. Bitte versuchen Sie es erneut oder setzen Sie Ihr Passwort "
                'zurück."}',
                'POST /login → 200 {"user": "erika@muster.de"}',
                'GET /tickets → 403 {"code": "session_expired", "message": "Ihre Sitzung ist '
                'abgelaufen. Bitte melden Sie sich erneut an."}',
            ],
        ),
        (
            ["--language", "en"],
            0,
            [
                'POST /tickets → 400 {"code": "ticket_text_empty", "message": "Please fill in '
                "the field 'subject'.\"}",
            ],
        ),
    ],
    "own_outbox.py": [
        (
            [],
            0,
            [
                "second invitation refused: email_taken",
                "your mail queue:",
                "  invitation   → erika@muster.de",
                "  invitation   → max@muster.de",
                "portalkit's own outbox: 0 messages",
            ],
        ),
    ],
    "sqlite_store.py": [
        (
            ["--now", "2025-03-18T10:00+01:00"],
            0,
            [
                "opened portal.db: schema version 6",
                "ticket T-2025-000001-97 opened",
                "service change minimize to 2 from 2025-04-01",
                "reopened portal.db:",
                "    user erika@muster.de administrator active",
                "    ticket T-2025-000001-97 new 'Heizung defekt'",
                "      change minimize to 2 from 2025-04-01, submitted",
                "  outbox: invitation, ticket_opened, service_change_submitted",
            ],
        ),
        # One day later the 14 days' lead time to 1 April are missed.
        (
            ["--now", "2025-03-19T10:00+01:00"],
            0,
            ["service change minimize to 2 from 2025-07-01"],
        ),
    ],
    "ticket_reference.py": [
        (
            ["t 2025 000123 22", "T-2025-000132-22"],
            1,
            [
                "t 2025 000123 22: T-2025-000123-22",
                "T-2025-000132-22: In der Referenznummer „T-2025-000132-22“ stimmt eine Ziffer "
                "nicht (die Prüfziffern passen nicht). Bitte vergleichen Sie sie Ziffer für "
                "Ziffer mit Ihrer Bestätigung.",
            ],
        ),
        (["--issue", "2"], 0, []),
    ],
}


def run(name: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_every_example_has_test_cases() -> None:
    assert sorted(path.name for path in EXAMPLES.glob("*.py")) == sorted(CASES)


@pytest.mark.parametrize(
    ("name", "args", "status", "lines"),
    [(name, *case) for name, cases in CASES.items() for case in cases],
)
def test_the_example_prints_what_it_promises(
    name: str, args: list[str], status: int, lines: list[str]
) -> None:
    result = run(name, args)
    assert result.stderr == ""
    assert status == result.returncode
    printed = result.stdout.splitlines()
    assert [line for line in lines if line not in printed] == []


def test_issued_reference_numbers_parse_and_count_up() -> None:
    from portalkit.tickets import ReferenceNumber

    printed = run("ticket_reference.py", ["--issue", "3"]).stdout.split()
    numbers = [ReferenceNumber.parse(text) for text in printed]
    assert [number.sequence for number in numbers] == [1, 2, 3]
    assert len({number.year for number in numbers}) == 1


def test_the_sqlite_example_keeps_its_database_and_refuses_an_existing_one(
    tmp_path: Path,
) -> None:
    from portalkit.adapters.sqlite import open_store

    database = tmp_path / "kept.db"
    first = run("sqlite_store.py", ["--database", str(database)])
    assert first.returncode == 0, first.stderr
    with open_store(database) as store, store.unit_of_work(read_only=True) as uow:
        assert [company.name for company in uow.companies.all()] == ["Muster GmbH"]
    second = run("sqlite_store.py", ["--database", str(database)])
    assert (second.returncode, second.stdout) == (2, "")
    assert "exists" in second.stderr


def test_the_fastapi_example_refuses_what_it_should_with_the_fitting_status() -> None:
    printed = run("fastapi_app.py", []).stdout.splitlines()
    answers = [line.split(" → ")[1].split(" ")[0] for line in printed]
    assert answers == ["403", "200", "200", "400", "201", "200", "404", "200", "409", "403"]


def test_the_embedding_guide_shows_what_the_fastapi_example_prints() -> None:
    guide = (ROOT / "docs" / "guides" / "embedding.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(POST /login .*?)```", guide, re.S)
    assert shown is not None
    printed = run("fastapi_app.py", ["--language", "en", "--now", "2025-03-03T10:00+01:00"])
    assert printed.stdout == shown.group(1)


def run_contract_suite(adapter: str) -> subprocess.CompletedProcess[str]:
    name = adapter.partition("=")[0]
    pytest_args = ["tests/contract", "-q", "-p", "no:cacheprovider", "-k", name]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args],
        cwd=ROOT,
        env=os.environ | {"PORTALKIT_CONTRACT_ADAPTERS": adapter},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_contract_suite_runs_against_the_examples_own_adapter() -> None:
    result = run_contract_suite("own_outbox=examples.own_outbox:contract_adapter")
    assert result.returncode == 0, result.stdout + result.stderr
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed is not None
    assert int(passed.group(1)) >= 30
    assert "failed" not in result.stdout


def test_the_contract_suite_catches_an_adapter_that_loses_its_mails() -> None:
    result = run_contract_suite("forgetful=tests.docs.adapters:forgetful_adapter")
    assert result.returncode == 1
    assert "test_the_outbox_hands_out_pending_mail_in_order[forgetful]" in result.stdout


@pytest.mark.parametrize("setting", ["nameless", "x=module", "=examples.own_outbox:main"])
def test_a_malformed_contract_adapter_setting_is_refused(setting: str) -> None:
    from tests.contract.conftest import adapters_from

    with pytest.raises(ValueError, match="name=module:function"):
        adapters_from(setting)
