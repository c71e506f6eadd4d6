"""The capability pages list every message code their area raises, so a reader finds them all."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from portalkit import message_catalog
from tests.docs.site import ROOT

CATALOG = message_catalog()

# page, the heading its list of codes starts at, the area's package
PAGES = [
    ("accounts.md", "## Errors", "portalkit.accounts"),
    ("tickets.md", "### Errors of the use cases", "portalkit.tickets"),
    ("service-changes.md", "## Errors", "portalkit.services"),
]


def codes_of(package: str) -> set[str]:
    """Return the codes of the package's exported errors and every code its source names."""
    module = importlib.import_module(package)
    exported = {
        value.code
        for value in (getattr(module, name) for name in module.__all__)
        if inspect.isclass(value)
        and issubclass(value, Exception)
        and isinstance(getattr(value, "code", None), str)
    }
    folder = Path(inspect.getfile(module)).parent
    source = "\n".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.py"))
    return exported | {code for code in CATALOG if f'"{code}"' in source}


@pytest.mark.parametrize(("page", "heading", "package"), PAGES)
def test_the_page_lists_every_code_of_its_area(page: str, heading: str, package: str) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert heading in text
    listed = text[text.index(heading) :]
    codes = codes_of(package)
    assert codes
    missing = sorted(code for code in codes if f"`{code}`" not in listed)
    assert missing == []
