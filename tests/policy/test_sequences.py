"""Alphabetic, numeric and keyboard sequences."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.policy.sequences import (
    AZERTY,
    DEFAULT_LAYOUTS,
    QWERTY,
    QWERTZ,
    KeyboardLayout,
    SequenceRun,
    _build_finder,
    find_sequences,
)


def found(text: str, **options: object) -> list[tuple[str, tuple[int, int], str]]:
    return [(run.kind, run.span, run.text) for run in find_sequences(text, **options)]  # type: ignore[arg-type]


# --- a simple quadratic reference, written independently of the implementation -------------


def reference(
    text: str,
    *,
    min_length: int = 3,
    layouts: tuple[KeyboardLayout, ...] = DEFAULT_LAYOUTS,
    alphabetic: bool = True,
    numeric: bool = True,
    keyboard: bool = True,
) -> list[SequenceRun]:
    keys = [char.lower() if len(char.lower()) == 1 else char for char in text]

    def maximal_pieces(rows: list[str]) -> list[tuple[int, int]]:
        pieces = set()
        for start in range(len(keys)):
            for end in range(start + min_length, len(keys) + 1):
                piece = "".join(keys[start:end])
                if any(piece in row or piece in row[::-1] for row in rows):
                    pieces.add((start, end))
        return sorted(
            piece
            for piece in pieces
            if not any(
                other != piece and other[0] <= piece[0] and piece[1] <= other[1] for other in pieces
            )
        )

    alphabet_rows = ["abcdefghijklmnopqrstuvwxyz"] * alphabetic + ["0123456789"] * numeric
    sequences = maximal_pieces(alphabet_rows) if alphabet_rows else []
    covered = {index for start, end in sequences for index in range(start, end)}
    runs = [SequenceRun("sequence", span, text[span[0] : span[1]]) for span in sequences]
    by_layout = [(layout, maximal_pieces(list(layout.rows))) for layout in layouts] * keyboard
    every = {span for _, spans in by_layout for span in spans}
    for span in sorted(every):
        if any(other != span and other[0] <= span[0] and span[1] <= other[1] for other in every):
            continue
        if all(index in covered for index in range(*span)):
            continue
        layout = next(layout for layout, spans in by_layout if span in spans)
        runs.append(SequenceRun("keyboard_sequence", span, text[span[0] : span[1]], layout.name))
    return sorted(runs, key=lambda run: (run.span, run.kind))


RUN_PRONE = st.text(
    alphabet=st.sampled_from("abcdefxyzABCXYZ0123456789ßüöäqwertzuiopasdfghjklyxcvbnmQWE!é"),
    max_size=30,
)


# --- examples from DOMAIN.md §1 and seed 003 -------------------------------------------------


@pytest.mark.parametrize("text", ["ABC", "123", "aBc", "CBA", "xyz", "987", "abc", "321"])
def test_runs_along_the_alphabet_or_the_digits_are_sequences(text: str) -> None:
    assert [("sequence", (0, 3), text)] == found(text)


@pytest.mark.parametrize("text", ["yza", "901", "zab", "109", "ab", "12", "aBd", "135"])
def test_no_wrap_around_and_no_gaps(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "layout"),
    [("qwe", "QWERTZ"), ("ewq", "QWERTZ"), ("asd", "QWERTZ"), ("yxc", "QWERTZ"), ("zxc", "QWERTY")],
)
def test_neighbouring_keys_in_a_row_are_keyboard_sequences(text: str, layout: str) -> None:
    [run] = find_sequences(text)
    assert SequenceRun("keyboard_sequence", (0, 3), text, layout) == run


def test_7890_is_both_a_sequence_and_a_keyboard_sequence() -> None:
    assert found("7890") == [
        ("sequence", (0, 3), "789"),
        ("keyboard_sequence", (0, 4), "7890"),
    ]


def test_123_is_reported_once_as_a_sequence() -> None:
    assert found("123") == [("sequence", (0, 3), "123")]


def test_a_keyboard_run_covered_by_two_sequences_is_not_reported() -> None:
    # fgh and jkl are alphabetic runs and together cover the keyboard run fghjkl.
    assert found("fghjkl") == [("sequence", (0, 3), "fgh"), ("sequence", (3, 6), "jkl")]


def test_the_german_row_with_sharp_s_and_umlauts_counts() -> None:
    assert found("90ß") == [("keyboard_sequence", (0, 3), "90ß")]
    assert found("ÜPO") == [("keyboard_sequence", (0, 3), "ÜPO")]
    assert found("jklöä") == [("sequence", (0, 3), "jkl"), ("keyboard_sequence", (0, 5), "jklöä")]


def test_the_whole_number_row_is_one_keyboard_run_beside_its_sequence() -> None:
    assert found("1234567890ß") == [
        ("sequence", (0, 9), "123456789"),
        ("keyboard_sequence", (0, 11), "1234567890ß"),
    ]


def test_runs_are_maximal() -> None:
    assert found("!bcdefg!") == [("sequence", (1, 7), "bcdefg")]


def test_runs_in_both_directions_may_share_their_turning_point() -> None:
    assert found("abcba") == [("sequence", (0, 3), "abc"), ("sequence", (2, 5), "cba")]


def test_each_layout_has_its_own_rows() -> None:
    [tzu] = find_sequences("tzu")
    [tyu] = find_sequences("tyu")
    assert (tzu.layout, tyu.layout) == ("QWERTZ", "QWERTY")


def test_a_run_inside_a_longer_run_of_another_layout_is_reported_once() -> None:
    # QWERTY has "wertyu"; QWERTZ only "wert".
    assert [SequenceRun("keyboard_sequence", (0, 6), "wertyu", "QWERTY")] == list(
        find_sequences("wertyu")
    )


def test_runs_of_different_layouts_may_overlap() -> None:
    assert found("rtyxcv") == [
        ("keyboard_sequence", (0, 3), "rty"),
        ("keyboard_sequence", (2, 6), "yxcv"),
    ]


def test_azerty_is_available_but_not_a_default() -> None:
    assert found("azer") == []
    assert found("azer", layouts=(AZERTY,)) == [("keyboard_sequence", (0, 4), "azer")]
    assert found("qsd", layouts=[AZERTY]) == [("keyboard_sequence", (0, 3), "qsd")]


def test_the_minimum_run_length_is_configurable() -> None:
    assert found("abc", min_length=4) == []
    assert found("abcd", min_length=4) == [("sequence", (0, 4), "abcd")]
    assert found("ab", min_length=2) == [("sequence", (0, 2), "ab")]


def test_each_check_can_be_switched_off() -> None:
    assert found("abc", alphabetic=False) == []
    assert found("abc", numeric=False) == [("sequence", (0, 3), "abc")]
    assert found("qwe", keyboard=False) == []
    # Without the numeric check nothing covers 123, so it is a keyboard sequence.
    assert found("123", numeric=False) == [("keyboard_sequence", (0, 3), "123")]


def test_the_text_keeps_its_case_and_spans_fit_odd_lower_casing() -> None:
    # "İ" lower-cases to two code points; spans still refer to the text as given.
    assert found("İAbC") == [("sequence", (1, 4), "AbC")]


def test_a_minimum_length_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        find_sequences("abc", min_length=1)


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (("abc", "cde"), "more than one place"),
        (("ABC",), "lower case"),
        (("abc", ""), "empty"),
        ((), "at least one row"),
    ],
)
def test_a_layout_must_have_distinct_lower_case_keys(rows: tuple[str, ...], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        KeyboardLayout("broken", rows)


def test_the_layouts_hold_the_rows_of_domain_section_1() -> None:
    assert QWERTZ.rows == ("1234567890ß", "qwertzuiopü", "asdfghjklöä", "yxcvbnm")
    assert QWERTY.rows == ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
    assert (QWERTZ, QWERTY) == DEFAULT_LAYOUTS


# --- properties ----------------------------------------------------------------------------


@given(st.text())
def test_any_text_gives_runs_whose_spans_lie_inside_it(text: str) -> None:
    for run in find_sequences(text):
        start, end = run.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == run.text
        assert end - start >= 3


@given(RUN_PRONE, st.integers(2, 5))
def test_the_finder_agrees_with_the_quadratic_reference(text: str, min_length: int) -> None:
    assert reference(text, min_length=min_length) == list(
        find_sequences(text, min_length=min_length)
    )


@given(
    RUN_PRONE,
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.lists(st.sampled_from([QWERTZ, QWERTY, AZERTY]), unique=True, max_size=3),
)
def test_every_configuration_agrees_with_the_reference(
    text: str, alphabetic: bool, numeric: bool, keyboard: bool, layouts: list[KeyboardLayout]
) -> None:
    options = {
        "alphabetic": alphabetic,
        "numeric": numeric,
        "keyboard": keyboard,
        "layouts": tuple(layouts),
    }
    assert reference(text, **options) == list(find_sequences(text, **options))  # type: ignore[arg-type]


@given(RUN_PRONE, st.booleans())
def test_case_does_not_change_what_is_found(text: str, upper: bool) -> None:
    changed = "".join(char.upper() if len(char.upper()) == 1 else char for char in text)
    expected = [(run.kind, run.span) for run in find_sequences(text)]
    assert expected == [(run.kind, run.span) for run in find_sequences(changed if upper else text)]


# --- linear cost, shown by the structure of the work rather than by timing ------------------


class CountingPositions(Mapping[str, int]):
    """Positions that count how often the scanner looks a key up."""

    def __init__(self, positions: Mapping[str, int]) -> None:
        self.positions = positions
        self.lookups = 0

    def __getitem__(self, key: str) -> int:
        self.lookups += 1
        return self.positions[key]

    def get(self, key: str, default: object = None) -> int | None:  # type: ignore[override]
        self.lookups += 1
        return self.positions.get(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)


@given(st.text(alphabet="abcdefqwertz1234567890!", max_size=300))
def test_each_character_is_looked_up_a_bounded_number_of_times(text: str) -> None:
    finder = _build_finder(3, DEFAULT_LAYOUTS, alphabetic=True, numeric=True)
    counting = tuple(CountingPositions(track) for track in finder.tracks)
    runs = attrs.evolve(finder, tracks=counting).runs(text, text)
    assert runs == finder.runs(text, text)
    # Per track and direction, each character is read at most once plus once per run.
    directions = 2
    assert sum(track.lookups for track in counting) <= directions * len(counting) * 2 * len(text)


def test_a_long_run_is_extended_once_not_once_per_window() -> None:
    finder = _build_finder(3, (QWERTZ,), alphabetic=False, numeric=False)
    counting = CountingPositions(finder.tracks[0])
    text = "qwertzuiopü"
    [run] = attrs.evolve(finder, tracks=(counting,)).runs(text, text)
    assert run.span == (0, 11)
    assert counting.lookups == len(text) - 3 + 1  # the first window's last key, then each key


def test_the_prefilter_is_a_finite_tree_of_literals_that_cannot_backtrack_far() -> None:
    finder = _build_finder(3, DEFAULT_LAYOUTS, alphabetic=True, numeric=True)
    assert finder.starts is not None
    pattern = finder.starts.pattern.replace("(?:", "(").replace("(?=", "(")
    assert re.search(r"[*+?{]", pattern) is None


@given(st.integers(1, 2000))
def test_a_text_of_runs_yields_no_more_runs_than_characters(repeats: int) -> None:
    text = "qwe1" * repeats
    assert len(find_sequences(text)) <= len(text)
