"""Alphabetic, numeric and keyboard sequences in passwords (``abc``, ``987``, ``qwe``).

The finder works in two steps. A precompiled regular expression, a trie of every window of the
minimum length that could start a run, tells in one pass of the regex engine whether the text
contains any run at all; for almost every acceptable password it does not, and the finder is
done. Only when it does, one linear scan per alphabet (``a–z`` with ``0–9``, and each layout)
finds the maximal runs. Both steps touch each character a bounded number of times, so the cost is
linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Final, Literal

import attrs

SequenceKind = Literal["sequence", "keyboard_sequence"]
"""The kind of a run: along the alphabet or the digits, or along a row of a keyboard."""

_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz"
_DIGITS: Final = "0123456789"
# Positions of different rows lie this far apart, so that only neighbours in one row differ by 1.
_ROW_GAP: Final = 100


def _positions(rows: Iterable[str]) -> Mapping[str, int]:
    positions: dict[str, int] = {}
    for row_number, row in enumerate(rows):
        for column, key in enumerate(row):
            positions[key] = row_number * _ROW_GAP + column
    return positions


def _validate_rows(instance: KeyboardLayout, attribute: object, rows: tuple[str, ...]) -> None:
    keys = "".join(rows)
    if not rows or any(not row for row in rows):
        msg = f"layout {instance.name!r} needs at least one row and no empty rows"
        raise ValueError(msg)
    if len(set(keys)) != len(keys):
        msg = f"layout {instance.name!r} has a key in more than one place"
        raise ValueError(msg)
    if any(len(key.lower()) != 1 or key.lower() != key for key in keys):
        msg = f"layout {instance.name!r}: write rows in lower case, one character per key"
        raise ValueError(msg)


def _as_rows(rows: Iterable[str]) -> tuple[str, ...]:
    return tuple(rows)


@attrs.frozen
class KeyboardLayout:
    """The rows of a keyboard whose neighbouring keys make a keyboard sequence.

    Only the rows matter: keys are neighbours when they sit side by side in one row. Rows are
    written in lower case; the finder compares case-insensitively.

    Args:
        name: a short name, shown in messages (``"QWERTZ"``).
        rows: the rows from top to bottom, each as the keys from left to right.

    Raises:
        ValueError: if a row is empty, a key appears twice, or a row is not in lower case.

    References:
        DOMAIN.md §1 (German QWERTZ, DIN 2137; US QWERTY).
    """

    name: str
    rows: tuple[str, ...] = attrs.field(converter=_as_rows, validator=_validate_rows)
    positions: Mapping[str, int] = attrs.field(init=False, repr=False, eq=False)

    @positions.default
    def _compute_positions(self) -> Mapping[str, int]:
        return _positions(self.rows)


QWERTZ: Final = KeyboardLayout("QWERTZ", ("1234567890ß", "qwertzuiopü", "asdfghjklöä", "yxcvbnm"))
"""German layout (DIN 2137), unshifted keys."""

QWERTY: Final = KeyboardLayout("QWERTY", ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"))
"""US layout, unshifted letter and digit keys."""

AZERTY: Final = KeyboardLayout("AZERTY", ("1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"))
"""French layout; its digits are the shifted number row, which is how French users type them."""

DEFAULT_LAYOUTS: Final[tuple[KeyboardLayout, ...]] = (QWERTZ, QWERTY)
"""The layouts checked unless a policy names others: German QWERTZ and US QWERTY."""


def _as_layouts(layouts: Iterable[KeyboardLayout]) -> tuple[KeyboardLayout, ...]:
    """Return *layouts* as a tuple (a converter for configuration fields)."""
    return tuple(layouts)


@attrs.frozen
class SequenceRun:
    """A maximal run of consecutive characters found in a text.

    Attributes:
        kind: ``"sequence"`` (along ``a–z`` or ``0–9``) or ``"keyboard_sequence"``.
        span: ``(start, end)`` of the run in the text, as for slicing.
        text: the run as it is written in the text.
        layout: the name of the keyboard layout of a keyboard sequence, else ``None``.
    """

    kind: SequenceKind
    span: tuple[int, int]
    text: str
    layout: str | None = None


def _lower_keys(text: str) -> str:
    """Return *text* lower-cased character by character, aligned with *text*."""
    lowered = text.lower()
    if len(lowered) == len(text):
        # Lower-casing never shrinks a character, so equal lengths mean a 1:1 mapping.
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _windows(row: str, length: int) -> Iterable[str]:
    for start in range(len(row) - length + 1):
        window = row[start : start + length]
        yield window
        yield window[::-1]


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """Return a regex matching any of *words*, factored by common prefixes.

    All *words* have the same length, so the pattern is a finite tree of literals: the engine
    tries at most one branch per level and cannot backtrack further than the word length.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})

    def pattern(node: _Trie) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return pattern(trie)


@attrs.frozen
class _Finder:
    """The precomputed tables for one configuration of :func:`find_sequences`."""

    min_length: int
    alphabet: Mapping[str, int] | None
    layouts: tuple[KeyboardLayout, ...]
    prefilter: re.Pattern[str] | None

    def runs(self, text: str, keys: str) -> tuple[SequenceRun, ...]:
        if self.prefilter is None or self.prefilter.search(keys) is None:
            return ()
        found: list[SequenceRun] = []
        sequences: list[tuple[int, int]] = []
        if self.alphabet is not None:
            sequences = _scan(keys, self.alphabet, self.min_length)
            found.extend(SequenceRun("sequence", span, text[slice(*span)]) for span in sequences)
        keyboard = [
            (span, layout.name)
            for layout in self.layouts
            for span in _scan(keys, layout.positions, self.min_length)
        ]
        if keyboard:
            covered = _coverage(sequences, len(text))
            for span, layout_name in _outermost(keyboard):
                start, end = span
                if covered[end] - covered[start] < end - start:
                    found.append(
                        SequenceRun("keyboard_sequence", span, text[start:end], layout_name)
                    )
        found.sort(key=lambda run: (run.span, run.kind))
        return tuple(found)


