"""The core does no I/O and never reads the clock: only adapters talk to the world."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "portalkit"
CORE_MODULES = sorted(
    path for path in SRC.rglob("*.py") if "adapters" not in path.relative_to(SRC).parts
)
IO_MODULES = {"flask", "sqlite3", "smtplib", "socket", "requests", "urllib", "http", "werkzeug"}
CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}


def imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def clock_reads(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in CLOCK_CALLS:
                found.append(f"{name}.{node.func.attr}() at line {node.lineno}")
    return found


def test_the_core_has_modules_to_check() -> None:
    assert len(CORE_MODULES) > 3


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_imports_no_io_library(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert imported_roots(tree) & IO_MODULES == set()


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_never_reads_the_system_clock(path: Path) -> None:
    assert clock_reads(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_checker_would_notice_a_clock_read_and_an_io_import() -> None:
    tree = ast.parse("import sqlite3\nimport datetime as dt\ndt.datetime.now()\n")
    assert imported_roots(tree) & IO_MODULES == {"sqlite3"}
    assert clock_reads(tree) == ["datetime.now() at line 3"]
