"""Shared hypothesis strategies and test doubles for the ticket tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import strategies as st

from portalkit.tickets.references import ReferenceNumber


class MemoryReferenceCounter:
    """A reference counter held in a dict, as a storage adapter would hold it in a table."""

    def __init__(self) -> None:
        self.last: defaultdict[int, int] = defaultdict(int)

    def next_value(self, year: int) -> int:
        self.last[year] += 1
        return self.last[year]


references = st.builds(
    ReferenceNumber,
    year=st.integers(min_value=1000, max_value=9999),
    sequence=st.one_of(
        st.integers(min_value=1, max_value=999_999),
        st.integers(min_value=1_000_000, max_value=10**12),
    ),
)

instants = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=dt.datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)
