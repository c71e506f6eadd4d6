"""E-mail addresses and domains: which address belongs to which company.

Domains are compared in their IDNA 2008 / UTS 46 form (the ``idna`` package), never with the
standard library's ``"idna"`` codec: that one implements IDNA 2003, which maps ``ß`` to ``ss`` and
so would treat ``straße.de`` and ``strasse.de`` (two different registrable domains) as one.
Syntax checks come from ``email-validator`` without its deliverability check, because the core
does no I/O (no DNS).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import email_validator
import idna

from portalkit._errors import InvalidValueError

__all__ = [
    "EmailAddress",
    "EmailDomain",
    "GroupDomains",
    "InvalidEmailAddressError",
    "InvalidEmailDomainError",
    "domain_allowed",
]


class InvalidEmailAddressError(InvalidValueError):
    """The text is not a usable e-mail address."""

    code = "invalid_email_address"

    def __init__(self, address: str, reason: str) -> None:
        self.address = address
        self.reason = reason
        super().__init__(address=address, reason=reason)


class InvalidEmailDomainError(InvalidValueError):
    """The text is not a usable internet domain name."""

    code = "invalid_email_domain"

    def __init__(self, domain: str) -> None:
        self.domain = domain
        super().__init__(domain=domain)


def _to_ascii(text: str) -> str:
    candidate = text.strip().rstrip(".")
    try:
        # uts46=True maps case and compatibility forms the way browsers and registries do;
        # transitional=False keeps ß and ς as themselves (IDNA 2008), unlike IDNA 2003.
        encoded = idna.encode(candidate, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError) as error:
        raise InvalidEmailDomainError(text) from error
    if "." not in encoded:
        # A company's e-mail domain is always a registered name below a top-level domain.
        raise InvalidEmailDomainError(text)
    return encoded.lower()


@attrs.frozen(order=True)
class EmailDomain:
    """An internet domain in its normalised ASCII (A-label) form.

    Two domains are equal when their IDNA 2008 / UTS 46 forms are: ``Example.DE`` equals
    ``example.de``, ``straße.de`` does not equal ``strasse.de``.

    >>> EmailDomain.parse("Straße.DE")
    EmailDomain(ascii='xn--strae-oqa.de')
    >>> EmailDomain.parse("straße.de").unicode
    'straße.de'

    Attributes:
        ascii: the lower-case A-label form, e.g. ``xn--strae-oqa.de``.

    References:
        DOMAIN.md §2 (e-mail domain rule), seed 001; RFC 5891 (IDNA 2008), Unicode UTS #46.
    """

    ascii: str

    @classmethod
    def parse(cls, text: str) -> EmailDomain:
        """Normalise *text* (Unicode or A-label, any case) into a domain.

        Raises:
            InvalidEmailDomainError: if *text* is no valid domain name.
        """
        return cls(_to_ascii(text))

    @property
    def unicode(self) -> str:
        """The domain as people read it (U-labels), e.g. ``straße.de``."""
        return str(idna.decode(self.ascii))

    def contains(self, other: EmailDomain, *, subdomains: bool) -> bool:
        """Tell whether *other* is this domain, or (with *subdomains*) one below it.

        A subdomain must end in ``"." + self.ascii``: ``evil-example.de`` is never below
        ``example.de``.
        """
        if other.ascii == self.ascii:
            return True
        return subdomains and other.ascii.endswith("." + self.ascii)

    def __str__(self) -> str:
        return self.unicode


@attrs.frozen(order=True)
class EmailAddress:
    """A syntactically valid e-mail address, normalised for comparison.

    The local part is kept in lower case: no mail system the portals deal with distinguishes
    ``Max.Muster`` from ``max.muster``, and users type both. The domain is an
    :class:`EmailDomain`.

    >>> address = EmailAddress.parse("Max.Mustermann@Example.DE")
    >>> str(address)
    'max.mustermann@example.de'
    >>> address.domain == EmailDomain.parse("example.de")
    True

    References:
        seed 001 (the address is the user name), RFC 5321/6531 via ``email-validator``.
    """

    local: str
    domain: EmailDomain

    @classmethod
    def parse(cls, text: str) -> EmailAddress:
        """Check and normalise *text*; no DNS look-up is made.

        Raises:
            InvalidEmailAddressError: if *text* is no valid address.
        """
        try:
            valid = email_validator.validate_email(
                text.strip(), check_deliverability=False, allow_smtputf8=True
            )
        except email_validator.EmailNotValidError as error:
            raise InvalidEmailAddressError(text, str(error)) from error
        try:
            domain = EmailDomain.parse(valid.ascii_domain)
        except InvalidEmailDomainError as error:
            raise InvalidEmailAddressError(text, "invalid domain") from error
        return cls(valid.local_part.lower(), domain)

    def __str__(self) -> str:
        return f"{self.local}@{self.domain.unicode}"


def domain_allowed(
    address: EmailAddress, domains: Iterable[EmailDomain], *, subdomains: bool = False
) -> bool:
    """Tell whether *address* lies in one of *domains*.

    Args:
        address: the address of a (new) user.
        domains: the company's e-mail domains.
        subdomains: whether the company allows addresses in subdomains of its domains.

    References:
        DOMAIN.md §2, seed 001 ("die E-Mail-Adresse muss die selbe Endung haben wie Ihre").
    """
    return any(domain.contains(address.domain, subdomains=subdomains) for domain in domains)


@attrs.frozen
class GroupDomains:
    """The configured domains of the service group; a company inside them is internal.

    Every department and subsidiary counts, so subdomains of a group domain belong to the group.

    >>> group = GroupDomains.of("kmc-servicegroup.de")
    >>> group.includes(EmailDomain.parse("it.kmc-servicegroup.de"))
    True
    >>> group.includes(EmailDomain.parse("not-kmc-servicegroup.de"))
    False

    References:
        DOMAIN.md §2 (internal customers), seed 000 ("alle Abteilungen und
        Tochtergesellschaften").
    """

    domains: frozenset[EmailDomain] = frozenset()

    @classmethod
    def of(cls, *domains: str) -> GroupDomains:
        """Build the group from domain names in any spelling."""
        return cls(frozenset(EmailDomain.parse(domain) for domain in domains))

    def includes(self, domain: EmailDomain) -> bool:
        """Tell whether *domain* is a group domain or lies below one."""
        return any(group.contains(domain, subdomains=True) for group in self.domains)

    def any_internal(self, domains: Iterable[EmailDomain]) -> bool:
        """Tell whether any of a company's *domains* belongs to the group."""
        return any(self.includes(domain) for domain in domains)
