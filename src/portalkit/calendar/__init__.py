"""Calendar rules: working days, business hours, quarters, retention deadlines."""

from __future__ import annotations

__all__: list[str] = []
