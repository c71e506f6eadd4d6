"""The password policy: length, composition, sequences, personal data, blocklist and history.

A :class:`PasswordPolicy` checks a new password and reports every rule it breaks at once, each as
a :class:`Violation` with a stable code, its parameters, the offending span and a message in
German and English. The default policy is the portal rule of seed 003;
:meth:`PasswordPolicy.nist_800_63b` is the NIST SP 800-63B rev. 4 rule. The two conflict on
purpose, and :meth:`PasswordPolicy.compliance` tells which NIST clauses a policy meets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Final, Literal, get_args

import attrs

from portalkit._errors import InvalidValueError
from portalkit._frozen import freeze
from portalkit._i18n import DEFAULT_LANGUAGE, Language, render
from portalkit._messages import CATALOG
from portalkit.policy.blocklist import Blocklist
from portalkit.policy.hashing import PasswordHasher
from portalkit.policy.normalization import normalize_password
from portalkit.policy.sequences import (
    DEFAULT_LAYOUTS,
    KeyboardLayout,
    _as_layouts,
    _build_finder,
    _Finder,
    _lower_keys,
)

if TYPE_CHECKING:
    from portalkit.policy.compliance import ComplianceReport

ViolationCode = Literal[
    "too_short",
    "too_long",
    "missing_lowercase",
    "missing_uppercase",
    "missing_digit",
    "missing_special",
    "sequence",
    "keyboard_sequence",
    "personal_data",
    "blocklisted",
    "recently_used",
]
"""The code of a rule a password can break."""

VIOLATION_CODES: Final[tuple[ViolationCode, ...]] = get_args(ViolationCode)
"""Every violation code, in the order in which a check reports them."""

PersonalField = Literal[
    "first_name", "last_name", "email", "customer_number", "company_name", "birthday"
]
"""The fields of :class:`PasswordContext` whose parts a password must not contain."""

_DIGIT: Final = re.compile(r"\d")
_SPECIAL: Final = re.compile(r"[\W_]")
_WORD: Final = re.compile(r"[^\W_]+")


@attrs.frozen
class Violation:
    """One rule a password breaks.

    Attributes:
        code: which rule (one of :data:`VIOLATION_CODES`); stable, safe to store and branch on.
        span: ``(start, end)`` of the offending part in the normalised password, or ``None``
            when the rule concerns the whole password (length, missing characters, blocklist,
            history).
        params: the values the message refers to (``minimum``, ``text``, ``layout``, ...).
            ``text`` is the offending part of the password: show it to the user, don't log it.
    """

    code: ViolationCode
    span: tuple[int, int] | None = None
    params: Mapping[str, object] = attrs.field(factory=dict, converter=freeze, hash=False)

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return what the user should change, in *language* (``"de"`` or ``"en"``)."""
        return render(CATALOG[self.code], language, self.params)


