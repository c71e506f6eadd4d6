"""The docstring rewriting that makes portalkit's docstrings read well on the site."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.docs.site import load_tool

MARKDOWN = load_tool("griffe_markdown")


def test_a_bare_doctest_block_is_fenced_up_to_the_blank_line() -> None:
    text = "Find runs.\n\n>>> find([1])\n[('a', 1)]\n\nArgs:\n    x: y."
    expected = "Find runs.\n\n```pycon\n>>> find([1])\n[('a', 1)]\n```\n\nArgs:\n    x: y."
    assert expected == MARKDOWN.fence_doctests(text)


def test_a_doctest_block_at_the_end_is_closed() -> None:
    expected = "    ```pycon\n    >>> 1\n    1\n    ```"
    assert expected == MARKDOWN.fence_doctests("    >>> 1\n    1")


def test_a_doctest_inside_a_fence_is_left_alone() -> None:
    text = "```pycon\n>>> 1\n1\n\n```"
    assert text == MARKDOWN.fence_doctests(text)


def test_sphinx_roles_become_inline_code_of_the_name_they_show() -> None:
    text = "Use :class:`~portalkit.clock.Clock` or :func:`portalkit.calendar.pause_limit`."
    expected = "Use `Clock` or `portalkit.calendar.pause_limit`."
    assert expected == MARKDOWN.plain_roles(text)


@given(st.text(alphabet=st.characters(blacklist_characters=">`:")))
def test_text_without_prompts_fences_or_roles_is_unchanged(text: str) -> None:
    assert text == MARKDOWN.plain_roles(MARKDOWN.fence_doctests(text))
