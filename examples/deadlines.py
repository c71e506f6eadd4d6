"""Print the deadlines that start on a given day.

Usage:
    python examples/deadlines.py [--state BY] [--language en] [YYYY-MM-DD]

Without a date, the deadlines start today. portalkit's core never reads the clock; this program
asks the system clock adapter, as an application would, and passes the day in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from zoneinfo import ZoneInfo

from portalkit import LANGUAGES
from portalkit.adapters.system import SystemClock
from portalkit.calendar import (
    STATES,
    Quarter,
    RetentionSchedule,
    WorkingCalendar,
    effective_quarter_start,
    inactivity_deadline,
    submission_deadline,
)

_LABELS = {
    "de": (
        "10 Werktage ab {day}",
        "Leistungsänderung wirksam ab",
        "  (Einreichung spätestens am)",
        "Letzter Login → Löschung ab",
        "Rechnung aufbewahren bis",
    ),
    "en": (
        "10 Werktage from {day}",
        "Service change takes effect",
        "  (submit by)",
        "Last login → deletion from",
        "Keep the invoice until",
    ),
}


def main(argv: list[str] | None = None) -> int:
    """Print the deadlines for the day given on the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("day", nargs="?", type=dt.date.fromisoformat)
    parser.add_argument("--state", choices=STATES, default="BY")
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    args = parser.parse_args(argv)
    day: dt.date = args.day or SystemClock().now().astimezone(ZoneInfo("Europe/Berlin")).date()

    werktage = WorkingCalendar.germany(args.state, saturdays=True)
    start = effective_quarter_start(day)
    rows = (
        werktage.add_working_days(day, 10),
        start,
        submission_deadline(Quarter.of(start)),
        inactivity_deadline(day),
        RetentionSchedule.germany().retain_until("invoices", day),
    )
    labels = _LABELS[args.language]
    width = max(len(label.format(day=day)) for label in labels)
    for label, value in zip(labels, rows, strict=True):
        print(f"{label.format(day=day):<{width}}  {value.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
