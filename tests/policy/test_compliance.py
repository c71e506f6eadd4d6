"""Which clauses of NIST SP 800-63B rev. 4 §3.1.1.2 a policy meets."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit._messages.passwords import COMPLIANCE
from portalkit.policy import (
    ClauseAssessment,
    ComplianceReport,
    PasswordPolicy,
    nist_800_63b_compliance,
)
from portalkit.policy.blocklist import MemoryBlocklist

BLOCKLIST = MemoryBlocklist(["password", "passwort1!"])
CLAUSES = [
    "min_length",
    "max_length",
    "printing_characters",
    "unicode",
    "normalization",
    "no_composition_rules",
    "blocklist",
    "no_truncation",
    "no_periodic_change",
]


def broken(policy: PasswordPolicy) -> list[str]:
    return [clause.clause_id for clause in policy.compliance().broken]


def test_the_report_covers_every_clause_a_policy_decides_in_order() -> None:
    report = PasswordPolicy().compliance()
    assert [clause.clause_id for clause in report.clauses] == CLAUSES
    assert report["min_length"].level == "SHALL"
    assert report["max_length"].level == "SHOULD"


def test_the_portal_rule_breaks_min_length_and_no_composition_rules() -> None:
    assert broken(PasswordPolicy(blocklist=BLOCKLIST)) == ["min_length", "no_composition_rules"]


def test_the_portal_rule_without_a_blocklist_also_breaks_the_blocklist_clause() -> None:
    assert broken(PasswordPolicy()) == ["min_length", "no_composition_rules", "blocklist"]


def test_the_nist_preset_with_a_blocklist_meets_every_clause() -> None:
    report = PasswordPolicy.nist_800_63b(blocklist=BLOCKLIST).compliance()
    assert report.compliant
    assert report.met == report.clauses
    assert (
        PasswordPolicy.nist_800_63b(second_factor=True, blocklist=BLOCKLIST).compliance().compliant
    )


def test_the_nist_preset_without_a_blocklist_breaks_only_that_clause() -> None:
    assert broken(PasswordPolicy.nist_800_63b()) == ["blocklist"]


def test_eight_characters_meet_the_length_clause_only_with_a_second_factor() -> None:
    with_mfa = PasswordPolicy.nist_800_63b(second_factor=True, blocklist=BLOCKLIST)
    without_mfa = attrs.evolve(with_mfa, second_factor=False)
    assert with_mfa.compliance()["min_length"].met
    assert not without_mfa.compliance()["min_length"].met
    assert without_mfa.compliance()["min_length"].params == {"minimum": 8, "required": 15}


def test_a_maximum_below_64_breaks_the_maximum_clause() -> None:
    nist = PasswordPolicy.nist_800_63b(blocklist=BLOCKLIST)
    assert not attrs.evolve(nist, max_length=63).compliance()["max_length"].met
    assert attrs.evolve(nist, max_length=64).compliance()["max_length"].met


def test_the_reason_names_each_composition_rule() -> None:
    nist = PasswordPolicy.nist_800_63b(blocklist=BLOCKLIST)
    clause = attrs.evolve(nist, require_digit=True, forbid_sequences=True).compliance()[
        "no_composition_rules"
    ]
    assert clause.params == {"rules": ("digit", "sequence")}
    assert clause.reason("de") == (
        "Die Richtlinie verlangt oder verbietet Bestandteile: Ziffer, keine Reihen wie ABC."
    )
    assert (
        clause.reason("en") == "The policy requires or forbids parts: digit, no runs such as ABC."
    )


def test_the_report_reads_as_text_in_german_and_english() -> None:
    report = PasswordPolicy(blocklist=BLOCKLIST).compliance()
    german = report.text("de").splitlines()
    english = report.text("en").splitlines()
    assert german[0] == "NIST SP 800-63B-4 §3.1.1.2: 7 von 9 Anforderungen erfüllt."
    assert english[0] == "NIST SP 800-63B-4 §3.1.1.2: 7 of 9 requirements met."
    assert german[1] == (
        "✗ Mindestlänge 15 Zeichen (8 nur mit zweitem Faktor) (SHALL): nicht erfüllt. "
        "Die Mindestlänge ist 8, verlangt sind 15."
    )
    assert english[2] == (
        "✓ Permit at least 64 characters (SHOULD): met. Up to 128 characters are allowed."
    )
    assert len(german) == len(english) == 1 + len(CLAUSES)


def test_an_unknown_clause_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        PasswordPolicy().compliance()["hints"]  # type: ignore[index]


def test_the_function_and_the_method_agree() -> None:
    policy = PasswordPolicy()
    assert nist_800_63b_compliance(policy) == policy.compliance()
    assert isinstance(policy.compliance(), ComplianceReport)
    assert all(isinstance(clause, ClauseAssessment) for clause in policy.compliance().clauses)


@pytest.mark.parametrize("key", sorted(COMPLIANCE))
def test_every_compliance_text_has_both_languages_with_the_same_fields(key: str) -> None:
    message = COMPLIANCE[key]
    assert message.de.strip()
    assert message.en.strip()
    assert message.fields("de") == message.fields("en")


POLICIES = st.builds(
    PasswordPolicy,
    min_length=st.integers(1, 20),
    max_length=st.integers(20, 200),
    require_lowercase=st.booleans(),
    require_uppercase=st.booleans(),
    require_digit=st.booleans(),
    require_special=st.booleans(),
    forbid_sequences=st.booleans(),
    forbid_keyboard_sequences=st.booleans(),
    forbid_personal_data=st.booleans(),
    blocklist=st.none() | st.just(BLOCKLIST),
    second_factor=st.booleans(),
)


@given(POLICIES)
def test_any_policy_gets_a_complete_report_that_renders(policy: PasswordPolicy) -> None:
    report = policy.compliance()
    assert [clause.clause_id for clause in report.clauses] == CLAUSES
    assert set(report.met) | set(report.broken) == set(report.clauses)
    assert report.compliant == (not report.broken)
    for language in ("de", "en"):
        text = report.text(language)
        assert "{" not in text
        assert text.count("\n") == len(CLAUSES)


@given(POLICIES)
def test_composition_rules_break_the_clause_exactly_when_one_is_on(policy: PasswordPolicy) -> None:
    switches = [
        policy.require_lowercase,
        policy.require_uppercase,
        policy.require_digit,
        policy.require_special,
        policy.forbid_sequences,
        policy.forbid_keyboard_sequences,
        policy.forbid_personal_data,
    ]
    assert policy.compliance()["no_composition_rules"].met == (not any(switches))
    required = 8 if policy.second_factor else 15
    assert policy.compliance()["min_length"].met == (policy.min_length >= required)
    assert policy.compliance()["blocklist"].met == (policy.blocklist is not None)
