"""The password policy: the portal rule of seed 003 and the NIST preset."""

from __future__ import annotations

import datetime as dt
import doctest

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from portalkit import InvalidValueError, PortalkitError
from portalkit.policy import (
    AZERTY,
    VIOLATION_CODES,
    PasswordCheckResult,
    PasswordContext,
    PasswordPolicy,
    PasswordRejected,
    Violation,
    compliance,
    passwords,
    sequences,
)
from portalkit.policy.blocklist import MemoryBlocklist
from portalkit.policy.hashing import Verification
from portalkit.policy.normalization import normalize_password
from portalkit.testing import valid_passwords

PORTAL = PasswordPolicy()
MAX = PasswordContext(
    first_name="Max",
    last_name="Müller-Lüdenscheidt",
    email="max.mustermann@example.de",
    customer_number="KD-4711-0815",
    company_name="Stadtwerke Beispiel GmbH",
    birthday=dt.date(1985, 7, 1),
)


class FakeHasher:
    """A stand-in for the argon2 hasher: a 'hash' is the normalised password with a prefix."""

    def __init__(self) -> None:
        self.verified: list[str] = []

    def hash(self, password: str) -> str:
        return "fake$" + normalize_password(password)

    def verify(self, stored_hash: str, password: str) -> Verification:
        self.verified.append(stored_hash)
        return Verification(ok=stored_hash == self.hash(password))

    def dummy_verify(self, password: str) -> None:
        self.verify("fake$", password)


def codes(password: str, policy: PasswordPolicy = PORTAL, **kwargs: object) -> tuple[str, ...]:
    return policy.check(password, **kwargs).codes  # type: ignore[arg-type]


# --- the portal rule of seed 003 -------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["Kx9!mPq2", "Gr8-Tee!Wien", "Sommer 2025 im Garten", "äÖ1!kq7m"]
)
def test_passwords_meeting_every_rule_are_accepted(password: str) -> None:
    result = PORTAL.check(password)
    assert result.ok
    assert result.violations == ()


def test_seven_characters_are_too_short_and_eight_are_enough() -> None:
    result = PORTAL.check("Ab1!kq7")
    assert result.violations == (Violation("too_short", None, {"length": 7, "minimum": 8}),)
    assert PORTAL.check("Ab1!kq7m").ok


def test_128_characters_are_allowed_and_129_are_too_long() -> None:
    assert PORTAL.check("Ab1!" * 32).ok
    result = PORTAL.check("Ab1!" * 32 + "x")
    assert result.violations == (Violation("too_long", None, {"length": 129, "maximum": 128}),)


def test_a_too_long_password_is_checked_whole_never_truncated() -> None:
    result = PORTAL.check("Ab1!" * 50 + "xyz")
    assert result.codes == ("too_long", "sequence")
    assert result.violations[1].span == (200, 203)


def test_length_counts_code_points_after_nfkc_normalisation() -> None:
    decomposed = "Ab1!kqe\u0301"  # é as e + combining accent: 8 code points, 7 after NFKC
    assert PORTAL.check(decomposed).violations[0].params == {"length": 7, "minimum": 8}
    full_width = "Ａｂ１！ｋｑ７ｍ"  # full-width forms count as what they show
    assert PORTAL.check(full_width).ok


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("AB1!KQ7M", "missing_lowercase"),
        ("ab1!kq7m", "missing_uppercase"),
        ("Ab!!kqxm", "missing_digit"),
        ("Ab1xkq7m", "missing_special"),
    ],
)
def test_each_missing_character_class_is_named(password: str, code: str) -> None:
    assert codes(password) == (code,)


def test_anything_neither_letter_nor_decimal_digit_is_special() -> None:
    assert PORTAL.check("Xy1\u2182kqmw").ok  # ROMAN NUMERAL TEN THOUSAND: a numeral, no digit
    assert codes("Äb1xkq7m") == ("missing_special",)
    assert codes("Äb1_kq7m") == ()


