"""The guides show code of examples/ by section; each section exists and reaches the page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from portalkit.adapters.sqlite import load_migrations
from tests.docs.site import ROOT, page

GUIDES = sorted((ROOT / "docs" / "guides").glob("*.md"))
SNIPPET = re.compile(r'^--8<-- "([^":]+):([^"]+)"$', re.M)
INCLUSIONS = [
    (guide.relative_to(ROOT / "docs").as_posix(), path, section)
    for guide in GUIDES
    for path, section in SNIPPET.findall(guide.read_text(encoding="utf-8"))
]


def section_lines(path: str, section: str) -> list[str]:
    text = (ROOT / path).read_text(encoding="utf-8")
    found = re.search(
        rf"^# --8<-- \[start:{re.escape(section)}\]\n(.*?)^# --8<-- \[end:{re.escape(section)}\]",
        text,
        re.M | re.S,
    )
    assert found is not None, f"{path} has no section {section!r}"
    return [line for line in found.group(1).splitlines() if line.strip()]


def test_the_embedding_guide_includes_the_fastapi_and_own_storage_examples() -> None:
    assert {
        ("examples/fastapi_app.py", "wiring"),
        ("examples/fastapi_app.py", "errors"),
        ("examples/fastapi_app.py", "app"),
        ("examples/own_outbox.py", "outbox"),
        ("examples/own_outbox.py", "uow"),
        ("examples/own_outbox.py", "contract"),
    } <= {(path, section) for _, path, section in INCLUSIONS}


@pytest.mark.parametrize(("guide", "path", "section"), INCLUSIONS)
def test_each_included_section_appears_on_the_built_page(
    site: Path, guide: str, path: str, section: str
) -> None:
    shown = html.unescape(re.sub(r"<[^>]+>", "", page(site, guide)))
    missing = [line.strip() for line in section_lines(path, section) if line.strip() not in shown]
    assert missing == []
    assert "--8<--" not in shown


def test_the_deploy_guide_shows_the_schema_version_of_a_new_database() -> None:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    shown = re.findall(r"\(schema version (\d+)\)", text)
    assert shown == [str(len(load_migrations()))]
