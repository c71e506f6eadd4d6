"""Blocklists read from files: plain text or gzip, one password per line."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from portalkit._errors import InvalidValueError
from portalkit.policy.blocklist import MemoryBlocklist

__all__ = ["BlocklistFileError", "FileBlocklist"]

_GZIP_MAGIC = b"\x1f\x8b"


class BlocklistFileError(InvalidValueError):
    """A blocklist file is not UTF-8 text (or not a valid gzip file).

    Attributes:
        path: the file.
        line: the 1-based number of the first line that could not be read (0 for the file).
    """

    code = "blocklist_file_invalid"

    def __init__(self, path: str, line: int) -> None:
        self.path = path
        self.line = line
        super().__init__(path=path, line=line)


class FileBlocklist(MemoryBlocklist):
    """A :class:`~portalkit.policy.blocklist.Blocklist` loaded once from a text file.

    The file holds one forbidden password per line, UTF-8, plain or gzip-compressed (told apart
    by the gzip magic bytes, whatever the file's name). Blank lines and lines starting with
    ``#`` are skipped; an entry keeps its spaces, since a password may have them. Entries are
    compared exactly as in :class:`~portalkit.policy.blocklist.MemoryBlocklist`: normalised
    (NFKC) and case-folded, held in a frozenset for O(1) lookups.

    portalkit ships no list. Deployments choose one, for example a common-password list such as
    the UK NCSC's "top 100k" list or the SecLists ``Passwords/Common-Credentials`` lists, plus
    their own words (product, company and city names), and may add the breached-password range
    check of :mod:`portalkit.adapters.pwned`.

    Attributes:
        path: the file the entries came from.
        skipped_lines: lines that were not UTF-8 and were left out (only with
            ``skip_invalid=True``).

    References:
        NIST SP 800-63B rev. 4 §3.1.1.2 (compare against a blocklist of commonly used, expected
        or compromised passwords); seed 003 ("not a dictionary word"); DOMAIN.md §1
        "Blocklist".
    """

    __slots__ = ("path", "skipped_lines")

    def __init__(self, entries: list[str], *, path: Path, skipped_lines: int = 0) -> None:
        super().__init__(entries)
        self.path = path
        self.skipped_lines = skipped_lines

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, skip_invalid: bool = False) -> FileBlocklist:
        """Read the blocklist at *path* into memory.

        Args:
            path: a plain or gzip-compressed UTF-8 text file, one entry per line.
            skip_invalid: leave out lines that are not UTF-8 instead of refusing the file
                (large public lists contain a few Latin-1 lines).

        Raises:
            BlocklistFileError: the file is not UTF-8 (unless *skip_invalid*) or a damaged gzip
                file.
            OSError: the file cannot be opened.
        """
        file = Path(path)
        data = file.read_bytes()
        if data.startswith(_GZIP_MAGIC):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as error:
                raise BlocklistFileError(str(file), 0) from error
        skipped = 0
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if not skip_invalid:
                raise BlocklistFileError(str(file), data.count(b"\n", 0, error.start) + 1) from None
            decoded = []
            for raw in data.split(b"\n"):
                try:
                    decoded.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    skipped += 1
        else:
            decoded = text.split("\n")
        if decoded and decoded[0].startswith("\ufeff"):
            decoded[0] = decoded[0][1:]
        entries = [line.removesuffix("\r") for line in decoded if line and not line.startswith("#")]
        return cls(entries, path=file, skipped_lines=skipped)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self.path)!r}: {len(self)} entries>"