def test_a_space_is_a_special_character_and_umlauts_are_letters() -> None:
    assert PORTAL.check("Ab1 kq7m").ok
    assert codes("ÄÖÜ1!KQM") == ("missing_lowercase",)
    assert codes("äöüß1!kq") == ("missing_uppercase",)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Kx!ABC7m", [("sequence", (3, 6), "ABC")]),
        ("Kx!123vm", [("sequence", (3, 6), "123")]),
        ("Kx!aBc7m", [("sequence", (3, 6), "aBc")]),
        ("Kx!CBA7m", [("sequence", (3, 6), "CBA")]),
        ("Kx!987vm", [("sequence", (3, 6), "987")]),
        ("Kx!qwe7m", [("keyboard_sequence", (3, 6), "qwe")]),
        ("Kx!7890m", [("sequence", (3, 6), "789"), ("keyboard_sequence", (3, 7), "7890")]),
        ("Kx!yza7m", []),
        ("Kx!901vm", []),
    ],
)
def test_sequences_of_seed_003_are_refused_with_their_span(
    password: str, expected: list[tuple[str, tuple[int, int], str]]
) -> None:
    result = PORTAL.check(password)
    assert [(v.code, v.span, v.params["text"]) for v in result.violations] == expected


def test_a_keyboard_violation_names_its_layout() -> None:
    [violation] = PORTAL.check("Kx!zxc7m").violations
    assert violation.params == {"text": "zxc", "layout": "QWERTY"}


def test_every_violation_is_reported_at_once_in_a_stable_order() -> None:
    result = PORTAL.check("abc", context=PasswordContext(first_name="Abc"))
    assert result.codes == (
        "too_short",
        "missing_uppercase",
        "missing_digit",
        "missing_special",
        "sequence",
        "personal_data",
    )
    assert list(result.codes) == [code for code in VIOLATION_CODES if code in result.codes]


# --- personal data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "text", "fields"),
    [
        ("Kq7!max#", "max", ("first_name",)),
        ("Kq7!MÜLLER#", "MÜLLER", ("last_name",)),
        ("Kq7!lüdenscheidt#", "lüdenscheidt", ("last_name",)),
        ("Kq7!Mustermann#", "Mustermann", ("email",)),
        ("Kq7!4711#", "4711", ("customer_number",)),
        ("Kq7!kd47110815#", "kd47110815", ("customer_number",)),
        ("Kq7!Beispiel#", "Beispiel", ("company_name",)),
        ("Kq7!x1985#", "1985", ("birthday",)),
        ("Kq7!x0107#", "0107", ("birthday",)),
        ("Kq7!x010785#", "010785", ("birthday",)),
        ("Kq7!x01071985#", "01071985", ("birthday",)),
        ("Kq7!x19850701#", "19850701", ("birthday",)),
    ],
)
def test_parts_of_the_personal_data_are_refused(
    password: str, text: str, fields: tuple[str, ...]
) -> None:
    [violation] = PORTAL.check(password, context=MAX).violations
    assert violation.code == "personal_data"
    assert violation.params == {"text": text, "fields": fields}
    assert violation.span == (password.index(text), password.index(text) + len(text))


def test_short_words_and_other_dates_are_not_personal() -> None:
    context = PasswordContext(first_name="Li", last_name="Wu", company_name="AB Co")
    assert PORTAL.check("Kq7!Li-Wu AB Co#", context=context).ok
    assert PORTAL.check("Kq7!x1986#", context=MAX).ok


def test_personal_data_matches_across_case_folding_and_keeps_the_original_span() -> None:
    context = PasswordContext(last_name="Strasse")
    [violation] = PORTAL.check("Kq7!Straße#m", context=context).violations
    assert (violation.span, violation.params["text"]) == ((4, 10), "Straße")
    [violation] = PORTAL.check("Kq7!GROSS#m", context=PasswordContext(last_name="Groß")).violations
    assert (violation.span, violation.params["text"]) == ((4, 9), "GROSS")


def test_adjacent_personal_parts_are_one_violation() -> None:
    [violation] = PORTAL.check("Kq7!MaxMustermann#", context=MAX).violations
    assert violation.params == {"text": "MaxMustermann", "fields": ("email", "first_name")}


