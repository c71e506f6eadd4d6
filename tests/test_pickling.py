"""Value objects and settings with read-only mappings cross process boundaries whole."""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.policy.compliance import ClauseAssessment
from portalkit.policy.passwords import PasswordPolicy, Violation
from portalkit.services.confirmations import Mail
from portalkit.tickets.config import TicketSettings
from tests.strategies import german_states

PLAIN = st.text() | st.integers()


def _same_after_pickling(value: object) -> None:
    copy = pickle.loads(pickle.dumps(value))
    assert copy == value
    assert type(copy) is type(value)
    # The parameters stay read-only on the other side.
    with pytest.raises(TypeError):
        copy.params["added"] = 1  # type: ignore[attr-defined]
    assert attrs.asdict(copy, recurse=False) == attrs.asdict(value, recurse=False)  # type: ignore[arg-type]


@given(st.text(max_size=12))
def test_violations_the_policy_finds_survive_pickling(password: str) -> None:
    violations = PasswordPolicy().check(password).violations
    for violation in violations:
        assert isinstance(violation, Violation)
        _same_after_pickling(violation)
        assert pickle.loads(pickle.dumps(violation)).message("de") == violation.message("de")


@given(st.integers(6, 64), st.booleans())
def test_compliance_clauses_survive_pickling(min_length: int, composition: bool) -> None:
    policy = PasswordPolicy(min_length=min_length, require_digit=composition)
    for clause in policy.compliance().clauses:
        assert isinstance(clause, ClauseAssessment)
        _same_after_pickling(clause)
        assert pickle.loads(pickle.dumps(clause)).text("en") == clause.text("en")


@given(st.text(), st.text(), st.text(), st.dictionaries(st.text(), PLAIN))
def test_mails_survive_pickling(
    template: str, recipient: str, company: str, params: dict[str, object]
) -> None:
    _same_after_pickling(Mail(template, recipient, company, params))


@given(st.dictionaries(st.text(max_size=8), german_states(), max_size=5), st.booleans())
def test_ticket_settings_survive_pickling(states: dict[str, str], lenient: bool) -> None:
    settings = TicketSettings(company_states=states, default_state="BY" if lenient else None)
    copy = pickle.loads(pickle.dumps(settings))
    assert copy == settings
    assert copy.company_states == states
    assert copy.state_of("unknown") == settings.state_of("unknown")