def _scan(keys: str, positions: Mapping[str, int], min_length: int) -> list[tuple[int, int]]:
    """Return the spans of the maximal runs of ±1 steps in *positions*, in text order.

    Each character is looked up once, so the cost is linear in the length of *keys*. Runs in
    opposite directions may share one character (``abcba``); runs in one direction never overlap.
    """
    codes = [positions.get(key) for key in keys]
    spans: list[tuple[int, int]] = []
    start = 0
    step = 0
    previous = codes[0] if codes else None
    for index in range(1, len(codes)):
        current = codes[index]
        delta = current - previous if current is not None and previous is not None else 0
        if delta not in (1, -1):
            delta = 0
        if delta != step or not delta:
            if step and index - start >= min_length:
                spans.append((start, index))
            start = index - 1
            step = delta
        previous = current
    if step and len(codes) - start >= min_length:
        spans.append((start, len(codes)))
    return spans


def _coverage(spans: Iterable[tuple[int, int]], length: int) -> list[int]:
    """Return prefix counts: ``covered[i]`` characters before *i* lie inside some span."""
    marks = [0] * (length + 1)
    for start, end in spans:
        marks[start] += 1
        marks[end] -= 1
    covered = [0] * (length + 1)
    depth = 0
    for index in range(length):
        depth += marks[index]
        covered[index + 1] = covered[index] + (depth > 0)
    return covered


def _outermost(
    runs: Iterable[tuple[tuple[int, int], str]],
) -> list[tuple[tuple[int, int], str]]:
    """Drop runs that lie inside another one (the same keys in another layout, or a part)."""
    ordered = sorted(runs, key=lambda run: (run[0][0], -run[0][1]))
    kept: list[tuple[tuple[int, int], str]] = []
    reach = -1
    for span, name in ordered:
        if span[1] > reach:
            kept.append((span, name))
            reach = span[1]
    return kept


@functools.lru_cache(maxsize=64)
def _build_finder(
    min_length: int,
    layouts: tuple[KeyboardLayout, ...],
    alphabetic: bool,
    numeric: bool,
) -> _Finder:
    rows: list[str] = []
    alphabet_rows = [row for row, on in ((_ALPHABET, alphabetic), (_DIGITS, numeric)) if on]
    rows.extend(alphabet_rows)
    for layout in layouts:
        rows.extend(layout.rows)
    windows = {window for row in rows for window in _windows(row, min_length)}
    prefilter = re.compile(_trie_pattern(sorted(windows))) if windows else None
    alphabet = _positions(alphabet_rows) if alphabet_rows else None
    return _Finder(min_length, alphabet, layouts, prefilter)


def find_sequences(
    text: str,
    *,
    min_length: int = 3,
    layouts: Iterable[KeyboardLayout] = DEFAULT_LAYOUTS,
    alphabetic: bool = True,
    numeric: bool = True,
    keyboard: bool = True,
) -> tuple[SequenceRun, ...]:
    """Find the alphabetic, numeric and keyboard sequences in *text*.

    A ``sequence`` is a maximal run of at least *min_length* characters in which each follows
    the previous one by exactly +1, or each by exactly −1, within ``a–z`` or within ``0–9``
    (``aBc``, ``CBA``, ``987``; never wrapping around: ``yza`` and ``901`` are not runs). A
    ``keyboard_sequence`` is a maximal run of at least *min_length* keys that sit side by side
    in one row of one of the *layouts*, in either direction (``qwe``, ``ewq``, ``yxc``). Case does
    not matter. A keyboard run is reported unless every one of its characters already lies inside
    a reported ``sequence``: ``123`` is only a ``sequence``, ``7890`` is both. Of the keyboard
    runs that several layouts find, only the outermost is reported, with the first layout that
    finds it.

    The text is taken as given; :class:`~portalkit.policy.passwords.PasswordPolicy` normalises a
    password (NFKC) first. The cost is linear in the length of *text*.

    >>> [(run.kind, run.text) for run in find_sequences("Kx7890!")]
    [('sequence', '789'), ('keyboard_sequence', '7890')]

    Args:
        text: the text to search.
        min_length: the shortest run that counts (at least 2).
        layouts: the keyboard layouts whose rows make keyboard sequences.
        alphabetic: look for runs along ``a–z``.
        numeric: look for runs along ``0–9``.
        keyboard: look for keyboard runs.

    Returns:
        The runs ordered by span, then kind.

    Raises:
        ValueError: if *min_length* is less than 2.

    References:
        seed 003 ("keine numerische und alphabetische Reihenfolge (z.B. ABC, 123)"); DOMAIN.md §1.
    """
    if min_length < 2:
        msg = f"min_length must be at least 2, not {min_length}"
        raise ValueError(msg)
    finder = _build_finder(
        min_length, tuple(layouts) if keyboard else (), alphabetic=alphabetic, numeric=numeric
    )
    return finder.runs(text, _lower_keys(text))