def test_context_tokens_follow_domain_section_1() -> None:
    tokens = dict(MAX.tokens())
    assert tokens == {
        "max": "first_name",
        "müller": "last_name",
        "lüdenscheidt": "last_name",
        "stadtwerke": "company_name",
        "beispiel": "company_name",
        "gmbh": "company_name",
        "mustermann": "email",
        "4711": "customer_number",
        "0815": "customer_number",
        "kd47110815": "customer_number",
        "1985": "birthday",
        "0107": "birthday",
        "010785": "birthday",
        "01071985": "birthday",
        "19850701": "birthday",
    }
    assert PasswordContext().tokens() == ()


# --- blocklist and history -----------------------------------------------------------------


def test_a_blocklisted_password_is_refused_whole_not_by_its_parts() -> None:
    policy = PasswordPolicy(blocklist=MemoryBlocklist(["Sommer2025!", "Passwort1!"]))
    assert codes("SOMMER2025!", policy) == ("missing_lowercase", "blocklisted")
    assert codes("passwort1!", policy) == ("missing_uppercase", "blocklisted")
    assert policy.check("Passwort1!x").ok


def test_a_recently_used_password_is_refused() -> None:
    hasher = FakeHasher()
    history = [hasher.hash("Neu#2024x"), hasher.hash("Alt#2023x")]
    result = PORTAL.check("Alt#2023x", previous_hashes=history, hasher=hasher)
    assert result.violations == (Violation("recently_used", None, {"count": 5}),)
    assert PORTAL.check("Ganz#neu9", previous_hashes=history, hasher=hasher).ok


def test_only_the_most_recent_history_size_hashes_are_verified() -> None:
    hasher = FakeHasher()
    history = [hasher.hash(f"Pw#{n}xyQm") for n in (5, 4, 3, 2)]
    policy = PasswordPolicy(history_size=2)
    assert codes("Pw#3xyQm", policy, previous_hashes=history, hasher=hasher) == ()
    assert hasher.verified == history[:2]
    assert codes("Pw#4xyQm", policy, previous_hashes=history, hasher=hasher) == ("recently_used",)
    no_history = PasswordPolicy(history_size=0)
    assert no_history.check("Pw#5xyQm", previous_hashes=history, hasher=hasher).ok
    assert len(hasher.verified) == 4


def test_history_needs_a_hasher() -> None:
    with pytest.raises(TypeError, match="hasher"):
        PORTAL.check("Kx9!mPq2", previous_hashes=["fake$Kx9!mPq2"])


@given(st.lists(st.sampled_from(["A#1bcdeF", "Xy!9zzzzW", "Q w 3 r T"]), max_size=8), st.data())
def test_recently_used_exactly_when_among_the_last_n(
    history: list[str], data: st.DataObject
) -> None:
    size = data.draw(st.integers(0, 8))
    password = data.draw(st.sampled_from(["A#1bcdeF", "Xy!9zzzzW", "Q w 3 r T"]))
    hasher = FakeHasher()
    policy = PasswordPolicy(history_size=size, forbid_sequences=False)
    result = policy.check(
        password, previous_hashes=[hasher.hash(p) for p in history], hasher=hasher
    )
    assert ("recently_used" in result.codes) == (password in history[:size])


# --- validate, messages --------------------------------------------------------------------


def test_validate_raises_with_every_violation() -> None:
    with pytest.raises(PasswordRejected) as caught:
        PORTAL.validate("abc")
    error = caught.value
    assert isinstance(error, InvalidValueError)
    assert isinstance(error, PortalkitError)
    assert isinstance(error, ValueError)
    assert error.code == "password_rejected"
    assert error.violations == PORTAL.check("abc").violations
    assert error.message("de").startswith("Bitte wählen Sie ein anderes Passwort. ")
    for violation in error.violations:
        assert violation.message("de") in error.message("de")
        assert violation.message("en") in error.message("en")


def test_the_log_text_of_a_rejection_names_codes_but_no_part_of_the_password() -> None:
    with pytest.raises(PasswordRejected) as caught:
        PORTAL.validate("Kx!qwe7M", context=MAX)
    assert str(caught.value) == "password rejected: keyboard_sequence"
    assert "qwe" not in repr(caught.value)


def test_validate_returns_quietly_for_a_good_password() -> None:
    assert PORTAL.validate("Kx9!mPq2") is None


