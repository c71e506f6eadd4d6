"""The breached-password check by k-anonymity range queries (the "Pwned Passwords" API).

Only the first five hex digits of the password's SHA-1 hash leave the process; the service
answers with every hash suffix it knows under that prefix (about a thousand), and the
comparison happens here. With padding on, the answer's size does not reveal the prefix either.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Final, Literal, TypeVar

import attrs

from portalkit._errors import InvalidValueError, PortalkitError
from portalkit.policy.normalization import normalize_password

__all__ = ["BreachCheckUnavailableError", "OnUnavailable", "PwnedPasswordsBlocklist"]

_log = logging.getLogger(__name__)
_Number = TypeVar("_Number", int, float)

OnUnavailable = Literal["allow", "block", "raise"]
"""What :meth:`PwnedPasswordsBlocklist.is_blocked` does when the service cannot answer."""

DEFAULT_BASE_URL: Final = "https://api.pwnedpasswords.com"


def _user_agent() -> str:
    try:
        return f"portalkit/{importlib.metadata.version('portalkit')}"
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "portalkit"


class BreachCheckUnavailableError(PortalkitError, ConnectionError):
    """The breached-password service did not answer (in time, or sensibly).

    Attributes:
        service: the base URL of the service.
        reason: what went wrong, for logs.
    """

    code = "breach_check_unavailable"

    def __init__(self, service: str, reason: str) -> None:
        self.service = service
        self.reason = reason
        super().__init__(service=service, reason=reason)


def _base_url(value: str) -> str:
    parts = urllib.parse.urlsplit(value)
    # urllib also opens file:// and ftp:// URLs; a misconfiguration must not read local files.
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InvalidValueError(field="base_url")
    return value.rstrip("/")


def _at_least(minimum: _Number) -> Callable[[object, attrs.Attribute[_Number], _Number], None]:
    def check(_instance: object, attribute: attrs.Attribute[_Number], value: _Number) -> None:
        if not value >= minimum:
            raise InvalidValueError(field=attribute.name)

    return check


@attrs.frozen
class PwnedPasswordsBlocklist:
    """A :class:`~portalkit.policy.blocklist.Blocklist` asking the breached-password service.

    The password is normalised (NFKC, as everywhere in portalkit, but not case-folded: the
    breach corpus is case-sensitive) and hashed with SHA-1; the first five hex digits go to
    ``{base_url}/range/{prefix}`` and the suffixes in the answer are compared locally.

    Args:
        base_url: the service; an ``http`` or ``https`` URL.
        minimum_count: block only passwords seen at least this often in breaches.
        timeout: seconds to wait for the service.
        padding: ask for padded answers (``Add-Padding: true``), so that the answer's size
            does not hint at the prefix; padding entries (count 0) are ignored.
        on_unavailable: when the service cannot be reached or answers nonsense, ``"allow"``
            (fail open: the password passes this check, a warning is logged), ``"block"`` (fail
            closed: the password is refused) or ``"raise"`` (:class:`BreachCheckUnavailableError`
            reaches the caller, who may ask the user to try again later).
        user_agent: the ``User-Agent`` header; the service refuses requests without one.
        max_response_bytes: answers longer than this count as unavailable.

    Raises:
        InvalidValueError: a setting is out of range (``field`` names it).

    References:
        NIST SP 800-63B rev. 4 §3.1.1.2 (check against passwords from previous breaches);
        the Pwned Passwords range API (k-anonymity, padding); DOMAIN.md §1 "Blocklist".
    """

    base_url: str = attrs.field(default=DEFAULT_BASE_URL, converter=_base_url)
    minimum_count: int = attrs.field(default=1, kw_only=True, validator=_at_least(1))
    timeout: float = attrs.field(default=5.0, kw_only=True, validator=_at_least(0.001))
    padding: bool = attrs.field(default=True, kw_only=True)
    on_unavailable: OnUnavailable = attrs.field(
        default="allow", kw_only=True, validator=attrs.validators.in_(("allow", "block", "raise"))
    )
    user_agent: str = attrs.field(factory=_user_agent, kw_only=True)
    max_response_bytes: int = attrs.field(default=1 << 20, kw_only=True, validator=_at_least(1))

    def is_blocked(self, password: str) -> bool:
        """Return whether *password* appears in breaches at least :attr:`minimum_count` times.

        Raises:
            BreachCheckUnavailableError: the service did not answer and
                :attr:`on_unavailable` is ``"raise"``.
        """
        try:
            return self.breach_count(password) >= self.minimum_count
        except BreachCheckUnavailableError as error:
            if self.on_unavailable == "raise":
                raise
            _log.warning(
                "breached-password check unavailable (%s), %s the password",
                error.reason,
                "allowing" if self.on_unavailable == "allow" else "refusing",
            )
            return self.on_unavailable == "block"

    def breach_count(self, password: str) -> int:
        """Return how often the service has seen *password* in breaches (0: never).

        Raises:
            BreachCheckUnavailableError: the service did not answer in time or sensibly.
        """
        digest = hashlib.sha1(
            normalize_password(password).encode("utf-8", "surrogatepass"), usedforsecurity=False
        ).hexdigest()
        prefix, suffix = digest[:5].upper(), digest[5:].upper()
        for line in self._fetch_range(prefix).splitlines():
            candidate, _, count = line.partition(":")
            if candidate.strip().upper() == suffix:
                try:
                    return int(count)
                except ValueError:
                    raise BreachCheckUnavailableError(self.base_url, "malformed answer") from None
        return 0

    def _fetch_range(self, prefix: str) -> str:
        headers = {"User-Agent": self.user_agent}
        if self.padding:
            headers["Add-Padding"] = "true"
        request = urllib.request.Request(f"{self.base_url}/range/{prefix}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read(self.max_response_bytes + 1)
        except urllib.error.HTTPError as error:
            error.close()
            raise BreachCheckUnavailableError(self.base_url, f"HTTP {error.code}") from None
        except (OSError, ValueError) as error:
            # URLError, timeouts and refused connections are OSErrors; http.client raises
            # ValueError-derived errors on garbled responses.
            raise BreachCheckUnavailableError(self.base_url, repr(error)) from None
        if len(body) > self.max_response_bytes:
            raise BreachCheckUnavailableError(self.base_url, "answer too long")
        try:
            return body.decode("ascii")
        except UnicodeDecodeError:
            raise BreachCheckUnavailableError(self.base_url, "answer is not ASCII") from None
