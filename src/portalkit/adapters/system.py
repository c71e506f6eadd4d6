"""Ports implemented on the operating system."""

from __future__ import annotations

import datetime as dt

__all__ = ["SystemClock"]


class SystemClock:
    """The :class:`portalkit.clock.Clock` that reads the system clock, in UTC."""

    def now(self) -> dt.datetime:
        """Return the current instant in UTC."""
        return dt.datetime.now(dt.UTC)
