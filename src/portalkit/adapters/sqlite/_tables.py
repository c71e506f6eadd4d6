"""Table mapping shared by the repositories: one attrs class per table, upserts by id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Generic, Protocol, TypeVar

import attrs

from portalkit.adapters.sqlite._converter import row_codec

T = TypeVar("T")


class Database(Protocol):
    """What a repository needs from its unit of work."""

    def read(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> sqlite3.Cursor:
        """Run a query inside the unit of work's transaction."""
        ...

    def write(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> None:
        """Run a change inside the unit of work's (write) transaction."""
        ...


class Table(Generic[T]):
    """The mapping of the attrs class *cls* to the table *name*, with its upsert."""

    def __init__(
        self, name: str, cls: type[T], json_columns: Iterable[str] = (), *, key: str = "id"
    ) -> None:
        self.name = name
        self.cls = cls
        self.json_columns = tuple(json_columns)
        self.columns = tuple(field.name for field in attrs.fields(cls))  # type: ignore[arg-type]
        self.codec = row_codec(cls, self.json_columns)
        self.select = f"SELECT {', '.join(self.columns)} FROM {name}"
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

    def row(self, value: T) -> dict[str, object]:
        """Return *value* as the parameters of :attr:`upsert`."""
        return self.codec.to_row(value)

    def value(self, row: Sequence[object]) -> T:
        """Return the value stored as *row* (the values of :attr:`columns`, in their order)."""
        return self.codec.from_row(dict(zip(self.columns, row, strict=True)))

    def one(self, db: Database, where: str, params: Sequence[object]) -> T | None:
        """Return the value of the first row matching *where*, or ``None``."""
        row = db.read(f"{self.select} WHERE {where} LIMIT 1", params).fetchone()
        return None if row is None else self.value(row)

    def many(self, db: Database, rest: str, params: Sequence[object] = ()) -> list[T]:
        """Return the values of the rows selected by *rest* (``WHERE ... ORDER BY ...``)."""
        return [self.value(row) for row in db.read(f"{self.select} {rest}", params)]

    def iterate(self, db: Database, rest: str, params: Sequence[object] = ()) -> Iterator[T]:
        """Like :meth:`many`, but fetching rows lazily in batches."""
        cursor = db.read(f"{self.select} {rest}", params)
        while batch := cursor.fetchmany(500):
            for row in batch:
                yield self.value(row)