def test_messages_tell_the_user_what_to_change_in_german_and_english() -> None:
    [violation] = PORTAL.check("Kx!abc7M").violations
    assert violation.message() == (
        "Das Passwort enthält die Zeichenfolge „abc“. Vermeiden Sie Reihen wie ABC oder 123."
    )
    assert violation.message("en") == (
        "The password contains the run 'abc'. Avoid runs such as ABC or 123."
    )
    [short] = PORTAL.check("Ab1!kq7").violations
    assert short.message("de") == (
        "Das Passwort hat 7 Zeichen, es braucht mindestens 8. Verlängern Sie es, zum Beispiel "
        "mit einem weiteren Wort."
    )


@pytest.mark.parametrize("code", VIOLATION_CODES)
def test_every_code_renders_in_both_languages(code: str) -> None:
    violation = Violation(
        code,
        None,
        {"length": 1, "minimum": 8, "maximum": 128, "text": "x", "layout": "QWERTZ", "count": 5},
    )  # type: ignore[arg-type]
    assert violation.message("de") != violation.message("en")


def test_violations_are_immutable_and_hashable() -> None:
    violation = Violation("sequence", (0, 3), {"text": "abc"})
    with pytest.raises(TypeError):
        violation.params["text"] = "xyz"  # type: ignore[index]
    assert hash(violation) == hash(Violation("sequence", (0, 3), {"text": "abc"}))


def test_an_accepted_result_is_ok_and_has_no_messages() -> None:
    result = PasswordCheckResult()
    assert (result.ok, result.codes, result.messages("en")) == (True, (), ())


# --- configuration and the NIST preset -----------------------------------------------------


def test_the_nist_preset_has_no_composition_rules_and_asks_for_15_characters() -> None:
    nist = PasswordPolicy.nist_800_63b()
    assert nist.check("correct horse battery staple").ok
    assert nist.check("abcdefghijklmnop").ok
    assert codes("Kx9!mPq2#vLw", nist) == ("too_short",)
    assert nist.check("Kx9!mPq2", context=MAX).codes == ("too_short",)


def test_the_nist_preset_with_a_second_factor_asks_for_8_characters() -> None:
    nist = PasswordPolicy.nist_800_63b(second_factor=True, blocklist=MemoryBlocklist(["password"]))
    assert nist.min_length == 8
    assert nist.check("kx9mpq2x").ok
    assert codes("PASSWORD", nist) == ("blocklisted",)


def test_each_rule_can_be_switched_and_tuned() -> None:
    assert codes("Ab1xkq7m", attrs.evolve(PORTAL, require_special=False)) == ()
    assert codes("Kx!abc7M", attrs.evolve(PORTAL, forbid_sequences=False)) == ()
    assert codes("Kx!abc7M", attrs.evolve(PORTAL, sequence_min_length=4)) == ()
    assert codes("Kx!qwe7M", attrs.evolve(PORTAL, forbid_keyboard_sequences=False)) == ()
    assert codes("Kx!aze7M", attrs.evolve(PORTAL, layouts=(AZERTY,))) == ("keyboard_sequence",)
    assert codes("Kq7!max#", attrs.evolve(PORTAL, forbid_personal_data=False), context=MAX) == ()
    assert codes("Kq7!max#", attrs.evolve(PORTAL, personal_data_min_length=4), context=MAX) == ()
    assert codes("Ab1!kq7", attrs.evolve(PORTAL, min_length=6, max_length=6)) == ("too_long",)


