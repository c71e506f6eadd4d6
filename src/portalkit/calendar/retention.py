"""Retention deadlines: when inactive accounts end and how long documents must be kept.

Two different clocks run here. Login data stays active for 2 years without a login (seed
000). Business documents (books, invoices, letters) must be kept for the periods of German
commercial and tax law, whatever happens to the account they belong to; deleting an account
restricts them until their own deadline instead (GDPR Art. 17(3)(b)).

Nothing here is legal advice: the German preset states the periods as the library reads the
law, with its sources, so that a portal's operator can check them and build their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, Final, Generic, Protocol, Self, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from portalkit._errors import InvalidValueError, NotFoundError
from portalkit._i18n import DEFAULT_LANGUAGE, Language
from portalkit.calendar._instants import BERLIN, local_date, normalized, require_non_negative
from portalkit.clock import require_aware

INACTIVITY_YEARS: Final = 2
"""Years login data stays active without a login (seed 000)."""

NOTICE_DAYS: Final = 30
"""Days before the inactivity deadline that the user is told (a product decision)."""

_Moment = TypeVar("_Moment", dt.date, dt.datetime)


def inactivity_deadline(last_activity: _Moment, years: int = INACTIVITY_YEARS) -> _Moment:
    """Return when login data unused since *last_activity* stops being active.

    The deadline is *years* calendar years later (``relativedelta``): a last login on
    29 February 2024 reaches its 2-year deadline on 28 February 2026. Pass the activation
    instead if the account was never used.

    >>> import datetime as dt
    >>> inactivity_deadline(dt.date(2024, 2, 29))
    datetime.date(2026, 2, 28)

    Args:
        last_activity: the day, or the aware instant, of the last login.
        years: how many years of inactivity end the account.

    Returns:
        The same kind as *last_activity*: a date, or an aware datetime in the same time zone
        (the same wall time, moved forward if a DST change skips it).

    Raises:
        NaiveDatetimeError: if *last_activity* is a naive datetime.
        NegativePeriodError: if *years* is negative.

    References:
        seed 000 ("Ihre Logindaten bleiben 2 Jahre ohne Login aktiv"); DOMAIN.md § 3
        "Inactivity".
    """
    require_non_negative(years, "years")
    if isinstance(last_activity, dt.datetime):
        return normalized(
            require_aware(last_activity, "last_activity") + relativedelta(years=years)
        )
    return last_activity + relativedelta(years=years)


def is_inactive(
    last_activity: dt.date | dt.datetime,
    now: dt.date | dt.datetime,
    years: int = INACTIVITY_YEARS,
    timezone: str = BERLIN,
) -> bool:
    """Tell whether login data unused since *last_activity* has stopped being active at *now*.

    The deadline itself counts as inactive, like the expiry of a link.

    Args:
        last_activity: the day, or the aware instant, of the last login.
        now: the current day or aware instant; an instant is taken on its day in *timezone*
            when *last_activity* is a day.
        years: how many years of inactivity end the account.
        timezone: the IANA zone whose calendar day counts.

    Raises:
        NaiveDatetimeError: if a datetime is naive.
        NegativePeriodError: if *years* is negative.
        TypeError: if *last_activity* is an instant and *now* only a day.

    References:
        seed 000; DOMAIN.md § 3 "Inactivity".
    """
    if isinstance(last_activity, dt.datetime):
        if not isinstance(now, dt.datetime):
            msg = "now must be an aware datetime when last_activity is one"
            raise TypeError(msg)
        deadline = inactivity_deadline(last_activity, years).astimezone(dt.UTC)
        return require_aware(now, "now").astimezone(dt.UTC) >= deadline
    return local_date(now, timezone, "now") >= inactivity_deadline(last_activity, years)


def notice_date(deadline: _Moment, days_before: int = NOTICE_DAYS) -> _Moment:
    """Return when to tell a user that *deadline* is near: *days_before* calendar days earlier.

    >>> import datetime as dt
    >>> notice_date(inactivity_deadline(dt.date(2024, 2, 29)))
    datetime.date(2026, 1, 29)

    Raises:
        NaiveDatetimeError: if *deadline* is a naive datetime.
        NegativePeriodError: if *days_before* is negative.

    References:
        seed 000 (the account ends "automatisch" after 2 years; telling the user first is a
        product decision).
    """
    require_non_negative(days_before, "days_before")
    if isinstance(deadline, dt.datetime):
        return normalized(require_aware(deadline, "deadline") - dt.timedelta(days=days_before))
    return deadline - dt.timedelta(days=days_before)


def _check_period(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None:
        require_non_negative(value, attribute.name)


@attrs.frozen
class DocumentClass:
    """A class of business documents and how long the law requires keeping them.

    The period starts at the end of the calendar year the document belongs to and ends on
    31 December of that year plus the period: an invoice dated 10 March 2025 with a period of
    8 years is kept until 31 December 2033.

    When a law changed the period, *previous_period_years* holds the old one and
    *period_since* the day the new one applies from; the new period then applies to every
    document whose old period had not yet run out on that day (see
    :meth:`retain_until`).

    Attributes:
        key: the machine name, e.g. ``"invoices"``.
        name_de: the German name, e.g. ``"Rechnungen"``.
        name_en: the English name.
        period_years: the retention period in years under the current law.
        source: the legal source of the period, for people to check.
        previous_period_years: the period before the last change of the law, if any.
        period_since: the first day the current period applies, if the law changed.

    Raises:
        NegativePeriodError: if a period is negative.
        InvalidValueError: if only one of *previous_period_years* and *period_since* is set.

    References:
        HGB § 257 Abs. 4 and 5, AO § 147 Abs. 3 and 4; not legal advice.
    """

    key: str
    name_de: str
    name_en: str
    period_years: int = attrs.field(validator=_check_period)
    source: str
    previous_period_years: int | None = attrs.field(default=None, validator=_check_period)
    period_since: dt.date | None = attrs.field(default=None)

    @period_since.validator
    def _check_transition(self, attribute: attrs.Attribute[dt.date | None], value: object) -> None:
        if (value is None) != (self.previous_period_years is None):
            raise InvalidValueError(field="period_since")

    def name(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the class's name in *language*."""
        return self.name_de if language == "de" else self.name_en

    def retain_until(self, document_date: dt.date, *, as_of: dt.date | None = None) -> dt.date:
        """Return the last day a document of this class dated *document_date* must be kept.

        Without *as_of* the current law applies, including its transition rule; with *as_of*
        the law in force on that day. Under the German preset, for invoices (8 years since
        1 January 2025, 10 years before):

        - dated 10 March 2025: kept until 31 December 2033;
        - dated 2016: the old period would have run until 31 December 2026, so it had not
          run out on 1 January 2025 and the new period applies: kept until 31 December 2024
          (deletable from 1 January 2025, two years earlier than before);
        - dated 2014: the old period ran out at the end of 31 December 2024, before the new
          law applied; it stays at 31 December 2024;
        - asked *as_of* 1 June 2024, a 2016 invoice is kept until 31 December 2026, as the
          law then required.

        From the day the new law applies, a document is under retention exactly when the new
        period alone would keep it: the transition rule only matters for the days before.

        >>> import datetime as dt
        >>> invoices = RetentionSchedule.germany().get("invoices")
        >>> invoices.retain_until(dt.date(2025, 3, 10))
        datetime.date(2033, 12, 31)
        >>> invoices.retain_until(dt.date(2016, 7, 1))
        datetime.date(2024, 12, 31)
        >>> invoices.retain_until(dt.date(2016, 7, 1), as_of=dt.date(2024, 6, 1))
        datetime.date(2026, 12, 31)

        References:
            HGB § 257 Abs. 4, 5; AO § 147 Abs. 3, 4; for the change from 10 to 8 years the
            Bürokratieentlastungsgesetz IV (BGBl. 2024 I Nr. 323) and its transition rule
            Art. 97 § 19a Abs. 2 EGAO: the new period applies "erstmals für alle Unterlagen,
            deren Aufbewahrungsfrist ... noch nicht abgelaufen ist". Not legal advice.
        """
        new_end = _year_end(document_date.year + self.period_years)
        if self.previous_period_years is None or self.period_since is None:
            return new_end
        old_end = _year_end(document_date.year + self.previous_period_years)
        if as_of is not None and as_of < self.period_since:
            return old_end
        # The old period "had run out" when it ended before the new law applied.
        return new_end if old_end >= self.period_since else old_end

    def is_under_retention(self, document_date: dt.date, today: dt.date) -> bool:
        """Tell whether a document dated *document_date* must still be kept on *today*.

        The law in force on *today* decides; the last day of the period is still under
        retention.
        """
        return today <= self.retain_until(document_date, as_of=today)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


