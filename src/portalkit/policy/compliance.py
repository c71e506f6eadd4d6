"""Which clauses of NIST SP 800-63B rev. 4 (§3.1.1.2) a password policy meets.

The portal rule of seed 003 and the NIST rule conflict on purpose: the seed asks for character
classes and forbids runs, NIST forbids composition rules and asks for 15 characters. A portal
chooses; this module says, clause by clause, what its choice means, as data and as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Literal

import attrs

from portalkit._frozen import freeze
from portalkit._i18n import DEFAULT_LANGUAGE, Language, format_value
from portalkit._messages.passwords import COMPLIANCE

if TYPE_CHECKING:
    from portalkit.policy.passwords import PasswordPolicy

ClauseId = Literal[
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
"""The clauses of NIST SP 800-63B rev. 4 §3.1.1.2 that a password policy decides."""

Level = Literal["SHALL", "SHOULD"]
"""How binding a clause is, in the words of the standard."""

STANDARD: Final = "NIST SP 800-63B-4 §3.1.1.2"
"""The standard and section the clauses come from."""

_LEVELS: Final[Mapping[ClauseId, Level]] = {
    "min_length": "SHALL",
    "max_length": "SHOULD",
    "printing_characters": "SHOULD",
    "unicode": "SHOULD",
    "normalization": "SHOULD",
    "no_composition_rules": "SHALL",
    "blocklist": "SHALL",
    "no_truncation": "SHALL",
    "no_periodic_change": "SHALL",
}


@attrs.frozen
class ClauseAssessment:
    """Whether a policy meets one clause of NIST SP 800-63B rev. 4 §3.1.1.2, and why.

    Attributes:
        clause_id: which clause.
        level: ``"SHALL"`` (required) or ``"SHOULD"`` (recommended).
        met: whether the policy meets it.
        params: the values the reason refers to.

    References:
        NIST SP 800-63B rev. 4 §3.1.1.2.
    """

    clause_id: ClauseId
    level: Level
    met: bool
    params: Mapping[str, object] = attrs.field(factory=dict, converter=freeze, hash=False)

    def title(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return what the clause asks for, in *language*."""
        return COMPLIANCE[f"nist.{self.clause_id}"].template(language)

    def reason(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return why the policy meets or breaks the clause, in *language*."""
        outcome = "met" if self.met else "broken"
        values = {
            key: ", ".join(COMPLIANCE[f"nist.rule.{rule}"].template(language) for rule in value)
            if key == "rules" and isinstance(value, tuple)
            else format_value(value, language)
            for key, value in self.params.items()
        }
        return COMPLIANCE[f"nist.{self.clause_id}.{outcome}"].template(language).format(**values)

    def text(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return one line: status, level, title and reason, in *language*."""
        status = COMPLIANCE["nist.status.met" if self.met else "nist.status.broken"]
        mark = "✓" if self.met else "✗"
        return (
            f"{mark} {self.title(language)} ({self.level}): "
            f"{status.template(language)}. {self.reason(language)}"
        )


@attrs.frozen
class ComplianceReport:
    """The assessment of a policy against every clause NIST SP 800-63B rev. 4 §3.1.1.2 decides.

    Attributes:
        clauses: one assessment per clause, in the order of the standard.

    References:
        NIST SP 800-63B rev. 4 §3.1.1.2.
    """

    clauses: tuple[ClauseAssessment, ...]

    @property
    def met(self) -> tuple[ClauseAssessment, ...]:
        """The clauses the policy meets."""
        return tuple(clause for clause in self.clauses if clause.met)

    @property
    def broken(self) -> tuple[ClauseAssessment, ...]:
        """The clauses the policy breaks."""
        return tuple(clause for clause in self.clauses if not clause.met)

    @property
    def compliant(self) -> bool:
        """Whether the policy meets every clause, the recommended ones included."""
        return not self.broken

    def __getitem__(self, clause_id: ClauseId) -> ClauseAssessment:
        """Return the assessment of *clause_id*."""
        for clause in self.clauses:
            if clause.clause_id == clause_id:
                return clause
        raise KeyError(clause_id)

    def text(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the report as lines of text in *language*: a summary, then each clause."""
        summary = COMPLIANCE["nist.report"].template(language)
        head = summary.format(met=len(self.met), total=len(self.clauses))
        return "\n".join([head, *(clause.text(language) for clause in self.clauses)])


def _composition_rules(policy: PasswordPolicy) -> tuple[str, ...]:
    switches = (
        ("lowercase", policy.require_lowercase),
        ("uppercase", policy.require_uppercase),
        ("digit", policy.require_digit),
        ("special", policy.require_special),
        ("sequence", policy.forbid_sequences),
        ("keyboard_sequence", policy.forbid_keyboard_sequences),
        ("personal_data", policy.forbid_personal_data),
    )
    return tuple(name for name, on in switches if on)


def nist_800_63b_compliance(policy: PasswordPolicy) -> ComplianceReport:
    """Assess *policy* against the clauses of NIST SP 800-63B rev. 4 §3.1.1.2 it decides.

    Composition rules are the character-class requirements and the bans on runs and on parts of
    personal data: NIST compares only the whole password with a blocklist. Clauses that
    portalkit always meets (Unicode accepted and normalised, nothing truncated, no expiry) are
    listed as met so that the report is complete. Clauses outside a password policy (hints,
    security questions, rate limiting) are not assessed.

    >>> from portalkit.policy import PasswordPolicy
    >>> [clause.clause_id for clause in PasswordPolicy().compliance().broken]
    ['min_length', 'no_composition_rules', 'blocklist']

    References:
        NIST SP 800-63B rev. 4 §3.1.1.2; DOMAIN.md §1.
    """
    required = 8 if policy.second_factor else 15
    rules = _composition_rules(policy)

    def clause(clause_id: ClauseId, met: bool, **params: object) -> ClauseAssessment:
        return ClauseAssessment(clause_id, _LEVELS[clause_id], met, params)

    return ComplianceReport(
        (
            clause(
                "min_length",
                policy.min_length >= required,
                minimum=policy.min_length,
                required=required,
            ),
            clause("max_length", policy.max_length >= 64, maximum=policy.max_length),
            clause("printing_characters", True),
            clause("unicode", True),
            clause("normalization", True),
            clause("no_composition_rules", not rules, rules=rules),
            clause("blocklist", policy.blocklist is not None),
            clause("no_truncation", True),
            clause("no_periodic_change", True),
        )
    )
