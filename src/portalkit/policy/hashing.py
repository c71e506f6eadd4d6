"""Password hashing: the port, the answer a verification gives, and argon2id."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Final, Protocol, runtime_checkable

import argon2
import attrs

from portalkit._errors import InvalidValueError
from portalkit.policy.normalization import normalize_password

__all__ = [
    "Argon2Parameters",
    "Argon2idHasher",
    "PasswordHasher",
    "Verification",
    "WeakHashParametersError",
    "minimum_memory_cost",
    "verify_any",
]


@attrs.frozen
class Verification:
    """What verifying a password against a stored hash found out.

    Attributes:
        ok: the password matches the hash.
        needs_rehash: the hash was made with other (weaker or outdated) parameters than the
            hasher's current ones; after a successful login store a new hash.
    """

    ok: bool
    needs_rehash: bool = False


@runtime_checkable
class PasswordHasher(Protocol):
    """Turns passwords into stored hashes and checks passwords against them.

    Implementations normalise the password with
    :func:`portalkit.policy.normalization.normalize_password` before hashing and verifying.
    """

    def hash(self, password: str) -> str:
        """Return a new salted hash of *password*, safe to store."""
        ...

    def verify(self, stored_hash: str, password: str) -> Verification:
        """Check *password* against *stored_hash*; a mismatch or a damaged hash is ``ok=False``."""
        ...

    def dummy_verify(self, password: str) -> None:
        """Spend the same work as :meth:`verify` on a throw-away hash.

        Call it when the account does not exist, so that the time a login takes does not reveal
        whether an account exists.
        """
        ...


# OWASP lists these (memory KiB, iterations) pairs for argon2id with p=1 as equally strong
# minimum configurations: more memory buys fewer passes. A parameter set is strong enough when
# it reaches at least one of them.
_OWASP_MINIMA: Final[tuple[tuple[int, int], ...]] = (
    (47_104, 1),
    (19_456, 2),
    (12_288, 3),
    (9_216, 4),
    (7_168, 5),
)
_MIN_HASH_LEN: Final = 16
_MIN_SALT_LEN: Final = 16


class WeakHashParametersError(InvalidValueError):
    """Argon2 parameters were below the OWASP minimum without being marked as test-only.

    Attributes:
        field: the parameter that is too small (``memory_cost``, ``time_cost``, ...).
        value: its value.
        minimum: the smallest value the parameter may take given the others.

    References:
        OWASP Password Storage Cheat Sheet (argon2id minimum configurations); RFC 9106 §4.
    """

    code = "weak_hash_parameters"

    def __init__(self, field: str, value: int, minimum: int) -> None:
        self.field = field
        self.value = value
        self.minimum = minimum
        super().__init__(field=field, value=value, minimum=minimum)


def minimum_memory_cost(time_cost: int) -> int:
    """Return the least memory (KiB) OWASP accepts for argon2id with *time_cost* passes.

    >>> minimum_memory_cost(1), minimum_memory_cost(2), minimum_memory_cost(10)
    (47104, 19456, 7168)

    References:
        OWASP Password Storage Cheat Sheet, section "Argon2id".
    """
    return min(memory for memory, passes in _OWASP_MINIMA if passes <= max(time_cost, 1))


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    # bool is an int; True as a memory cost is a mistake, not a parameter.
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{attribute.name} must be an int, not {type(value).__name__}"
        raise TypeError(msg)
    if value < 1:
        raise WeakHashParametersError(attribute.name, value, 1)


@attrs.frozen
class Argon2Parameters:
    """The cost parameters of argon2id, refused when below the OWASP minimum.

    Use one of the presets: :meth:`owasp` (the default), :meth:`rfc9106_low_memory`, or, in
    tests only, :meth:`insecure_fast_for_tests`. Building parameters below the OWASP minimum
    raises :class:`WeakHashParametersError` unless ``insecure_for_tests=True`` is passed by
    keyword, so that weak settings never slip into production by a typo and always show up in
    a ``repr``, a log or a code search.

    Attributes:
        memory_cost: memory per hash in KiB.
        time_cost: number of passes over the memory.
        parallelism: number of lanes (threads).
        hash_len: length of the tag in bytes.
        salt_len: length of the random salt in bytes.
        insecure_for_tests: skip the minimum checks; only for test suites.

    Raises:
        WeakHashParametersError: a parameter is below its minimum: memory and passes below
            every OWASP pair (see :func:`minimum_memory_cost`), a hash or salt shorter than 16
            bytes, or anything below 1.

    References:
        OWASP Password Storage Cheat Sheet (m=19456 KiB, t=2, p=1 and its equivalents);
        RFC 9106 §4 (recommended parameters, 128-bit salt); DOMAIN.md §1 "Hashing".
    """

    memory_cost: int = attrs.field(validator=_positive)
    time_cost: int = attrs.field(validator=_positive)
    parallelism: int = attrs.field(validator=_positive)
    hash_len: int = attrs.field(default=32, validator=_positive)
    salt_len: int = attrs.field(default=16, validator=_positive)
    insecure_for_tests: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        # What argon2 itself refuses is refused here too, test preset or not, so that a bad
        # setting fails when it is configured rather than at the first login.
        for field, value, minimum in (
            ("memory_cost", self.memory_cost, 8 * self.parallelism),
            ("hash_len", self.hash_len, 4),
            ("salt_len", self.salt_len, 8),
        ):
            if value < minimum:
                raise WeakHashParametersError(field, value, minimum)
        if self.insecure_for_tests:
            return
        minimum = minimum_memory_cost(self.time_cost)
        if self.memory_cost < minimum:
            raise WeakHashParametersError("memory_cost", self.memory_cost, minimum)
        if self.hash_len < _MIN_HASH_LEN:
            raise WeakHashParametersError("hash_len", self.hash_len, _MIN_HASH_LEN)
        if self.salt_len < _MIN_SALT_LEN:
            raise WeakHashParametersError("salt_len", self.salt_len, _MIN_SALT_LEN)

    @classmethod
    def owasp(cls) -> Argon2Parameters:
        """Return the OWASP minimum: 19 MiB, 2 passes, 1 lane; the default.

        References:
            OWASP Password Storage Cheat Sheet, section "Argon2id".
        """
        return cls(memory_cost=19_456, time_cost=2, parallelism=1)

    @classmethod
    def rfc9106_low_memory(cls) -> Argon2Parameters:
        """Return RFC 9106's second recommendation: 64 MiB, 3 passes, 4 lanes.

        Stronger than :meth:`owasp` and about three times as costly; choose it when the
        servers can spare the memory at peak login rates.

        References:
            RFC 9106 §4, second recommended option.
        """
        return cls(memory_cost=65_536, time_cost=3, parallelism=4)

    @classmethod
    def insecure_fast_for_tests(cls) -> Argon2Parameters:
        """Return the cheapest parameters argon2 accepts; for test suites only.

        A hash made with them costs microseconds and protects nothing. They keep tests of code
        that hashes passwords fast; never configure them in a deployment.
        """
        return cls(memory_cost=8, time_cost=1, parallelism=1, insecure_for_tests=True)

    def _to_argon2(self) -> argon2.Parameters:
        return argon2.Parameters(
            type=argon2.Type.ID,
            version=argon2.low_level.ARGON2_VERSION,
            salt_len=self.salt_len,
            hash_len=self.hash_len,
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
        )


def _secret(password: str) -> bytes:
    # surrogatepass: any str can be hashed and verified (a broken client may send a lone
    # surrogate); such a password still only matches itself.
    return normalize_password(password).encode("utf-8", "surrogatepass")


class Argon2idHasher:
    """The :class:`PasswordHasher` on argon2id (argon2-cffi); hashes are PHC strings.

    Passwords are normalised with
    :func:`~portalkit.policy.normalization.normalize_password` (NFKC) before hashing and
    verifying, so that the same password typed on different devices verifies.

    >>> hasher = Argon2idHasher(Argon2Parameters.insecure_fast_for_tests())  # tests only
    >>> stored = hasher.hash("Ｓｏｍｍｅｒ2025!")
    >>> stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    True
    >>> hasher.verify(stored, "Sommer2025!")
    Verification(ok=True, needs_rehash=False)

    Args:
        parameters: the cost parameters for new hashes; :meth:`Argon2Parameters.owasp` by
            default. Hashes made with other parameters still verify and report
            ``needs_rehash``.

    References:
        OWASP Password Storage Cheat Sheet; RFC 9106; NIST SP 800-63B rev. 4 §3.1.1.2
        (normalisation, salted memory-hard hashing); DOMAIN.md §1 "Hashing".
    """

    __slots__ = ("_argon2", "_dummy_hash", "_parameters")

    def __init__(self, parameters: Argon2Parameters | None = None) -> None:
        self._parameters = parameters if parameters is not None else Argon2Parameters.owasp()
        self._argon2 = argon2.PasswordHasher.from_parameters(self._parameters._to_argon2())
        self._dummy_hash: str | None = None

    @property
    def parameters(self) -> Argon2Parameters:
        """The parameters new hashes are made with."""
        return self._parameters

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.parameters!r})"

    def hash(self, password: str) -> str:
        """Return a new salted argon2id hash of *password* as a PHC string."""
        return self._argon2.hash(_secret(password))

    def verify(self, stored_hash: str, password: str) -> Verification:
        """Check *password* against *stored_hash*; never raises for a mismatch or bad hash.

        Returns:
            ``ok=False`` when the password does not match, or when *stored_hash* is damaged or
            not an argon2 hash at all; otherwise ``ok=True`` and ``needs_rehash=True`` when
            the hash was made with other parameters (or another argon2 variant) than this
            hasher's, so that the caller stores :meth:`hash` of the password after the login.
        """
        try:
            self._argon2.verify(stored_hash, _secret(password))
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return Verification(ok=False)
        except ValueError:
            # A stored value with non-ASCII characters is no hash we ever wrote.
            return Verification(ok=False)
        return Verification(ok=True, needs_rehash=self._argon2.check_needs_rehash(stored_hash))

    def dummy_verify(self, password: str) -> None:
        """Verify *password* against a throw-away hash made with this hasher's parameters.

        The hash is computed on first use and kept, so every later call costs one verification,
        as a login of an existing account does.
        """
        if self._dummy_hash is None:
            # Two threads may both compute it on first use; either result serves equally.
            self._dummy_hash = self._argon2.hash(secrets.token_bytes(32))
        self.verify(self._dummy_hash, password)


def verify_any(hasher: PasswordHasher, password: str, hashes: Iterable[str]) -> bool:
    """Return whether *password* verifies against any of *hashes* (e.g. the last N passwords).

    Meant for password history, where the user is already known: it stops at the first
    match, so its time depends on the position of the match and it must not be used for
    logins. Damaged hashes count as no match.

    >>> hasher = Argon2idHasher(Argon2Parameters.insecure_fast_for_tests())  # tests only
    >>> history = [hasher.hash("Winter2024!"), hasher.hash("Sommer2025!")]
    >>> verify_any(hasher, "Sommer2025!", history), verify_any(hasher, "Herbst2025!", history)
    (True, False)

    References:
        DOMAIN.md §1 "History" (code ``recently_used``); seed 003 ("don't reuse").
    """
    return any(hasher.verify(stored, password).ok for stored in hashes)
