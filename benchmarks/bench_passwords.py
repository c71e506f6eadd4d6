"""Benchmark: PasswordPolicy.check() against zxcvbn, in the same process.

Run with ``.venv/bin/python benchmarks/bench_passwords.py`` (needs the ``bench`` extra).

zxcvbn is the most used password strength estimator; it answers a different question (how
guessable is this?) with far more work (dictionaries, l33t, dates, a dynamic programme), so the
comparison shows what a rule check costs next to the tool a portal would otherwise reach for.
Both get the same passwords and the same personal data. Goals (issue 2): at least 30x faster
per check than zxcvbn, and a 64-character password costs at most 5x a 12-character one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import timeit
from collections.abc import Callable, Sequence

from zxcvbn import zxcvbn

from portalkit.policy import PasswordContext, PasswordPolicy
from portalkit.policy.blocklist import MemoryBlocklist

CONTEXT_FIELDS = {
    "first_name": "Sabine",
    "last_name": "Schneider",
    "email": "s.schneider@stadtwerke-beispiel.de",
    "customer_number": "KD-4711-0815",
    "company_name": "Stadtwerke Beispiel GmbH",
    "birthday": dt.date(1979, 3, 14),
}
CONTEXT = PasswordContext(**CONTEXT_FIELDS)  # type: ignore[arg-type]
USER_INPUTS = [
    "Sabine",
    "Schneider",
    "s.schneider@stadtwerke-beispiel.de",
    "KD-4711-0815",
    "Stadtwerke Beispiel GmbH",
    "14031979",
]
BLOCKLIST = MemoryBlocklist(
    ["Passwort1!", "Sommer2025!", "Hallo123!", "Qwertz123!", "Fussball1!", "Schalke04!"]
)
POLICY = PasswordPolicy(blocklist=BLOCKLIST)

# Realistic 12–16 character passwords a portal sees: accepted ones and typical rejected ones.
TWELVE = [
    "Kx9!mPq2#vLw",
    "Gr8-Tee!Wien",
    "Rad&Fahrt2Go",
    "Mond#Licht77",
    "Abc123!Sabin",
    "Hbf-Gleis9#K",
]
TWELVE_TO_SIXTEEN = [
    *TWELVE,
    "Sommer2025!Haus",
    "MeinHund#Bello7",
    "Kaffee&Kuchen24",
    "Zugspitze#2962m",
    "Qwertz!2024ab",
    "Schneider1979!",
    "Bürozeit: 8-17h",
    "Elbe+Alster=HH1",
]
SIXTY_FOUR = [
    "Das Wetter in Hamburg ist heute 17 Grad & morgen regnet es wiede",
    "Kx9!mPq2#vLwGr8-Tee!WienRad&Fahrt2GoMond#Licht77Hbf-Gleis9#KxYzW",
    "Meine Katze heißt Minka, mein Hund Bello & mein Pferd Sturm 2x!!",
    "Vier Kaffee, zwei Tee und 1 Wasser bitte; danach zahlen wir bar.",
    "Pa$$phrase mit Umlauten äöü, Zahlen 4711 und Sätzen. Sehr lang!!",
]


def best_per_call(
    func: Callable[[str], object], passwords: Sequence[str], repeat: int, number: int
) -> float:
    """Return the best time of *repeat* runs, per call, over all *passwords*."""

    def run() -> None:
        for password in passwords:
            func(password)

    best = min(timeit.repeat(run, repeat=repeat, number=number))
    return best / (number * len(passwords))


def check(password: str) -> object:
    # A fresh context per call, as in a portal where each request brings its user's data;
    # zxcvbn likewise digests its user_inputs on every call.
    context = PasswordContext(**CONTEXT_FIELDS)  # type: ignore[arg-type]
    return POLICY.check(password, context=context)


def estimate(password: str) -> object:
    return zxcvbn(password, user_inputs=USER_INPUTS)


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Run the benchmark, print a table and return the figures (seconds per call)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny run, for a smoke test")
    args = parser.parse_args(argv)
    repeat, ours, theirs = (1, 20, 1) if args.quick else (7, 2000, 5)

    assert all(12 <= len(p) <= 16 for p in TWELVE_TO_SIXTEEN)
    assert all(len(p) == 64 for p in SIXTY_FOUR), [len(p) for p in SIXTY_FOUR]

    def accepted(passwords: list[str]) -> list[str]:
        return [p for p in passwords if POLICY.check(p, context=CONTEXT).ok]

    groups = {
        "12 chars": TWELVE,
        "12-16 chars": TWELVE_TO_SIXTEEN,
        "64 chars": SIXTY_FOUR,
        "12 ok": accepted(TWELVE),
        "64 ok": accepted(SIXTY_FOUR),
    }
    figures: dict[str, float] = {}
    print("'ok' rows: only the passwords the policy accepts (no violation objects to build).")
    print(f"{'passwords':<12} {'n':>3} {'portalkit':>12} {'zxcvbn':>12} {'zxcvbn/ours':>12}")
    for name, passwords in groups.items():
        mine = best_per_call(check, passwords, repeat, ours)
        other = best_per_call(estimate, passwords, repeat, theirs)
        figures[f"portalkit {name}"] = mine
        figures[f"zxcvbn {name}"] = other
        print(
            f"{name:<12} {len(passwords):>3} {mine * 1e6:>9.2f} µs {other * 1e6:>9.0f} µs "
            f"{other / mine:>11.0f}x"
        )
    rejected = sum(not POLICY.check(p, context=CONTEXT).ok for p in TWELVE_TO_SIXTEEN)
    print(
        f"({rejected} of {len(TWELVE_TO_SIXTEEN)} realistic passwords are rejected by the policy)"
    )
    speedup = figures["zxcvbn 12-16 chars"] / figures["portalkit 12-16 chars"]
    growth = figures["portalkit 64 chars"] / figures["portalkit 12 chars"]
    growth_ok = figures["portalkit 64 ok"] / figures["portalkit 12 ok"]
    print(f"goal >= 30x faster than zxcvbn (12-16 chars): {speedup:.0f}x")
    print(f"goal 64 chars <= 5x the cost of 12 chars:     {growth:.2f}x", end=" ")
    print(f"(accepted only: {growth_ok:.2f}x)")
    figures["speedup"] = speedup
    figures["growth"] = growth
    figures["growth accepted"] = growth_ok
    return figures


if __name__ == "__main__":
    main()
