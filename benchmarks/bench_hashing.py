"""Benchmark: argon2id hashing and verifying, and blocklist lookups.

Run: .venv/bin/python benchmarks/bench_hashing.py [--entries N] [--rounds N]

Compares portalkit's Argon2idHasher with the OWASP parameters against the test-only preset and
against argon2-cffi used directly (the wrapper's overhead), and a FileBlocklist lookup in a
generated list against membership in a plain ``set``.
"""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path

import argon2

from portalkit.adapters.files import FileBlocklist
from portalkit.policy import Argon2idHasher, Argon2Parameters

PASSWORD = "Kundenportal-Sommer2025!"


def per_call(function: Callable[[], object], number: int) -> float:
    """Return the best seconds per call of *function* over three timing runs."""
    return min(timeit.repeat(function, number=number, repeat=3)) / number


def hashing_rows(rounds: int) -> list[tuple[str, float, float]]:
    rows = []
    for name, parameters in (
        ("owasp (m=19456, t=2, p=1)", Argon2Parameters.owasp()),
        ("insecure_fast_for_tests", Argon2Parameters.insecure_fast_for_tests()),
    ):
        hasher = Argon2idHasher(parameters)
        stored = hasher.hash(PASSWORD)
        number = rounds if not parameters.insecure_for_tests else rounds * 100
        rows.append(
            (
                f"portalkit {name}",
                per_call(lambda h=hasher: h.hash(PASSWORD), number),
                per_call(lambda h=hasher, s=stored: h.verify(s, PASSWORD), number),
            )
        )
    reference = argon2.PasswordHasher(memory_cost=19_456, time_cost=2, parallelism=1)
    stored = reference.hash(PASSWORD)
    rows.append(
        (
            "argon2-cffi directly, same owasp parameters",
            per_call(lambda: reference.hash(PASSWORD), rounds),
            per_call(lambda: reference.verify(stored, PASSWORD), rounds),
        )
    )
    return rows


def generated_entries(count: int, seed: int = 2025) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "!?.-_"
    return [
        "".join(rng.choices(alphabet, k=rng.randint(8, 14))) + str(index) for index in range(count)
    ]


def blocklist_rows(count: int, lookups: int) -> tuple[float, list[tuple[str, float]]]:
    entries = generated_entries(count)
    rng = random.Random(7)
    probes = rng.sample(entries, lookups // 2) + generated_entries(lookups // 2, seed=99)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blocklist.txt"
        path.write_text("\n".join(entries) + "\n", encoding="utf-8")
        load = min(timeit.repeat(lambda: FileBlocklist.load(path), number=1, repeat=2))
        blocklist = FileBlocklist.load(path)
    plain = set(entries)

    def file_lookups() -> None:
        for probe in probes:
            blocklist.is_blocked(probe)

    def set_lookups() -> None:
        for probe in probes:
            _ = probe in plain

    rows = [
        ("FileBlocklist.is_blocked (NFKC + casefold + lookup)", per_call(file_lookups, 1)),
        ("plain set membership (no normalisation)", per_call(set_lookups, 1)),
    ]
    return load, [(name, seconds / len(probes)) for name, seconds in rows]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10, help="OWASP hashes per timing run")
    args = parser.parse_args(argv)

    print("argon2id, seconds per call (best of 3)")
    print(f"{'configuration':<50} {'hash':>12} {'verify':>12}")
    rows = hashing_rows(args.rounds)
    for name, hash_seconds, verify_seconds in rows:
        print(f"{name:<50} {hash_seconds * 1e3:>9.3f} ms {verify_seconds * 1e3:>9.3f} ms")
    owasp, fast = rows[0], rows[1]
    print(
        f"owasp / test preset: hash x{owasp[1] / fast[1]:,.0f}, verify x{owasp[2] / fast[2]:,.0f};"
        f" portalkit / argon2-cffi: hash x{owasp[1] / rows[2][1]:.2f},"
        f" verify x{owasp[2] / rows[2][2]:.2f}"
    )

    print()
    load, lookups = blocklist_rows(args.entries, args.lookups)
    print(f"blocklist of {args.entries:,} entries, {args.lookups:,} lookups (half hits)")
    print(f"FileBlocklist.load: {load:.2f} s")
    for name, seconds in lookups:
        print(f"{name:<55} {seconds * 1e9:>8.0f} ns/lookup")
    print(f"FileBlocklist / set: x{lookups[0][1] / lookups[1][1]:.1f}")


if __name__ == "__main__":
    main()
