"""Griffe extension: doctest examples in docstrings render as Python sessions.

portalkit's docstrings show examples as bare ``>>>`` blocks, which ``--doctest-modules`` runs.
Griffe only recognises them inside an ``Examples:`` section; anywhere else Markdown would read
``[...]`` in an output line as a link. This extension wraps every bare doctest block in a
```` ```pycon ```` fence before the docstring is parsed.
"""

from __future__ import annotations

from typing import Any

import griffe

_PROMPTS = (">>>", "...")


def fence_doctests(text: str) -> str:
    """Return *text* with every doctest block that starts a line fenced as ``pycon``.

    A block starts with a ``>>>`` line and runs to the next blank line, as in :mod:`doctest`.
    Blocks that are already inside a fence are left alone.
    """
    out: list[str] = []
    in_fence = in_block = False
    indent = ""
    for line in text.splitlines():
        stripped = line.lstrip()
        if in_block and not stripped:
            out.append(f"{indent}```")
            in_block = False
        if not in_block and stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_block and stripped.startswith(_PROMPTS[0]):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            in_block = True
        out.append(line)
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out)


class FenceDoctests(griffe.Extension):
    """Fence the bare doctest blocks of every docstring (see :func:`fence_doctests`)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of *obj* as soon as it is loaded."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
