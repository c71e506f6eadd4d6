"""Alphabetic, numeric and keyboard sequences in passwords (``abc``, ``987``, ``qwe``).

The finder works in two steps. A precompiled regular expression, a trie of every window of the
minimum length that is a run, finds in one pass of the regex engine where runs start; for almost
every acceptable password there is none, and the finder is done. From each start it extends the
run along its alphabet (``a–z`` with ``0–9``, or a row of a layout) as far as it goes. Windows
inside a run already found are skipped, so each character is looked at a bounded number of times
per alphabet and direction: the cost is linear in the length of the text.
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

    Attributes:
        positions: derived from *rows*: each key's place as ``row * 100 + column``, so that
            exactly the neighbours in one row differ by 1.

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
"""French layout; its digits sit on the number row (typed with Shift)."""

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
    """The precomputed tables for one configuration of :func:`find_sequences`.

    Attributes:
        min_length: the shortest run that counts.
        tracks: the key positions of each alphabet: ``a–z`` with ``0–9`` (if checked), then
            each layout. Neighbours in one row differ by exactly 1.
        names: ``None`` for the alphabet, else the layout's name, per track.
        starts: a zero-width pattern that matches where a run of *min_length* starts.
        window_tracks: for each such window (lower case), the tracks and steps (+1 or −1)
            along which it is a run.
    """

    min_length: int
    tracks: tuple[Mapping[str, int], ...]
    names: tuple[str | None, ...]
    starts: re.Pattern[str] | None
    window_tracks: Mapping[str, tuple[tuple[int, int], ...]]

    def runs(self, text: str, keys: str) -> tuple[SequenceRun, ...]:
        """Return the runs in *text*, whose lower-cased form (aligned) is *keys*."""
        first = None if self.starts is None else self.starts.search(keys)
        if first is None or self.starts is None:
            return ()
        length = len(keys)
        min_length = self.min_length
        # End of the last run per (track, step): later windows inside it belong to it.
        ends: dict[tuple[int, int], int] = {}
        sequences: list[tuple[int, int]] = []
        keyboard: list[tuple[tuple[int, int], str]] = []
        for hit in self.starts.finditer(keys, first.start()):
            start = hit.start()
            for track_step in self.window_tracks[keys[start : start + min_length]]:
                if start + min_length <= ends.get(track_step, -1):
                    continue
                track, step = track_step
                positions = self.tracks[track]
                end = start + min_length
                here = positions[keys[end - 1]]
                while end < length:
                    following = positions.get(keys[end])
                    if following is None or following - here != step:
                        break
                    here = following
                    end += 1
                ends[track_step] = end
                name = self.names[track]
                if name is None:
                    sequences.append((start, end))
                else:
                    keyboard.append(((start, end), name))
        found = [SequenceRun("sequence", span, text[span[0] : span[1]]) for span in sequences]
        if keyboard:
            found.extend(
                SequenceRun("keyboard_sequence", span, text[span[0] : span[1]], name)
                for span, name in _uncovered(_outermost(keyboard), _union(sequences))
            )
            found.sort(key=lambda run: (run.span, run.kind))
        return tuple(found)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans ordered by start into disjoint intervals (touching ones merge too)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _uncovered(
    runs: list[tuple[tuple[int, int], str]], covered: list[tuple[int, int]]
) -> list[tuple[tuple[int, int], str]]:
    """Keep the runs (ordered by start) that do not lie wholly inside a covered interval."""
    kept = []
    index = 0
    for span, name in runs:
        while index < len(covered) and covered[index][1] <= span[0]:
            index += 1
        inside = (
            index < len(covered) and covered[index][0] <= span[0] and span[1] <= covered[index][1]
        )
        if not inside:
            kept.append((span, name))
    return kept


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
    alphabet_rows = [row for row, on in ((_ALPHABET, alphabetic), (_DIGITS, numeric)) if on]
    track_rows: list[tuple[str, ...]] = [tuple(alphabet_rows)] if alphabet_rows else []
    names: list[str | None] = [None] if alphabet_rows else []
    for layout in layouts:
        track_rows.append(layout.rows)
        names.append(layout.name)
    window_tracks: dict[str, list[tuple[int, int]]] = {}
    for track, rows in enumerate(track_rows):
        for row in rows:
            for start in range(len(row) - min_length + 1):
                window = row[start : start + min_length]
                for text, step in ((window, 1), (window[::-1], -1)):
                    window_tracks.setdefault(text, []).append((track, step))
    starts = re.compile(f"(?={_trie_pattern(sorted(window_tracks))})") if window_tracks else None
    return _Finder(
        min_length,
        tuple(_positions(rows) for rows in track_rows),
        tuple(names),
        starts,
        {window: tuple(pairs) for window, pairs in window_tracks.items()},
    )


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