class UnknownDocumentClassError(NotFoundError):
    """A document class was named that the retention schedule does not list."""

    code = "unknown_document_class"

    def __init__(self, kind: str, known: tuple[str, ...]) -> None:
        self.kind = kind
        self.known = known
        super().__init__(kind=kind, known=known)


class DuplicateDocumentClassError(InvalidValueError):
    """A retention schedule lists the same document class twice."""

    code = "duplicate_document_class"

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind=kind)


class DatedDocument(Protocol):
    """Anything with a document class and a date: what :meth:`RetentionSchedule.split` sorts."""

    @property
    def kind(self) -> str:
        """The key of the document's :class:`DocumentClass`."""
        ...

    @property
    def document_date(self) -> dt.date:
        """The day the document was issued, received or booked."""
        ...


@attrs.frozen
class RetainedDocument:
    """A plain document reference for :meth:`RetentionSchedule.split`.

    Attributes:
        kind: the key of its :class:`DocumentClass`, e.g. ``"invoices"``.
        document_date: the day it was issued, received or booked.
        reference: the caller's identifier, e.g. an invoice number.
    """

    kind: str
    document_date: dt.date
    reference: str = ""


_Document = TypeVar("_Document", bound=DatedDocument)


@attrs.frozen
class Restriction(Generic[_Document]):
    """A document that must be kept, restricted from any use but the legal one, until a day.

    References:
        GDPR Art. 17(3)(b), Art. 18.
    """

    document: _Document
    until: dt.date


