"""Policies: passwords and their hashing, roles, e-mail domains."""

from __future__ import annotations

__all__: list[str] = []
