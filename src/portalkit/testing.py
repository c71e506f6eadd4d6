"""Hypothesis strategies for property-testing code that uses portalkit.

Install the ``testing`` extra (``pip install portalkit[testing]``) to use this module.

:func:`valid_passwords` draws passwords that a policy accepts; :func:`passwords_violating` draws
passwords that break exactly one chosen rule and no other. Use them to test a registration
form or a password-change endpoint against the very policy it enforces:

>>> from hypothesis import given
>>> from portalkit.policy import PasswordPolicy
>>> from portalkit.testing import passwords_violating
>>> policy = PasswordPolicy()
>>> @given(passwords_violating("missing_digit", policy))
... def test_the_form_names_the_missing_digit(password):
...     assert policy.check(password).codes == ("missing_digit",)
>>> test_the_form_names_the_missing_digit()

Some codes cannot be produced from a policy and a context alone; asking for them raises
:class:`hypothesis.errors.InvalidArgument`:

- ``blocklisted``: the blocklist port only answers yes or no, it cannot list its entries;
- ``recently_used``: it needs stored hashes and a hasher;
- ``personal_data``: without a context there is nothing personal to use;
- a code whose check the policy switches off (e.g. ``missing_digit`` for the NIST preset);
- ``too_short`` when the policy's minimum leaves no room below it for the required classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs
from hypothesis import assume, reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from portalkit.policy.passwords import (
    VIOLATION_CODES,
    PasswordContext,
    PasswordPolicy,
    ViolationCode,
)
from portalkit.policy.sequences import find_sequences

__all__ = ["passwords_violating", "valid_passwords"]

_POOLS: Final = {
    "lowercase": "abcdefghijklmnopqrstuvwxyzäöüßé",
    "uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÉ",
    "digit": "0123456789",
    "special": " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~€§",
}
# Characters that split a run or a part of personal data when inserted: specials first, then
# letters outside a–z for policies that must not gain a special character.
_BREAKERS: Final = "~#%&*+=?^|!$§ñøçÑØÇ"
_MISSING: Final = {
    "missing_lowercase": "lowercase",
    "missing_uppercase": "uppercase",
    "missing_digit": "digit",
    "missing_special": "special",
}
_IMPOSSIBLE: Final = {
    "blocklisted": "the Blocklist port cannot list its entries",
    "recently_used": "it needs stored hashes and a hasher, not just a password",
}
_SLACK: Final = 16
_PORTAL: Final = PasswordPolicy()


@attrs.frozen
class _Plan:
    """How to draw one kind of password for one policy and context."""

    policy: PasswordPolicy
    context: PasswordContext | None
    pool: str
    required: tuple[str, ...]
    breaker: str
    lengths: tuple[int, int]
    inserts: tuple[str, ...]
    expected: frozenset[str]


def _required_classes(policy: PasswordPolicy) -> tuple[str, ...]:
    switches = (
        ("lowercase", policy.require_lowercase),
        ("uppercase", policy.require_uppercase),
        ("digit", policy.require_digit),
        ("special", policy.require_special),
    )
    return tuple(name for name, on in switches if on)


def _runs_of(policy: PasswordPolicy, text: str) -> set[str]:
    return {
        run.kind
        for run in find_sequences(
            text,
            min_length=policy.sequence_min_length,
            layouts=policy.layouts,
            alphabetic=policy.forbid_sequences,
            numeric=policy.forbid_sequences,
            keyboard=policy.forbid_keyboard_sequences,
        )
    }


def _windows(rows: Iterable[str], shortest: int) -> list[str]:
    found: list[str] = []
    for row in rows:
        for length in range(shortest, min(len(row), shortest + 3) + 1):
            for start in range(len(row) - length + 1):
                window = row[start : start + length]
                found.extend((window, window[::-1]))
    return found


def _tokens(policy: PasswordPolicy, context: PasswordContext | None) -> list[str]:
    if context is None or not policy.forbid_personal_data:
        return []
    return [token for token, _ in context.tokens(policy.personal_data_min_length)]


def _plan(
    code: ViolationCode | None, policy: PasswordPolicy, context: PasswordContext | None
) -> _Plan:
    if code is not None and code not in VIOLATION_CODES:
        msg = f"unknown violation code {code!r}; use one of {VIOLATION_CODES}"
        raise InvalidArgument(msg)
    if code in _IMPOSSIBLE:
        msg = f"cannot draw passwords violating {code!r}: {_IMPOSSIBLE[code]}"
        raise InvalidArgument(msg)
    classes = list(_POOLS)
    required = _required_classes(policy)
    if code in _MISSING:
        missing = _MISSING[code]
        if missing not in required:
            msg = f"the policy does not check {code!r}, so no password can violate it"
            raise InvalidArgument(msg)
        classes.remove(missing)
        required = tuple(name for name in required if name != missing)
    tokens = _tokens(policy, context)
    layout_keys = {key for layout in policy.layouts for key in layout.positions}
    breaker = next(
        (
            char
            for char in _BREAKERS
            if char.lower() not in layout_keys
            and not any(part in token for token in tokens for part in char.casefold())
            and _class_of(char) in classes
        ),
        None,
    )
    if breaker is None:
        msg = "found no character that can split runs without breaking another rule"
        raise InvalidArgument(msg)
    low = len(required)
    shortest = max(policy.min_length, low)
    lengths = (shortest, min(shortest + _SLACK, policy.max_length))
    if lengths[1] < lengths[0]:
        msg = f"a password of at most {policy.max_length} characters cannot hold {required}"
        raise InvalidArgument(msg)
    inserts: list[str] = []
    if code == "too_short":
        lengths = (low, policy.min_length - 1)
        if lengths[1] < lengths[0]:
            msg = f"a password shorter than {policy.min_length} cannot hold {required}"
            raise InvalidArgument(msg)
    elif code == "too_long":
        lengths = (policy.max_length + 1, policy.max_length + _SLACK)
    elif code in ("sequence", "keyboard_sequence", "personal_data"):
        inserts = _inserts(code, policy, tokens)
        if not inserts:
            msg = f"the policy and context leave nothing that violates only {code!r}"
            raise InvalidArgument(msg)
    return _Plan(
        policy=policy,
        context=context,
        pool="".join(_POOLS[name] for name in classes),
        required=required,
        breaker=breaker,
        lengths=lengths,
        inserts=tuple(inserts),
        expected=frozenset() if code is None else frozenset({code}),
    )


def _class_of(char: str) -> str:
    if char.islower():
        return "lowercase"
    if char.isupper():
        return "uppercase"
    return "digit" if char.isdecimal() else "special"


def _inserts(code: str, policy: PasswordPolicy, tokens: list[str]) -> list[str]:
    if code == "sequence" and policy.forbid_sequences:
        candidates = _windows(
            ("abcdefghijklmnopqrstuvwxyz", "0123456789"), policy.sequence_min_length
        )
        return [text for text in candidates if _runs_of(policy, text) == {"sequence"}]
    if code == "keyboard_sequence" and policy.forbid_keyboard_sequences:
        rows = (row for layout in policy.layouts for row in layout.rows)
        candidates = _windows(rows, policy.sequence_min_length)
        return [text for text in candidates if _runs_of(policy, text) == {"keyboard_sequence"}]
    if code == "personal_data":
        return [token for token in tokens if not _runs_of(policy, token)]
    return []


def _repair(text: str, plan: _Plan) -> str | None:
    """Split every run and part of personal data in *text* with the plan's breaker.

    Inserting a character that belongs to no run and no part can only destroy matches, never
    create one, so each round removes at least one and the loop ends.
    """
    step = plan.policy.sequence_min_length - 1
    for _ in range(len(text) + 1):
        result = plan.policy.check(text, context=plan.context)
        cuts: set[int] = set()
        for violation in result.violations:
            if violation.span is None:
                continue
            start, end = violation.span
            if violation.code == "personal_data":
                cuts.add(start + 1)
            else:
                cuts.update(range(start + step, end, step))
        if not cuts:
            return text
        for cut in sorted(cuts, reverse=True):
            text = text[:cut] + plan.breaker + text[cut:]
    return None


@st.composite
def _passwords(draw: st.DrawFn, plan: _Plan) -> str:
    block = ""
    if plan.inserts:
        insert = draw(st.sampled_from(plan.inserts))
        upper = draw(st.lists(st.booleans(), min_size=len(insert), max_size=len(insert)))
        insert = "".join(
            char.upper() if up and len(char.upper()) == 1 else char
            for char, up in zip(insert, upper, strict=True)
        )
        block = plan.breaker + insert + plan.breaker
    low = max(plan.lengths[0] - len(block), len(plan.required))
    high = plan.lengths[1] - len(block)
    assume(low <= high)
    total = draw(st.integers(low, high))
    chars = draw(
        st.lists(
            st.sampled_from(plan.pool),
            min_size=total - len(plan.required),
            max_size=total - len(plan.required),
        )
    )
    for name in plan.required:
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(_POOLS[name])))
    text = _repair("".join(chars), plan)
    if text is None:
        reject()
    if block:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + block + text[at:]
    codes = plan.policy.check(text, context=plan.context).codes
    assume(frozenset(codes) == plan.expected)
    return text


def valid_passwords(
    policy: PasswordPolicy = _PORTAL, context: PasswordContext | None = None
) -> st.SearchStrategy[str]:
    """Return a strategy for passwords that *policy* accepts for a user with *context*.

    The passwords mix letters (umlauts and ``ß`` included), digits, specials and spaces, are
    NFKC-normalised and lie between the policy's minimum length and 16 characters more.

    Args:
        policy: the policy the passwords meet; the portal rule of seed 003 by default.
        context: the user's personal data, which the passwords avoid.

    Raises:
        hypothesis.errors.InvalidArgument: if no password can meet the policy.

    References:
        seed 003; DOMAIN.md §1.
    """
    return _passwords(_plan(None, policy, context))


def passwords_violating(
    code: ViolationCode,
    policy: PasswordPolicy = _PORTAL,
    context: PasswordContext | None = None,
) -> st.SearchStrategy[str]:
    """Return a strategy for passwords that break the rule *code* of *policy* and no other.

    Args:
        code: the violation code, one of :data:`portalkit.policy.VIOLATION_CODES`.
        policy: the policy; the portal rule of seed 003 by default.
        context: the user's personal data; needed for ``personal_data``.

    Raises:
        hypothesis.errors.InvalidArgument: if no such password can be drawn (see the module
            documentation for the codes where that is so).

    References:
        seed 003; DOMAIN.md §1.
    """
    return _passwords(_plan(code, policy, context))