@attrs.frozen
class RetentionSplit(Generic[_Document]):
    """The documents of a deleted account, sorted into deletable and restricted ones.

    References:
        GDPR Art. 17(3)(b); DOMAIN.md § 3 "Legal retention".
    """

    deletable: tuple[_Document, ...]
    restricted: tuple[Restriction[_Document], ...]

    @property
    def restricted_until(self) -> dt.date | None:
        """The last day any document stays restricted; ``None`` if none is."""
        return max((r.until for r in self.restricted), default=None)


def _unique_keys(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[DocumentClass, ...]
) -> None:
    seen: set[str] = set()
    for document_class in value:
        if document_class.key in seen:
            raise DuplicateDocumentClassError(document_class.key)
        seen.add(document_class.key)


_BEG_IV_SINCE: Final = dt.date(2025, 1, 1)
_BEG_IV_SINCE_SUPERVISED: Final = dt.date(2026, 1, 1)


@attrs.frozen
class RetentionSchedule:
    """The document classes a portal keeps and their retention periods.

    >>> import datetime as dt
    >>> schedule = RetentionSchedule.germany()
    >>> schedule.retain_until("invoices", dt.date(2025, 3, 10))
    datetime.date(2033, 12, 31)
    >>> schedule.is_under_retention("commercial_letters", dt.date(2019, 5, 2), dt.date(2026, 1, 1))
    False

    Raises:
        DuplicateDocumentClassError: if two classes share a key.

    References:
        HGB § 257, AO § 147, UStG § 14b, Bürokratieentlastungsgesetz IV; not legal advice.
    """

    classes: tuple[DocumentClass, ...] = attrs.field(validator=_unique_keys)

    @classmethod
    def germany(cls, *, supervised_institution: bool = False) -> Self:
        """Return the periods of German commercial and tax law, as portalkit reads them.

        Books and annual accounts 10 years; booking vouchers and invoices 8 years (10 years
        until the Bürokratieentlastungsgesetz IV, see :meth:`DocumentClass.retain_until`);
        commercial letters 6 years.

        Not modelled: that a period does not end while the documents still matter for a tax
        whose assessment period has not expired (AO § 147 Abs. 3), and documents kept
        for other reasons (litigation holds, contracts). Not legal advice.

        Args:
            supervised_institution: the business is a credit, insurance or securities
                institution under financial supervision, for which the shorter period applies
                one year later, from 1 January 2026 (Art. 97 § 19a Abs. 3 EGAO).

        References:
            HGB § 257 Abs. 1 and 4, AO § 147 Abs. 1 and 3, UStG § 14b Abs. 1, as amended by
            the Bürokratieentlastungsgesetz IV (BGBl. 2024 I Nr. 323); Art. 97 § 19a EGAO;
            DOMAIN.md § 3 "Legal retention".
        """
        since = _BEG_IV_SINCE_SUPERVISED if supervised_institution else _BEG_IV_SINCE
        beg_iv = (
            "as amended by the Bürokratieentlastungsgesetz IV (BGBl. 2024 I Nr. 323); "
            "transition: Art. 97 § 19a EGAO"
        )
        return cls(
            (
                DocumentClass(
                    "books",
                    "Handelsbücher und Aufzeichnungen",
                    "Books and records",
                    10,
                    "HGB § 257 Abs. 1 Nr. 1, Abs. 4; AO § 147 Abs. 1 Nr. 1, Abs. 3",
                ),
                DocumentClass(
                    "annual_accounts",
                    "Jahresabschlüsse, Inventare, Lageberichte",
                    "Annual accounts, inventories, management reports",
                    10,
                    "HGB § 257 Abs. 1 Nr. 1, Abs. 4; AO § 147 Abs. 1 Nr. 1, Abs. 3",
                ),
                DocumentClass(
                    "invoices",
                    "Rechnungen",
                    "Invoices",
                    8,
                    f"UStG § 14b Abs. 1; HGB § 257 Abs. 1 Nr. 4, Abs. 4; "
                    f"AO § 147 Abs. 1 Nr. 4, Abs. 3; {beg_iv}",
                    previous_period_years=10,
                    period_since=since,
                ),
                DocumentClass(
                    "booking_vouchers",
                    "Buchungsbelege",
                    "Booking vouchers",
                    8,
                    f"HGB § 257 Abs. 1 Nr. 4, Abs. 4; AO § 147 Abs. 1 Nr. 4, Abs. 3; {beg_iv}",
                    previous_period_years=10,
                    period_since=since,
                ),
                DocumentClass(
                    "commercial_letters",
                    "Handels- und Geschäftsbriefe",
                    "Commercial letters",
                    6,
                    "HGB § 257 Abs. 1 Nr. 2 and 3, Abs. 4; AO § 147 Abs. 1 Nr. 2 and 3, Abs. 3",
                ),
            )
        )

    def __iter__(self) -> Iterator[DocumentClass]:
        return iter(self.classes)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The keys of the document classes, in schedule order."""
        return tuple(document_class.key for document_class in self.classes)

    def get(self, kind: str) -> DocumentClass:
        """Return the document class with key *kind*.

        Raises:
            UnknownDocumentClassError: if the schedule has no such class.
        """
        for document_class in self.classes:
            if document_class.key == kind:
                return document_class
        raise UnknownDocumentClassError(kind, self.kinds)

    def retain_until(
        self, kind: str, document_date: dt.date, *, as_of: dt.date | None = None
    ) -> dt.date:
        """Return the last day a document of class *kind* dated *document_date* must be kept.

        See :meth:`DocumentClass.retain_until`.

        Raises:
            UnknownDocumentClassError: if the schedule has no class *kind*.
        """
        return self.get(kind).retain_until(document_date, as_of=as_of)

    def is_under_retention(self, kind: str, document_date: dt.date, today: dt.date) -> bool:
        """Tell whether a document of class *kind* must still be kept on *today*.

        Raises:
            UnknownDocumentClassError: if the schedule has no class *kind*.
        """
        return self.get(kind).is_under_retention(document_date, today)

    def split(self, documents: Iterable[_Document], today: dt.date) -> RetentionSplit[_Document]:
        """Sort the documents of an account to be deleted into deletable and restricted ones.

        A document still under retention is not deleted but restricted until its own
        deadline; the rest may go. A document of an unknown class stops the whole split:
        when in doubt, nothing is deleted.

        >>> import datetime as dt
        >>> split = RetentionSchedule.germany().split(
        ...     [
        ...         RetainedDocument("invoices", dt.date(2025, 3, 10), "R-1"),
        ...         RetainedDocument("commercial_letters", dt.date(2018, 6, 1), "B-7"),
        ...     ],
        ...     today=dt.date(2026, 2, 1),
        ... )
        >>> [d.reference for d in split.deletable], split.restricted_until
        (['B-7'], datetime.date(2033, 12, 31))

        Raises:
            UnknownDocumentClassError: if a document's class is not in the schedule.

        References:
            GDPR Art. 17(3)(b); DOMAIN.md § 3 "Legal retention".
        """
        deletable: list[_Document] = []
        restricted: list[Restriction[_Document]] = []
        for document in documents:
            document_class = self.get(document.kind)
            if document_class.is_under_retention(document.document_date, today):
                until = document_class.retain_until(document.document_date, as_of=today)
                restricted.append(Restriction(document, until))
            else:
                deletable.append(document)
        return RetentionSplit(tuple(deletable), tuple(restricted))
