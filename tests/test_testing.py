"""The public hypothesis strategies agree with the checker."""

from __future__ import annotations

import datetime as dt
import doctest

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from portalkit import testing
from portalkit.policy import AZERTY, VIOLATION_CODES, PasswordContext, PasswordPolicy
from portalkit.policy.blocklist import MemoryBlocklist
from portalkit.policy.normalization import normalize_password
from portalkit.testing import passwords_violating, valid_passwords

PORTAL = PasswordPolicy()
NIST = PasswordPolicy.nist_800_63b(blocklist=MemoryBlocklist(["correct horse battery"]))
MAX = PasswordContext(
    first_name="Max",
    last_name="Mustermann",
    email="max.mustermann@example.de",
    customer_number="4711-0815",
    birthday=dt.date(1985, 7, 1),
)
TUNED = attrs.evolve(PORTAL, sequence_min_length=4, layouts=(AZERTY,), require_special=False)
PORTAL_CODES = [code for code in VIOLATION_CODES if code not in ("blocklisted", "recently_used")]


@pytest.mark.parametrize(
    ("policy", "context"),
    [(PORTAL, None), (PORTAL, MAX), (NIST, MAX), (TUNED, MAX)],
    ids=["portal", "portal-with-context", "nist", "tuned"],
)
@given(data=st.data())
def test_valid_passwords_are_accepted(
    policy: PasswordPolicy, context: PasswordContext | None, data: st.DataObject
) -> None:
    password = data.draw(valid_passwords(policy, context))
    assert policy.check(password, context=context).ok
    assert normalize_password(password) == password


@pytest.mark.parametrize("code", PORTAL_CODES)
@given(data=st.data())
def test_each_drawn_violation_is_exactly_the_chosen_code(code: str, data: st.DataObject) -> None:
    password = data.draw(passwords_violating(code, PORTAL, MAX))  # type: ignore[arg-type]
    assert PORTAL.check(password, context=MAX).codes == (code,)


@pytest.mark.parametrize("code", ["too_short", "too_long", "sequence", "keyboard_sequence"])
@given(data=st.data())
def test_drawn_violations_follow_a_tuned_policy(code: str, data: st.DataObject) -> None:
    password = data.draw(passwords_violating(code, TUNED))  # type: ignore[arg-type]
    assert TUNED.check(password).codes == (code,)


@given(passwords_violating("too_short", NIST))
def test_the_nist_preset_can_be_violated_by_length(password: str) -> None:
    assert NIST.check(password).codes == ("too_short",)


@pytest.mark.parametrize(
    ("code", "policy", "context", "reason"),
    [
        ("blocklisted", PORTAL, None, "cannot list its entries"),
        ("recently_used", PORTAL, None, "stored hashes"),
        ("personal_data", PORTAL, None, "leave nothing"),
        ("missing_digit", NIST, None, "does not check"),
        ("sequence", NIST, None, "leave nothing"),
        ("too_short", attrs.evolve(PORTAL, min_length=4), None, "cannot hold"),
        ("weak", PORTAL, None, "unknown violation code"),
    ],
)
def test_impossible_requests_are_refused_with_a_reason(
    code: str, policy: PasswordPolicy, context: PasswordContext | None, reason: str
) -> None:
    with pytest.raises(InvalidArgument, match=reason):
        passwords_violating(code, policy, context)  # type: ignore[arg-type]


def test_the_module_example_runs() -> None:
    failures, _ = doctest.testmod(testing)
    assert failures == 0
