"""Table mapping shared by the repositories: one attrs class per table, upserts by key.

Each unit of work remembers the rows it has loaded or saved by key in its transaction
(:attr:`Database.loaded`). Inside one transaction nobody else changes them (a write
transaction holds the write lock, a read transaction sees one snapshot), so a second
``get`` of the same key needs no query, and saving a value that was loaded updates only the
columns that changed (or nothing, if none did): fewer index entries rewritten, fewer checks.

The SQL here and in the repositories is the common ground of SQLite and PostgreSQL (``?``
and ``:name`` placeholders, which the PostgreSQL unit of work translates; upserts with
``excluded``; a ``rowid`` column that PostgreSQL's tables declare as an identity), so both
stores share the repositories. Only the conversion of plain columns differs: each
:class:`Dialect` compiles its own codec per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs

from portalkit.adapters.sqlite._converter import (
    ColumnHooks,
    RowCodec,
    row_codec,
    sqlite_column_hooks,
)

T = TypeVar("T")

Loaded = dict[tuple[str, object], tuple[tuple[object, ...], Any]]
"""Rows known in the current transaction: (table, key) -> (row's values in column order, value)."""

DECODED_KEPT = 4096
"""At most this many decoded rows a shared table keeps per dialect (see :class:`Table`)."""


@attrs.frozen
class Dialect:
    """How a store converts plain columns: its name and its :func:`row_codec` hooks."""

    name: str
    column_hooks: Callable[[Any], ColumnHooks]


SQLITE = Dialect("sqlite", sqlite_column_hooks)
"""SQLite's dialect: booleans as integers, instants and days as text."""


class Cursor(Protocol):
    """The part of a DB-API cursor the repositories use (sqlite3's and psycopg's alike)."""

    @property
    def rowcount(self) -> int:
        """The number of rows the last change touched."""
        ...

    def fetchone(self) -> Any:
        """Return the next row, or ``None``."""
        ...

    def fetchmany(self, size: int) -> Sequence[Any]:
        """Return up to *size* further rows."""
        ...

    def __iter__(self) -> Iterator[Any]:
        """Iterate over the remaining rows."""
        ...


class Database(Protocol):
    """What a repository needs from its unit of work."""

    @property
    def dialect(self) -> Dialect:
        """How the store converts plain columns."""
        ...

    @property
    def loaded(self) -> Loaded:
        """The rows the current transaction has loaded or saved (empty at its start)."""
        ...

    def read(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> Cursor:
        """Run a query inside the unit of work's transaction."""
        ...

    def read_alone(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> list[Any]:
        """Run one query and return its rows: in the transaction if one is open, else alone.

        Alone, the query runs without a transaction of the unit of work around it (one
        statement reads one consistent state by itself) and starts none: for answers that
        are only read, never written back, and that need no second query to be consistent.
        """
        ...

    def write(
        self,
        sql: str,
        params: Sequence[object] | Mapping[str, object] = (),
        *,
        keeps_loaded: bool = False,
    ) -> Cursor:
        """Run a change inside the unit of work's (write) transaction.

        Unless *keeps_loaded* (a :class:`Table` keeping :attr:`loaded` up to date itself),
        the unit of work forgets the rows it has loaded: the change may have altered them.
        """
        ...


class Table(Generic[T]):
    """The mapping of the attrs class *cls* to the table *name*, keyed by the column *key*.

    With *shared*, rows read are decoded once: a row whose stored values equal those of a row
    decoded before gets the very value decoded then (per dialect, at most
    :data:`DECODED_KEPT` rows, then it starts over). Only for classes whose values are
    immutable all the way down (frozen attrs classes of strings, numbers, instants, tuples and
    frozensets): a value handed to two callers must not change under either. The value is a
    function of the stored values alone, so what is kept can never be stale: every read
    still asks the database, only the decoding of an unchanged row is spared (the signed-in
    check decodes the same session, user and company on every request).
    """

    def __init__(
        self,
        name: str,
        cls: type[T],
        json_columns: Iterable[str] = (),
        *,
        key: str = "id",
        shared: bool = False,
    ) -> None:
        self.name = name
        self.cls = cls
        self.key = key
        self.shared = shared
        self.json_columns = tuple(json_columns)
        self.columns = tuple(field.name for field in attrs.fields(cls))  # type: ignore[arg-type]
        self.key_index = self.columns.index(key)
        self._decoded: dict[str, dict[tuple[object, ...], T]] = {}
        self.codec = row_codec(cls, self.json_columns)
        self._codecs: dict[str, RowCodec[T]] = {SQLITE.name: self.codec}
        self.select = f"SELECT {', '.join(self.columns)} FROM {name}"
        self._by_key = f"{self.select} WHERE {key} = ?"
        updates = ", ".join(
            f"{column} = excluded.{column}" for column in self.columns if column != key
        )
        self.upsert = (
            f"INSERT INTO {name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join(':' + column for column in self.columns)}) "
            # An upsert, not INSERT OR REPLACE: a replace deletes the row first, which breaks
            # foreign keys and moves the row to the end of the listing order.
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
        )
        self.insert = (
            f"INSERT INTO {name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join(':' + column for column in self.columns)})"
        )
        self._insert_new = f"{self.insert} ON CONFLICT ({key}) DO NOTHING"
        self._updates: dict[tuple[str, ...], str] = {}

    def codec_for(self, dialect: Dialect) -> RowCodec[T]:
        """Return the codec of this table in *dialect* (:attr:`codec` for SQLite)."""
        codec = self._codecs.get(dialect.name)
        if codec is None:
            codec = row_codec(self.cls, self.json_columns, dialect.column_hooks)
            self._codecs[dialect.name] = codec
        return codec

    def row(self, value: T, dialect: Dialect = SQLITE) -> dict[str, object]:
        """Return *value* as the parameters of :attr:`upsert` in *dialect*."""
        return self.codec_for(dialect).to_row(value)

    def value(self, row: Sequence[object], dialect: Dialect = SQLITE) -> T:
        """Return the value stored as *row* (the values of :attr:`columns`, in their order)."""
        if self.shared:
            return self._decode(tuple(row), dialect)
        return self.codec_for(dialect).from_row(dict(zip(self.columns, row, strict=True)))

    def _decode(self, stored: tuple[object, ...], dialect: Dialect) -> T:
        # Keyed by the stored values themselves: equal rows decode to equal values. The
        # stores hand back one type per column (text, integers, UTC instants), so equal keys
        # never differ in a way the decoding would see.
        decoded = self._decoded.get(dialect.name)
        if decoded is None:
            decoded = self._decoded[dialect.name] = {}
        value = decoded.get(stored)
        if value is None:
            value = self.codec_for(dialect).from_row(dict(zip(self.columns, stored, strict=True)))
            if len(decoded) >= DECODED_KEPT:
                decoded.clear()
            decoded[stored] = value
        return value

    def get(self, db: Database, key: object) -> T | None:
        """Return the value whose key is *key*, or ``None``; known rows cost no query."""
        known = db.loaded.get((self.name, key))
        if known is not None:
            return known[1]  # type: ignore[no-any-return]  # stored by this table: a T
        row = db.read(self._by_key, [key]).fetchone()
        return None if row is None else self._remember(db, row)

    def one(self, db: Database, where: str, params: Sequence[object]) -> T | None:
        """Return the value of the first row matching *where*, or ``None``."""
        row = db.read(f"{self.select} WHERE {where} LIMIT 1", params).fetchone()
        return None if row is None else self._remember(db, row)

    def many(self, db: Database, rest: str, params: Sequence[object] = ()) -> list[T]:
        """Return the values of the rows selected by *rest* (``WHERE ... ORDER BY ...``)."""
        dialect = db.dialect
        if self.shared:
            return [
                self._decode(tuple(row), dialect)
                for row in db.read(f"{self.select} {rest}", params)
            ]
        from_row = self.codec_for(dialect).from_row
        columns = self.columns
        return [
            from_row(dict(zip(columns, row, strict=True)))
            for row in db.read(f"{self.select} {rest}", params)
        ]

    def iterate(self, db: Database, rest: str, params: Sequence[object] = ()) -> Iterator[T]:
        """Like :meth:`many`, but fetching rows lazily in batches."""
        dialect = db.dialect
        cursor = db.read(f"{self.select} {rest}", params)
        while batch := cursor.fetchmany(500):
            for row in batch:
                yield self.value(row, dialect)

    def save(self, db: Database, value: T) -> None:
        """Insert *value*, or update its row: only the changed columns of a known row."""
        row = self.codec_for(db.dialect).to_row(value)
        slot = (self.name, row[self.key])
        stored = tuple(row[column] for column in self.columns)
        known = db.loaded.get(slot)
        if known is None:
            db.write(self.upsert, row, keeps_loaded=True)
        else:
            changed = tuple(
                column
                for column, new, old in zip(self.columns, stored, known[0], strict=True)
                if new != old
            )
            # rowcount 0: the row is gone after all; the upsert puts it back as saved.
            if changed and db.write(self._update(changed), row, keeps_loaded=True).rowcount != 1:
                db.write(self.upsert, row, keeps_loaded=True)
        db.loaded[slot] = (stored, value)

    def insert_new(self, db: Database, value: T) -> bool:
        """Insert *value* unless its key is taken; return whether it was inserted.

        Reads nothing first: a taken key leaves the stored row as it is and changes nothing.
        """
        row = self.codec_for(db.dialect).to_row(value)
        if db.write(self._insert_new, row, keeps_loaded=True).rowcount != 1:
            return False
        stored = tuple(row[column] for column in self.columns)
        db.loaded[(self.name, row[self.key])] = (stored, value)
        return True

    def append(self, db: Database, value: T) -> None:
        """Insert *value* as a new row (append-only tables)."""
        db.write(self.insert, self.codec_for(db.dialect).to_row(value), keeps_loaded=True)

    def _remember(self, db: Database, row: Sequence[object]) -> T:
        # The values as stored, in column order: what a later save compares its columns with.
        stored = tuple(row)
        slot = (self.name, stored[self.key_index])
        known = db.loaded.get(slot)
        if known is not None and known[0] == stored:
            return known[1]  # type: ignore[no-any-return]  # stored by this table: a T
        value = (
            self._decode(stored, db.dialect)
            if self.shared
            else self.codec_for(db.dialect).from_row(dict(zip(self.columns, stored, strict=True)))
        )
        db.loaded[slot] = (stored, value)
        return value

    def _update(self, columns: tuple[str, ...]) -> str:
        sql = self._updates.get(columns)
        if sql is None:
            assignments = ", ".join(f"{column} = :{column}" for column in columns)
            sql = f"UPDATE {self.name} SET {assignments} WHERE {self.key} = :{self.key}"
            self._updates[columns] = sql
        return sql