@attrs.frozen
class PasswordCheckResult:
    """The outcome of :meth:`PasswordPolicy.check`: every violation, in a stable order.

    The order follows :data:`VIOLATION_CODES`, and within one code the position in the password.
    """

    violations: tuple[Violation, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the password breaks no rule."""
        return not self.violations

    @property
    def codes(self) -> tuple[ViolationCode, ...]:
        """The distinct codes of the violations, in order."""
        return tuple(dict.fromkeys(violation.code for violation in self.violations))

    def messages(self, language: Language = DEFAULT_LANGUAGE) -> tuple[str, ...]:
        """Return the message of each violation in *language*."""
        return tuple(violation.message(language) for violation in self.violations)


_ACCEPTED: Final = PasswordCheckResult()


class PasswordRejected(InvalidValueError):  # noqa: N818  (the contract names it so)
    """A password breaks the policy; :attr:`violations` says how.

    :meth:`message` lists the message of every violation, for the user. ``str(error)``, which
    ends up in logs and tracebacks, names only the codes: the messages quote parts of the
    password (``„abc“``), and those do not belong in a log.

    References:
        seed 003; DOMAIN.md §1.
    """

    code = "password_rejected"

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        super().__init__(codes=tuple(violation.code for violation in self.violations))

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the request to choose another password and every reason, in *language*."""
        reasons = (violation.message(language) for violation in self.violations)
        return " ".join((super().message(language), *reasons))

    def __str__(self) -> str:
        codes = ", ".join(violation.code for violation in self.violations)
        return f"password rejected: {codes}"


@attrs.frozen
class PasswordContext:
    """What is known about the user, so that the password does not contain it.

    Every field is optional; give what the registration form or the account knows.

    Attributes:
        first_name: the given name.
        last_name: the family name (seed 003 also accepts a company name here).
        email: the e-mail address; only its local part (before ``@``) counts.
        customer_number: the customer number ("Kundennummer").
        company_name: the company's name.
        birthday: the date of birth.

    References:
        seed 003 ("keinen persönlichen Bezug ... keine Namen oder Geburtstage"); DOMAIN.md §1.
    """

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    customer_number: str | None = None
    company_name: str | None = None
    birthday: dt.date | None = None

    def tokens(self, min_length: int = 3) -> tuple[tuple[str, PersonalField], ...]:
        """Return the case-folded parts a password must not contain, each with its field.

        Names and the company name split into words at every character that is not a letter
        or a digit; so does the e-mail local part. The customer number gives its parts and
        itself without separators. The birthday gives ``YYYY``, ``DDMM``, ``DDMMYY``,
        ``DDMMYYYY`` and ``YYYYMMDD``. Parts shorter than *min_length* are left out.

        >>> PasswordContext(email="max.mustermann@example.de").tokens()
        (('max', 'email'), ('mustermann', 'email'))
        """
        return _context_tokens(self, min_length)


def _context_tokens(
    context: PasswordContext, min_length: int
) -> tuple[tuple[str, PersonalField], ...]:
    # Not cached on purpose: a cache would keep past users' personal data in memory.
    found: dict[str, PersonalField] = {}
    texts: tuple[tuple[PersonalField, str | None], ...] = (
        ("first_name", context.first_name),
        ("last_name", context.last_name),
        ("company_name", context.company_name),
        ("email", context.email),
        ("customer_number", context.customer_number),
    )
    for field, text in texts:
        if not text:
            continue
        # ASCII is already in NFKC; skipping the call matters at this scale.
        folded = (text if text.isascii() else normalize_password(text)).casefold()
        if field == "email":
            folded = folded.rpartition("@")[0] or folded
        words = _WORD.findall(folded)
        if field == "customer_number":
            words.append("".join(words))
        for word in words:
            if len(word) >= min_length:
                found.setdefault(word, field)
    if context.birthday is not None:
        # Formatted by hand: strftime costs more than the whole rest of a check.
        day = f"{context.birthday.day:02d}"
        month = f"{context.birthday.month:02d}"
        year = f"{context.birthday.year:04d}"
        for text in (
            year,
            day + month,
            day + month + year[-2:],
            day + month + year,
            year + month + day,
        ):
            if len(text) >= min_length:
                found.setdefault(text, "birthday")
    return tuple(found.items())


def _fold_origins(text: str) -> list[int]:
    """Return, for each character of ``text.casefold()``, the index it came from in *text*."""
    origins: list[int] = []
    for index, char in enumerate(text):
        origins.extend([index] * len(char.casefold()))
    return origins


def _check_max_length(instance: PasswordPolicy, attribute: object, value: int) -> None:
    if value < instance.min_length:
        msg = f"max_length ({value}) must not be below min_length ({instance.min_length})"
        raise ValueError(msg)


@attrs.frozen
class PasswordPolicy:
    """The rules a new password must meet; the default is the portal rule of seed 003.

    ``PasswordPolicy()`` asks for 8 to 128 characters with a lower-case and an upper-case
    letter, a digit and a special character (anything that is neither a letter nor a digit,
    space included), and forbids runs of 3 along the alphabet or the digits (``abc``, ``321``),
    runs of 3 neighbouring keys on German QWERTZ or US QWERTY keyboards (``qwe``, ``yxc``),
    parts of the user's personal data, passwords on the blocklist (if one is configured) and
    the last 5 passwords. Each rule is switched and tuned by a field; change a copy with
    :func:`attrs.evolve`.

    Passwords are normalised to NFKC before checking (see
    :func:`~portalkit.policy.normalization.normalize_password`); the length counts code points
    of the normalised password, which is never truncated.

    Args:
        min_length: fewest characters allowed.
        max_length: most characters allowed (never truncated: longer passwords are refused).
        require_lowercase: ask for a lower-case letter.
        require_uppercase: ask for an upper-case letter.
        require_digit: ask for a decimal digit.
        require_special: ask for a character that is neither a letter nor a digit.
        forbid_sequences: forbid runs along ``a–z`` and ``0–9``.
        forbid_keyboard_sequences: forbid runs of neighbouring keys of the *layouts*.
        sequence_min_length: the shortest run that counts (at least 2).
        layouts: the keyboard layouts for keyboard sequences.
        forbid_personal_data: forbid parts of the :class:`PasswordContext`.
        personal_data_min_length: the shortest part of the personal data that counts.
        blocklist: whole passwords that are refused, or ``None``.
        history_size: how many of the last passwords must not be used again (0: no check).
        second_factor: the password is only ever used together with a second factor. It
            changes no check, only the NIST compliance view (8 instead of 15 characters).

    References:
        seed 003 (the portal rule and its tips); seed 001 (8 characters); DOMAIN.md §1;
        NIST SP 800-63B rev. 4 §3.1.1.2.
    """

    min_length: int = attrs.field(default=8, validator=attrs.validators.ge(1))
    max_length: int = attrs.field(default=128, validator=_check_max_length)
    require_lowercase: bool = True
    require_uppercase: bool = True
    require_digit: bool = True
    require_special: bool = True
    forbid_sequences: bool = True
    forbid_keyboard_sequences: bool = True
    sequence_min_length: int = attrs.field(default=3, validator=attrs.validators.ge(2))
    layouts: tuple[KeyboardLayout, ...] = attrs.field(
        default=DEFAULT_LAYOUTS, converter=_as_layouts
    )
    forbid_personal_data: bool = True
    personal_data_min_length: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    blocklist: Blocklist | None = None
    history_size: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    second_factor: bool = False
    _sequence_finder: _Finder = attrs.field(init=False, repr=False, eq=False)

    @_sequence_finder.default
    def _compile_sequence_finder(self) -> _Finder:
        # Compiled once per configuration and shared: checks then only run the tables.
        keyboard = self.layouts if self.forbid_keyboard_sequences else ()
        return _build_finder(
            self.sequence_min_length, keyboard, self.forbid_sequences, self.forbid_sequences
        )

    @classmethod
    def nist_800_63b(
        cls, *, second_factor: bool = False, blocklist: Blocklist | None = None
    ) -> PasswordPolicy:
        """Return the policy of NIST SP 800-63B rev. 4 §3.1.1.2.

        At least 15 characters (8 when the password is only used with a second factor), up to
        128, no composition rules, and the whole password compared with *blocklist*. Without a
        blocklist the policy cannot meet the blocklist clause; see :meth:`compliance`.

        >>> policy = PasswordPolicy.nist_800_63b()
        >>> policy.min_length, policy.check("correct horse battery staple").ok
        (15, True)

        References:
            NIST SP 800-63B rev. 4 §3.1.1.2; DOMAIN.md §1.
        """
        return cls(
            min_length=8 if second_factor else 15,
            max_length=128,
            require_lowercase=False,
            require_uppercase=False,
            require_digit=False,
            require_special=False,
            forbid_sequences=False,
            forbid_keyboard_sequences=False,
            forbid_personal_data=False,
            blocklist=blocklist,
            second_factor=second_factor,
        )

    def check(
        self,
        password: str,
        *,
        context: PasswordContext | None = None,
        previous_hashes: Sequence[str] = (),
        hasher: PasswordHasher | None = None,
    ) -> PasswordCheckResult:
        """Check *password* against every rule and return all violations at once.

        Args:
            password: the new password, as the user typed it.
            context: what is known about the user, for the personal-data rule.
            previous_hashes: the stored hashes of the user's earlier passwords, most recent
                first; the first :attr:`history_size` are verified with *hasher*.
            hasher: verifies *password* against *previous_hashes*.

        Returns:
            The result; :attr:`PasswordCheckResult.ok` is true when no rule is broken.

        Raises:
            TypeError: if *previous_hashes* are given without a *hasher*.

        References:
            seed 003; DOMAIN.md §1.
        """
        if previous_hashes and hasher is None:
            msg = "previous_hashes need a hasher to verify the password against them"
            raise TypeError(msg)
        text = normalize_password(password)
        violations: list[Violation] = []
        self._check_length(text, violations)
        self._check_composition(text, violations)
        runs = self._sequence_finder.runs(text, _lower_keys(text))
        # Sequences before keyboard runs, as in VIOLATION_CODES; the sort is stable.
        for run in sorted(runs, key=lambda run: run.kind != "sequence"):
            params = {"text": run.text}
            if run.layout is not None:
                params["layout"] = run.layout
            violations.append(Violation(run.kind, run.span, params))
        if context is not None and self.forbid_personal_data:
            self._check_personal_data(text, context, violations)
        if self.blocklist is not None and self.blocklist.is_blocked(text):
            violations.append(Violation("blocklisted"))
        if previous_hashes and hasher is not None and self.history_size:
            for stored_hash in islice(previous_hashes, self.history_size):
                if hasher.verify(stored_hash, password).ok:
                    violations.append(
                        Violation("recently_used", None, {"count": self.history_size})
                    )
                    break
        return PasswordCheckResult(tuple(violations)) if violations else _ACCEPTED

    def validate(
        self,
        password: str,
        *,
        context: PasswordContext | None = None,
        previous_hashes: Sequence[str] = (),
        hasher: PasswordHasher | None = None,
    ) -> None:
        """Check *password* like :meth:`check` and raise if it breaks any rule.

        Raises:
            PasswordRejected: with every violation, if the password breaks a rule.
            TypeError: if *previous_hashes* are given without a *hasher*.
        """
        result = self.check(
            password, context=context, previous_hashes=previous_hashes, hasher=hasher
        )
        if not result.ok:
            raise PasswordRejected(result.violations)

    def compliance(self) -> ComplianceReport:
        """Return which clauses of NIST SP 800-63B rev. 4 §3.1.1.2 this policy meets.

        >>> PasswordPolicy().compliance().compliant
        False
        """
        from portalkit.policy.compliance import nist_800_63b_compliance

        return nist_800_63b_compliance(self)

    def _check_length(self, text: str, violations: list[Violation]) -> None:
        length = len(text)
        if length < self.min_length:
            violations.append(
                Violation("too_short", None, {"length": length, "minimum": self.min_length})
            )
        elif length > self.max_length:
            violations.append(
                Violation("too_long", None, {"length": length, "maximum": self.max_length})
            )

    def _check_composition(self, text: str, violations: list[Violation]) -> None:
        if text.isascii():
            # For ASCII these equal the general definitions below, at C speed.
            has_lower = text.upper() != text
            has_upper = text.lower() != text
            has_special = bool(text) and not text.isalnum()
        else:
            has_lower = any(map(str.islower, text))
            has_upper = any(map(str.isupper, text))
            # The regex finds most specials at C speed; only numerals such as "ↂ" need the loop.
            has_special = _SPECIAL.search(text) is not None or any(
                not (char.isalpha() or char.isdecimal()) for char in text
            )
        if self.require_lowercase and not has_lower:
            violations.append(Violation("missing_lowercase"))
        if self.require_uppercase and not has_upper:
            violations.append(Violation("missing_uppercase"))
        if self.require_digit and _DIGIT.search(text) is None:
            violations.append(Violation("missing_digit"))
        if self.require_special and not has_special:
            violations.append(Violation("missing_special"))

    def _check_personal_data(
        self, text: str, context: PasswordContext, violations: list[Violation]
    ) -> None:
        tokens = _context_tokens(context, self.personal_data_min_length)
        if not tokens:
            return
        folded = text.casefold()
        matches: list[tuple[int, int, PersonalField]] = []
        for token, field in tokens:
            start = folded.find(token)
            while start != -1:
                matches.append((start, start + len(token), field))
                start = folded.find(token, start + 1)
        if not matches:
            return
        matches.sort()
        regions: list[tuple[int, int, set[PersonalField]]] = []
        for start, end, field in matches:
            if regions and start <= regions[-1][1]:
                last_start, last_end, fields = regions[-1]
                fields.add(field)
                regions[-1] = (last_start, max(last_end, end), fields)
            else:
                regions.append((start, end, {field}))
        # Folding may grow the text (ß -> ss): then map the spans back to the password.
        origins = _fold_origins(text) if len(folded) != len(text) else None
        for start, end, fields in regions:
            if origins is not None:
                start, end = origins[start], origins[end - 1] + 1
            violations.append(
                Violation(
                    "personal_data",
                    (start, end),
                    {"text": text[start:end], "fields": tuple(sorted(fields))},
                )
            )
