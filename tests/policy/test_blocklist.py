"""The in-memory blocklist."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portalkit.policy.blocklist import Blocklist, MemoryBlocklist


def test_the_memory_blocklist_satisfies_the_port() -> None:
    assert isinstance(MemoryBlocklist(), Blocklist)


def test_entries_match_whole_passwords_ignoring_case_and_unicode_form() -> None:
    blocklist = MemoryBlocklist(["Straße123!", "  "])
    assert len(blocklist) == 1
    assert blocklist.is_blocked("STRASSE123!")
    assert blocklist.is_blocked("Stra\u00dfe123!")
    assert not blocklist.is_blocked("Straße123!x")


@given(st.lists(st.text(min_size=1)), st.text(min_size=1))
def test_a_password_is_blocked_exactly_when_a_folded_entry_equals_it(
    entries: list[str], password: str
) -> None:
    blocklist = MemoryBlocklist(entries)
    expected = any(
        entry.strip() and MemoryBlocklist([entry]).is_blocked(password) for entry in entries
    )
    assert blocklist.is_blocked(password) == expected
    if password.strip():
        assert MemoryBlocklist([*entries, password]).is_blocked(password)
