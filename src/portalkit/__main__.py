"""A short command-line tour of portalkit's rules (``python -m portalkit``, ``make tour``)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from portalkit import LANGUAGES, Language, message_catalog
from portalkit.calendar import (
    BusinessHours,
    Quarter,
    RetentionSchedule,
    WorkingCalendar,
    effective_quarter_start,
    inactivity_deadline,
    submission_deadline,
)
from portalkit.policy import PasswordContext, PasswordPolicy
from portalkit.tickets import InvalidReferenceNumberError, ReferenceNumber

_HEADINGS: dict[str, dict[Language, str]] = {
    "passwords": {"de": "Passwortregel (Seed 003)", "en": "Password rule (seed 003)"},
    "calendar": {"de": "Fristen", "en": "Deadlines"},
    "tickets": {"de": "Ticket-Referenznummern", "en": "Ticket reference numbers"},
    "catalog": {"de": "Meldungen", "en": "Messages"},
}


def _heading(key: str, language: Language) -> str:
    title = _HEADINGS[key][language]
    return f"\n{title}\n{'=' * len(title)}"


def _passwords(language: Language) -> None:
    policy = PasswordPolicy()
    context = PasswordContext(first_name="Erika", last_name="Mustermann", company_name="Beispiel")
    for password in ("abc123", "Mustermann#2025", "Herbst-Laub#Tee7"):
        result = policy.check(password, context=context)
        verdict = "ok" if result.ok else ", ".join(v.code for v in result.violations)
        print(f"  {password!r}: {verdict}")
        for violation in result.violations:
            print(f"      - {violation.message(language)}")
    print()
    print("  " + policy.compliance().text(language).splitlines()[0])


_LABELS: dict[str, dict[Language, str]] = {
    "werktage": {
        "de": "{today} + 10 Werktage (BY) = {result}",
        "en": "{today} + 10 Werktage, Mon–Sat (BY) = {result}",
    },
    "quarter": {
        "de": "Leistungsänderung am {today} → wirksam ab {start} (Einreichung bis {deadline})",
        "en": "Service change on {today} → effective {start} (submit by {deadline})",
    },
    "inactivity": {
        "de": "Letzter Login {today} → Export und Löschung ab {deadline}",
        "en": "Last login {today} → export and deletion from {deadline}",
    },
    "retention": {
        "de": "Rechnung vom {today} → aufbewahren bis {until}",
        "en": "Invoice dated {today} → keep until {until}",
    },
    "support": {
        "de": "Support Mo–Fr 08–18 Uhr: {start} + 4 h = {end}",
        "en": "Support Mon–Fri 08:00–18:00: {start} + 4 h = {end}",
    },
}


def _calendar(language: Language, today: dt.date) -> None:
    labels = {key: texts[language] for key, texts in _LABELS.items()}
    werktage = WorkingCalendar.germany("BY", saturdays=True)
    explanation = werktage.explain(today, 10)
    print("  " + labels["werktage"].format(today=today, result=explanation.result))
    for skipped in explanation.skipped:
        print(f"      {skipped.day}: {', '.join(skipped.reasons)}")
    start = effective_quarter_start(today)
    deadline = submission_deadline(Quarter.of(start))
    print("  " + labels["quarter"].format(today=today, start=start, deadline=deadline))
    print("  " + labels["inactivity"].format(today=today, deadline=inactivity_deadline(today)))
    until = RetentionSchedule.germany().retain_until("invoices", today)
    print("  " + labels["retention"].format(today=today, until=until))
    hours = BusinessHours(WorkingCalendar.germany("BY"))
    friday = dt.datetime(2025, 3, 28, 17, tzinfo=ZoneInfo("Europe/Berlin"))
    end = hours.add(friday, dt.timedelta(hours=4))
    print("  " + labels["support"].format(start=friday.isoformat(), end=end.isoformat()))


def _tickets(language: Language) -> None:
    reference = str(ReferenceNumber(year=2025, sequence=123))
    typed = reference.lower().replace("-", " ")
    print(f"  {reference}: parse({typed!r}) = {ReferenceNumber.parse(typed)}")
    typo = reference.replace("123", "132")
    try:
        ReferenceNumber.parse(typo)
    except InvalidReferenceNumberError as error:
        print(f"  {typo}: {error.message(language)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print a tour of the rules portalkit knows; return the exit status."""
    parser = argparse.ArgumentParser(prog="portalkit", description=__doc__)
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date(2025, 3, 18),
        help="the day the deadlines are computed from (YYYY-MM-DD)",
    )
    parser.add_argument("--all-messages", action="store_true", help="list every message code")
    args = parser.parse_args(argv)
    language: Language = args.language
    print(_heading("passwords", language))
    _passwords(language)
    print(_heading("calendar", language))
    _calendar(language, args.today)
    print(_heading("tickets", language))
    _tickets(language)
    catalog = message_catalog()
    print(_heading("catalog", language))
    print(f"  {len(catalog)} codes, {len(LANGUAGES)} languages ({', '.join(LANGUAGES)})")
    if args.all_messages:
        for code in sorted(catalog):
            print(f"  {code}: {catalog[code].template(language)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
