"""The programs in examples/ run and print what their documentation promises."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.docs.site import ROOT

EXAMPLES = ROOT / "examples"

# Every program in examples/ with the arguments to run it with, its exit status and lines it
# must print.
CASES = {
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
