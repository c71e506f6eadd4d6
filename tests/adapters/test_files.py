"""Blocklists loaded from plain and gzip-compressed files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError
from portalkit.adapters.files import BlocklistFileError, FileBlocklist
from portalkit.policy.blocklist import Blocklist, MemoryBlocklist

LIST = "# common passwords\nPasswort1!\n\n  \nSommer2025!\r\nStraße123!\n#Kommentar\n"


def write(path: Path, text: str, *, compress: bool = False) -> Path:
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.fixture(params=[False, True], ids=["plain", "gzip"])
def blocklist(request: pytest.FixtureRequest, tmp_path: Path) -> FileBlocklist:
    return FileBlocklist.load(write(tmp_path / "list.txt", LIST, compress=request.param))


def test_a_file_blocklist_satisfies_the_port(blocklist: FileBlocklist) -> None:
    assert isinstance(blocklist, Blocklist)


def test_entries_are_read_one_per_line_without_comments_or_blank_lines(
    blocklist: FileBlocklist,
) -> None:
    assert len(blocklist) == 3
    assert blocklist.is_blocked("Passwort1!")
    assert blocklist.is_blocked("Sommer2025!")  # the CRLF line ending is no part of the entry
    assert not blocklist.is_blocked("# common passwords")
    assert not blocklist.is_blocked("#Kommentar")
    assert not blocklist.is_blocked("  ")


def test_entries_are_compared_after_normalisation_and_case_folding(
    blocklist: FileBlocklist,
) -> None:
    assert blocklist.is_blocked("PASSWORT1!")
    assert blocklist.is_blocked("STRASSE123!")
    assert blocklist.is_blocked("Ｓｏｍｍｅｒ２０２５！")
    assert not blocklist.is_blocked("Passwort1")
    assert not blocklist.is_blocked("Passwort1! ")


def test_gzip_is_recognised_by_its_magic_bytes_not_by_the_name(tmp_path: Path) -> None:
    compressed = write(tmp_path / "list.txt", "Geheim123\n", compress=True)
    plain_named_gz = write(tmp_path / "list.gz", "Geheim123\n")
    assert FileBlocklist.load(compressed).is_blocked("geheim123")
    assert FileBlocklist.load(plain_named_gz).is_blocked("geheim123")


def test_a_byte_order_mark_is_no_part_of_the_first_entry(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfGeheim123\n")
    assert FileBlocklist.load(path).is_blocked("Geheim123")


def test_the_last_line_needs_no_newline_and_spaces_inside_entries_are_kept(
    tmp_path: Path,
) -> None:
    blocklist = FileBlocklist.load(write(tmp_path / "l.txt", "mein passwort\n abc"))
    assert blocklist.is_blocked("Mein Passwort")
    assert blocklist.is_blocked(" abc")
    assert not blocklist.is_blocked("abc")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"eins\nzwei\nk\xe4se\nvier\n")
    with pytest.raises(BlocklistFileError) as raised:
        FileBlocklist.load(path)
    assert (str(path), 3) == (raised.value.path, raised.value.line)
    assert isinstance(raised.value, InvalidValueError)
    assert "Zeile 3" in raised.value.message("de")


def test_lines_that_are_not_utf8_can_be_skipped(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"eins\nk\xe4se\nvier\n")
    blocklist = FileBlocklist.load(path, skip_invalid=True)
    assert (len(blocklist), blocklist.skipped_lines) == (2, 1)
    assert blocklist.is_blocked("vier")


def test_a_damaged_gzip_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.gz"
    path.write_bytes(gzip.compress(b"eins\nzwei\n" * 100)[:-12])
    with pytest.raises(BlocklistFileError) as raised:
        FileBlocklist.load(path)
    assert raised.value.line == 0


def test_a_missing_file_raises_the_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        FileBlocklist.load(tmp_path / "missing.txt")


def test_the_repr_names_the_file_and_its_size(tmp_path: Path) -> None:
    path = write(tmp_path / "l.txt", "a\nb\n")
    assert f"<FileBlocklist {str(path)!r}: 2 entries>" == repr(FileBlocklist.load(path))


# An entry is any text without a line break, not starting with "#" (a comment) and not ending
# in "\r" (part of a CRLF line ending); those are the file format's only reserved shapes.
entries = st.text(st.characters(codec="utf-8", exclude_characters="\n\ufeff"), min_size=1).filter(
    lambda entry: not entry.startswith("#") and not entry.endswith("\r")
)


@given(
    st.lists(entries, max_size=20),
    st.lists(st.text(max_size=10), max_size=5),
    st.booleans(),
)
def test_a_file_blocklist_blocks_exactly_what_a_memory_blocklist_of_its_lines_blocks(
    tmp_path_factory: pytest.TempPathFactory,
    listed: list[str],
    probes: list[str],
    compress: bool,
) -> None:
    path = write(tmp_path_factory.mktemp("lists") / "l", "\n".join(listed), compress=compress)
    from_file = FileBlocklist.load(path)
    in_memory = MemoryBlocklist(listed)
    assert len(in_memory) == len(from_file)
    for password in [*listed, *probes, *(entry.upper() for entry in listed)]:
        assert in_memory.is_blocked(password) == from_file.is_blocked(password)