@pytest.mark.parametrize(
    "changes",
    [
        {"min_length": 0},
        {"min_length": 10, "max_length": 9},
        {"sequence_min_length": 1},
        {"history_size": -1},
    ],
)
def test_impossible_configurations_are_refused(changes: dict[str, int]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  (attrs' and our messages differ)
        PasswordPolicy(**changes)  # type: ignore[arg-type]


def test_policies_are_values() -> None:
    assert PasswordPolicy() == PORTAL
    assert hash(PasswordPolicy()) == hash(PORTAL)
    assert PasswordPolicy(min_length=9) != PORTAL


# --- properties ----------------------------------------------------------------------------

CONTEXTS = st.builds(
    PasswordContext,
    first_name=st.none() | st.text(max_size=12),
    last_name=st.none() | st.text(max_size=12),
    email=st.none() | st.emails() | st.text(max_size=20),
    customer_number=st.none() | st.text(max_size=12),
    company_name=st.none() | st.text(max_size=20),
    birthday=st.none() | st.dates(),
)


@given(st.text(), st.none() | CONTEXTS)
def test_the_checker_never_raises_and_spans_lie_inside_the_password(
    password: str, context: PasswordContext | None
) -> None:
    normalized = normalize_password(password)
    for policy in (PORTAL, PasswordPolicy.nist_800_63b()):
        result = policy.check(password, context=context)
        assert result.ok == (result.violations == ())
        for violation in result.violations:
            violation.message("de")
            violation.message("en")
            if violation.span is not None:
                start, end = violation.span
                assert 0 <= start < end <= len(normalized)
                assert normalized[start:end] == violation.params["text"]


ROWS = [row for layout in (sequences.QWERTZ, sequences.QWERTY) for row in layout.rows]


def pieces(rows: list[str]) -> st.SearchStrategy[str]:
    @st.composite
    def draw(draw: st.DrawFn) -> str:
        row = draw(st.sampled_from(rows))
        length = draw(st.integers(3, len(row)))
        start = draw(st.integers(0, len(row) - length))
        piece = row[start : start + length]
        piece = piece if draw(st.booleans()) else piece[::-1]
        return "".join(
            c.upper() if draw(st.booleans()) and len(c.upper()) == 1 else c for c in piece
        )

    return draw()


def has_sequence_triple(text: str) -> bool:
    keys = text.lower()
    return any(
        ord(keys[i + 1]) - ord(keys[i]) == ord(keys[i + 2]) - ord(keys[i + 1]) in (1, -1)
        and all(c.isascii() and c.isalnum() for c in keys[i : i + 3])
        and len({c.isdigit() for c in keys[i : i + 3]}) == 1
        for i in range(len(keys) - 2)
    )


@given(valid_passwords(), pieces(["abcdefghijklmnopqrstuvwxyz", "0123456789"]), st.data())
def test_inserting_a_sequence_into_a_valid_password_produces_that_code(
    password: str, run: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(password)))
    changed = password[:at] + "!" + run + "!" + password[at:]
    assert PORTAL.check(password).ok
    assert "sequence" in PORTAL.check(changed).codes


@given(valid_passwords(), pieces(ROWS), st.data())
def test_inserting_a_keyboard_run_into_a_valid_password_produces_that_code(
    password: str, run: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(password)))
    changed = password[:at] + "!" + run + "!" + password[at:]
    result = PORTAL.check(changed)
    assert PORTAL.check(password).ok
    if not has_sequence_triple(run):
        assert "keyboard_sequence" in result.codes
    else:
        assert {"sequence", "keyboard_sequence"} & set(result.codes)


def test_the_modules_examples_run() -> None:
    for module in (sequences, passwords, compliance):
        failures, _ = doctest.testmod(module)
        assert failures == 0, module.__name__


class PasswordChanges(RuleBasedStateMachine):
    """A user changes the password again and again; reuse within the history is refused."""

    def __init__(self) -> None:
        super().__init__()
        self.policy = PasswordPolicy(history_size=3)
        self.hasher = FakeHasher()
        self.stored: list[str] = []  # hashes, most recent first
        self.used: list[str] = []  # the model: passwords, most recent first

    @rule(password=st.sampled_from(["Kx9!mPq2", "Gr8-Tee!Wien", "Rad&Fahrt2Go", "Mond#Licht77"]))
    def change_password(self, password: str) -> None:
        result = self.policy.check(password, previous_hashes=self.stored, hasher=self.hasher)
        assert result.ok == (password not in self.used[:3])
        if result.ok:
            self.stored.insert(0, self.hasher.hash(password))
            self.used.insert(0, password)

    @invariant()
    def the_last_three_passwords_are_distinct(self) -> None:
        assert len(set(self.used[:3])) == len(self.used[:3])


TestPasswordChanges = PasswordChanges.TestCase
