"""Griffe extension: portalkit's docstrings, written for Python's tools, read well as Markdown.

- Examples are bare ``>>>`` blocks, which ``--doctest-modules`` runs. Griffe only recognises
  them inside an ``Examples:`` section; anywhere else Markdown would read ``[...]`` in an output
  line as a link. Every bare doctest block is wrapped in a ```` ```pycon ```` fence.
- Cross-references use Sphinx roles (``:class:`~portalkit.clock.Clock```), which Markdown would
  show verbatim. Each becomes inline code of the name as Sphinx would show it (``Clock``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_PROMPTS = (">>>", "...")
_ROLE = re.compile(r":(?:py:)?[a-z]+:`(?P<tilde>~?)(?P<target>[^`]+)`")


def plain_roles(text: str) -> str:
    """Return *text* with every Sphinx role turned into inline code of the name it shows."""

    def shown(match: re.Match[str]) -> str:
        target = match["target"]
        return f"`{target.rsplit('.', 1)[-1] if match['tilde'] else target}`"

    return _ROLE.sub(shown, text)


def fence_doctests(text: str) -> str:
    """Return *text* with every doctest block that starts a line fenced as ``pycon``.

    A block starts with a ``>>>`` line and runs to the next blank line, as in :mod:`doctest`.
    Blocks that are already inside a fence are left alone.
    """
    out: list[str] = []
    in_fence = in_block = False
    indent = ""
    for line in text.split("\n"):
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


class DocstringMarkdown(griffe.Extension):
    """Fence doctest blocks and plain Sphinx roles in every docstring, as the module says."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of *obj* as soon as it is loaded."""
        if obj.docstring is not None:
            obj.docstring.value = plain_roles(fence_doctests(obj.docstring.value))
