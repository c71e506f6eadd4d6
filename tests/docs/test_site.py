"""The documentation site: it builds strictly, and its reference pages match the code."""

from __future__ import annotations

import html
import importlib
import inspect
import re
from pathlib import Path

import pytest

from portalkit import PortalkitError, message_catalog
from tests.docs.site import load_tool, page

HOOKS = load_tool("docs_hooks")
DOCUMENTED = HOOKS.documented_modules()
CATALOG = message_catalog()


def text_of(markup: str) -> str:
    """Return the visible text of *markup*, with whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_the_site_builds_strictly(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "getting-started" / "index.html").is_file()


def test_the_documented_modules_are_the_core_packages_and_every_adapter() -> None:
    expected = {
        "portalkit",
        "portalkit.adapters.files",
        "portalkit.adapters.pwned",
        "portalkit.adapters.system",
        "portalkit.calendar",
        "portalkit.policy",
        "portalkit.testing",
        "portalkit.tickets",
    }
    # Packages merged later (accounts, services, more adapters) join this set by themselves.
    assert expected <= set(DOCUMENTED)
    assert "portalkit.clock" not in DOCUMENTED
    assert not any(part.startswith("_") for name in DOCUMENTED for part in name.split("."))


@pytest.mark.parametrize("module_name", DOCUMENTED)
def test_every_public_name_appears_in_the_api_reference(site: Path, module_name: str) -> None:
    reference = page(site, HOOKS.api_page_path(module_name))
    module = importlib.import_module(module_name)
    missing = [name for name in module.__all__ if f'id="{module_name}.{name}"' not in reference]
    assert missing == []


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_code_appears_in_the_error_table_with_both_texts(site: Path, code: str) -> None:
    table = page(site, HOOKS.ERROR_CODES_PAGE)
    row = re.search(rf"<tr>\s*<td><code>{re.escape(code)}</code></td>(.*?)</tr>", table, re.S)
    assert row is not None, f"{code} is not in the error table"
    cells = text_of(row.group(1))
    assert " ".join(CATALOG[code].de.split()) in cells
    assert " ".join(CATALOG[code].en.split()) in cells


def test_every_exported_error_class_is_named_with_its_code(site: Path) -> None:
    table = page(site, HOOKS.ERROR_CODES_PAGE)
    rows = re.findall(r"<tr>\s*<td><code>([a-z0-9_]+)</code></td>(.*?)</tr>", table, re.S)
    carriers = dict(rows)
    checked = 0
    for module_name in DOCUMENTED:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, PortalkitError) and "code" in vars(obj):
                assert f"#{HOOKS.public_path(obj)}" in carriers[obj.code], name
                checked += 1
    assert checked >= 20


def test_codes_raised_by_a_generic_error_name_that_error() -> None:
    carriers = HOOKS.raisers()
    assert any("ConflictError" in entry for entry in carriers["ticket_follow_up_needs_closed"])
    assert any(
        "PermissionDeniedError" in entry for entry in carriers["ticket_internal_note_agents_only"]
    )
    # InvalidReferenceNumberError picks its code in __init__.
    assert any("InvalidReference" in entry for entry in carriers["ticket_reference_check_digits"])
    assert any("PasswordPolicy" in entry for entry in carriers["too_short"])


def test_every_exported_rule_with_references_is_on_the_rules_page(site: Path) -> None:
    rules = page(site, HOOKS.RULES_PAGE)
    missing = []
    for module_name in DOCUMENTED:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            has_references = "References:" in (getattr(obj, "__doc__", None) or "")
            is_rule = inspect.isclass(obj) or inspect.isfunction(obj)
            link = f'href="../api/{module_name}/#{module_name}.{name}"'
            if has_references and is_rule and link not in rules:
                missing.append(f"{module_name}.{name}")
    assert missing == []


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_every_seed_is_named_as_a_source(site: Path, seed: str) -> None:
    assert f"seed {seed}" in text_of(page(site, HOOKS.RULES_PAGE))


def test_the_references_section_is_read_to_its_end() -> None:
    def rule() -> None:
        """Do a thing.

        References:
            seed 000 ("Quartal");
            DOMAIN.md § 3.

        Returns:
            Nothing.
        """

    assert HOOKS.references_of(rule) == 'seed 000 ("Quartal"); DOMAIN.md § 3.'


def test_a_docstring_without_references_has_none() -> None:
    assert HOOKS.references_of(test_a_docstring_without_references_has_none) is None
