"""Password hashing with argon2id, its parameters, and the history helper."""

from __future__ import annotations

import inspect
import unicodedata
from collections.abc import Callable

import argon2
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import portalkit.policy
from portalkit import InvalidValueError, PortalkitError
from portalkit.policy import hashing
from portalkit.policy.hashing import (
    Argon2idHasher,
    Argon2Parameters,
    PasswordHasher,
    Verification,
    WeakHashParametersError,
    minimum_memory_cost,
    verify_any,
)
from portalkit.policy.normalization import normalize_password

FAST = Argon2Parameters.insecure_fast_for_tests()
HASHER = Argon2idHasher(FAST)

# The argon2id rows of the OWASP Password Storage Cheat Sheet: (memory KiB, passes), p=1.
OWASP_TABLE = [(47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5)]

passwords = st.text(max_size=40)


# --- the hasher ---------------------------------------------------------------------------


def test_the_argon2id_hasher_satisfies_the_port() -> None:
    assert isinstance(HASHER, PasswordHasher)


def test_the_default_hasher_uses_the_owasp_parameters() -> None:
    stored = Argon2idHasher().hash("Sommer2025!")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert Argon2Parameters.owasp() == Argon2idHasher().parameters


@given(passwords)
def test_a_hash_verifies_its_password_in_every_unicode_form(password: str) -> None:
    stored = HASHER.hash(password)
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        variant = unicodedata.normalize(form, password)
        assert Verification(ok=True, needs_rehash=False) == HASHER.verify(stored, variant)


def test_full_width_and_decomposed_input_verifies_against_the_plain_password() -> None:
    stored = HASHER.hash("Åpfel123!")
    assert HASHER.verify(stored, "A\u030apfel123!").ok
    assert HASHER.verify(HASHER.hash("Ｐａｓｓ１２３"), "Pass123").ok


@given(passwords)
def test_hashes_are_salted_phc_strings(password: str) -> None:
    first, second = HASHER.hash(password), HASHER.hash(password)
    assert first != second
    assert first.startswith("$argon2id$v=19$")
    assert argon2.extract_parameters(first).salt_len == FAST.salt_len


@given(passwords, passwords)
def test_a_different_password_does_not_verify(password: str, other: str) -> None:
    assume(normalize_password(password) != normalize_password(other))
    assert Verification(ok=False) == HASHER.verify(HASHER.hash(password), other)


def test_nothing_is_truncated() -> None:
    long = "x" * 1000
    assert not HASHER.verify(HASHER.hash(long), long[:-1]).ok
    assert HASHER.verify(HASHER.hash(long), long).ok


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "garbage",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",  # bcrypt
        "$argon2id$v=19$m=8,t=1,p=1$",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$äöü",
        "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
        "\x00",
    ],
)
def test_a_damaged_or_foreign_hash_does_not_verify_and_raises_nothing(stored: str) -> None:
    assert Verification(ok=False) == HASHER.verify(stored, "Sommer2025!")


@given(st.text(), passwords)
def test_verify_never_raises_on_any_stored_text(stored: str, password: str) -> None:
    assert not HASHER.verify(stored, password).ok


@given(passwords)
def test_a_lone_surrogate_password_still_hashes_and_only_matches_itself(password: str) -> None:
    broken = password + "\ud800"
    stored = HASHER.hash(broken)
    assert HASHER.verify(stored, broken).ok
    assert not HASHER.verify(stored, password).ok


def test_a_hash_made_with_other_parameters_verifies_and_needs_rehash() -> None:
    old = Argon2idHasher(FAST)
    new = Argon2idHasher(
        Argon2Parameters(memory_cost=16, time_cost=2, parallelism=1, insecure_for_tests=True)
    )
    stored = old.hash("Sommer2025!")
    assert Verification(ok=True, needs_rehash=True) == new.verify(stored, "Sommer2025!")
    assert Verification(ok=False, needs_rehash=False) == new.verify(stored, "Winter2025!")
    assert Verification(ok=True, needs_rehash=False) == new.verify(
        new.hash("Sommer2025!"), "Sommer2025!"
    )


def test_an_argon2i_hash_verifies_and_needs_rehash_to_argon2id() -> None:
    legacy = argon2.PasswordHasher(
        time_cost=1, memory_cost=8, parallelism=1, type=argon2.Type.I
    ).hash("Sommer2025!")
    assert legacy.startswith("$argon2i$")
    assert Verification(ok=True, needs_rehash=True) == HASHER.verify(legacy, "Sommer2025!")


