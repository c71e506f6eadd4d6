"""Read ticket reference numbers as people type them, or issue new ones.

Usage:
    python examples/ticket_reference.py [--language en] REFERENCE...
    python examples/ticket_reference.py --issue 3

Each REFERENCE is printed in its canonical form, or with the reason it was refused: a malformed
text, or check digits that reveal a typo. ``--issue N`` hands out N new numbers for tickets
opened now from a counter held in memory, where the portal would use its database.
"""

from __future__ import annotations

import argparse
import collections
import sys

from portalkit import LANGUAGES
from portalkit.adapters.system import SystemClock
from portalkit.tickets import InvalidReferenceNumberError, ReferenceNumber, issue_reference


class MemoryCounter:
    """A :class:`portalkit.tickets.ReferenceCounter` for one process: 1, 2, 3, ... per year."""

    def __init__(self) -> None:
        self._last: collections.Counter[int] = collections.Counter()

    def next_value(self, year: int) -> int:
        """Return the next running number for *year*."""
        self._last[year] += 1
        return self._last[year]


def main(argv: list[str] | None = None) -> int:
    """Parse or issue reference numbers; return 1 if any text was refused."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("references", nargs="*", metavar="REFERENCE")
    parser.add_argument("--issue", type=int, default=0, metavar="N")
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    args = parser.parse_intermixed_args(argv)

    counter, clock = MemoryCounter(), SystemClock()
    for _ in range(args.issue):
        print(issue_reference(counter, clock.now()))
    refused = False
    for text in args.references:
        try:
            print(f"{text}: {ReferenceNumber.parse(text)}")
        except InvalidReferenceNumberError as error:
            print(f"{text}: {error.message(args.language)}")
            refused = True
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