@given(
    st.integers(min_value=8, max_value=64),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=16, max_value=40),
)
def test_rehash_is_needed_exactly_when_the_parameters_differ(
    memory_cost: int, time_cost: int, hash_len: int
) -> None:
    parameters = Argon2Parameters(
        memory_cost, time_cost, 1, hash_len=hash_len, insecure_for_tests=True
    )
    stored = Argon2idHasher(parameters).hash("Sommer2025!")
    verification = HASHER.verify(stored, "Sommer2025!")
    assert verification.ok
    assert (parameters != FAST) == verification.needs_rehash


# --- the dummy verification ---------------------------------------------------------------


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record every hash and verification argon2-cffi performs, by the hash involved."""
    calls: dict[str, list[str]] = {"hash": [], "verify": []}
    real_hash: Callable[..., str] = argon2.PasswordHasher.hash
    real_verify: Callable[..., bool] = argon2.PasswordHasher.verify

    def spy_hash(self: argon2.PasswordHasher, password: bytes, **kwargs: object) -> str:
        result = real_hash(self, password, **kwargs)
        calls["hash"].append(result)
        return result

    def spy_verify(self: argon2.PasswordHasher, stored: str, password: bytes) -> bool:
        calls["verify"].append(stored)
        return real_verify(self, stored, password)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", spy_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy_verify)
    return calls


def test_a_dummy_verification_runs_one_argon2_verification_like_a_real_login(
    argon2_calls: dict[str, list[str]],
) -> None:
    hasher = Argon2idHasher(FAST)
    stored = hasher.hash("Sommer2025!")
    argon2_calls["hash"].clear()

    hasher.verify(stored, "Winter2025!")
    hasher.dummy_verify("Winter2025!")
    hasher.dummy_verify("Herbst2025!")

    real, *dummies = argon2_calls["verify"]
    assert len(argon2_calls["verify"]) == 3
    assert len(argon2_calls["hash"]) == 1  # the throw-away hash is made once, lazily
    assert [argon2_calls["hash"][0]] * 2 == dummies
    assert argon2.extract_parameters(real) == argon2.extract_parameters(dummies[0])


def test_the_dummy_hash_is_made_only_when_first_needed(
    argon2_calls: dict[str, list[str]],
) -> None:
    Argon2idHasher(FAST)
    assert argon2_calls["hash"] == []


@given(passwords)
def test_a_dummy_verification_returns_nothing_and_raises_nothing(password: str) -> None:
    assert HASHER.dummy_verify(password) is None


# --- the parameters -----------------------------------------------------------------------


def test_the_presets_have_the_published_values() -> None:
    assert attrs_tuple(Argon2Parameters.owasp()) == (19_456, 2, 1, 32, 16)
    assert attrs_tuple(Argon2Parameters.rfc9106_low_memory()) == (65_536, 3, 4, 32, 16)
    assert not Argon2Parameters.owasp().insecure_for_tests
    assert Argon2Parameters.insecure_fast_for_tests().insecure_for_tests


def attrs_tuple(parameters: Argon2Parameters) -> tuple[int, int, int, int, int]:
    return (
        parameters.memory_cost,
        parameters.time_cost,
        parameters.parallelism,
        parameters.hash_len,
        parameters.salt_len,
    )


@pytest.mark.parametrize(("memory_cost", "time_cost"), OWASP_TABLE)
def test_every_owasp_configuration_is_accepted_and_one_kib_less_is_not(
    memory_cost: int, time_cost: int
) -> None:
    assert memory_cost == Argon2Parameters(memory_cost, time_cost, 1).memory_cost
    with pytest.raises(WeakHashParametersError) as raised:
        Argon2Parameters(memory_cost - 1, time_cost, 1)
    assert ("memory_cost", memory_cost - 1, memory_cost) == (
        raised.value.field,
        raised.value.value,
        raised.value.minimum,
    )


def test_the_owasp_memory_with_a_single_pass_is_refused() -> None:
    with pytest.raises(WeakHashParametersError, match="47104"):
        Argon2Parameters(memory_cost=19_456, time_cost=1, parallelism=1)


@given(
    st.integers(min_value=1, max_value=60_000),
    st.integers(min_value=1, max_value=8),
    st.integers(min_value=1, max_value=4),
)
def test_parameters_are_accepted_exactly_when_they_reach_an_owasp_row(
    memory_cost: int, time_cost: int, parallelism: int
) -> None:
    strong = any(memory_cost >= m and time_cost >= t for m, t in OWASP_TABLE)
    try:
        Argon2Parameters(memory_cost, time_cost, parallelism)
    except WeakHashParametersError:
        accepted = False
    else:
        accepted = True
    assert strong == accepted
    assert minimum_memory_cost(time_cost) <= 47_104


@pytest.mark.parametrize(
    ("changes", "field", "minimum"),
    [
        ({"hash_len": 15}, "hash_len", 16),
        ({"salt_len": 8}, "salt_len", 16),
        ({"parallelism": 0}, "parallelism", 1),
        ({"time_cost": 0}, "time_cost", 1),
    ],
)
def test_short_hashes_short_salts_and_zero_costs_are_refused(
    changes: dict[str, int], field: str, minimum: int
) -> None:
    values = {"memory_cost": 19_456, "time_cost": 2, "parallelism": 1} | changes
    with pytest.raises(WeakHashParametersError) as raised:
        Argon2Parameters(**values)
    assert (field, minimum) == (raised.value.field, raised.value.minimum)


def test_the_test_flag_allows_weak_but_not_impossible_parameters() -> None:
    assert Argon2Parameters(8, 1, 1, insecure_for_tests=True).memory_cost == 8
    with pytest.raises(WeakHashParametersError):
        Argon2Parameters(8, 1, 2, insecure_for_tests=True)  # argon2 needs 8 KiB per lane
    with pytest.raises(WeakHashParametersError):
        Argon2Parameters(8, 1, 1, salt_len=4, insecure_for_tests=True)


def test_the_test_flag_can_only_be_passed_by_keyword() -> None:
    with pytest.raises(TypeError):
        Argon2Parameters(8, 1, 1, 32, 16, True)  # type: ignore[misc]


def test_a_bool_is_not_a_cost() -> None:
    with pytest.raises(TypeError, match="memory_cost"):
        Argon2Parameters(True, 2, 1)


def test_the_weak_parameters_error_speaks_both_languages() -> None:
    error = WeakHashParametersError("memory_cost", 1024, 19_456)
    assert isinstance(error, InvalidValueError)
    assert isinstance(error, PortalkitError)
    assert isinstance(error, ValueError)
    assert error.code == "weak_hash_parameters"
    assert "1024" in error.message("de")
    assert "19456" in error.message("de")
    assert "The argon2 parameter 'memory_cost' is too weak at 1024." in str(error)


def test_the_insecure_flag_shows_in_the_hashers_repr() -> None:
    assert "insecure_for_tests=True" in repr(HASHER)


def test_a_hashers_parameters_cannot_be_swapped_under_it() -> None:
    hasher = Argon2idHasher(FAST)
    with pytest.raises(AttributeError):
        hasher.parameters = Argon2Parameters.owasp()  # type: ignore[misc]


# --- history ------------------------------------------------------------------------------


def test_a_password_from_the_history_is_found() -> None:
    history = [HASHER.hash(p) for p in ("Winter2024!", "Sommer2025!", "Herbst2025!")]
    assert verify_any(HASHER, "Sommer2025!", history)
    assert not verify_any(HASHER, "Frühling2026!", history)
    assert not verify_any(HASHER, "Sommer2025!", [])
    assert verify_any(HASHER, "Sommer2025!", ["damaged", history[1]])


@given(st.lists(passwords, max_size=5), passwords)
def test_verify_any_is_true_exactly_when_a_stored_password_matches(
    old: list[str], password: str
) -> None:
    history = [HASHER.hash(p) for p in old]
    expected = normalize_password(password) in {normalize_password(p) for p in old}
    assert expected == verify_any(HASHER, password, history)


# --- public API ---------------------------------------------------------------------------

PUBLIC = {
    "Argon2Parameters",
    "Argon2idHasher",
    "PasswordHasher",
    "Verification",
    "WeakHashParametersError",
    "minimum_memory_cost",
    "verify_any",
}


def test_the_hashing_module_exports_exactly_its_api_and_the_policy_package_re_exports_it() -> None:
    assert set(hashing.__all__) == PUBLIC
    assert set(portalkit.policy.__all__) >= PUBLIC
    assert {"Blocklist", "MemoryBlocklist"} <= set(portalkit.policy.__all__)
    for name in PUBLIC:
        assert getattr(hashing, name) is getattr(portalkit.policy, name)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_hashing_export_is_documented(name: str) -> None:
    obj = getattr(hashing, name)
    assert inspect.isclass(obj) or inspect.isfunction(obj)
    assert (obj.__doc__ or "").strip()
